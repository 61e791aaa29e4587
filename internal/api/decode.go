package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/knead/knead/internal/apperr"
)

// decode reads a JSON body into dst. Broken JSON is 400 malformed; a field
// of the wrong type is 422 with that field named; a body over the limit is
// 413. Unknown fields are ignored, so clients may send more than we read.
func decode(r *http.Request, dst any) error {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return apperr.ErrTooLarge.With("The request body is larger than 1 MiB.")
		}
		return apperr.ErrMalformed.With("The request body could not be read.")
	}
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return apperr.ErrMalformed.With("Send JSON with Content-Type: application/json.")
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return apperr.ErrMalformed.With("The request body is empty; send a JSON object.")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(dst); err != nil {
		if te, ok := errors.AsType[*json.UnmarshalTypeError](err); ok && te.Field != "" {
			return apperr.Fields{te.Field: "Must be " + jsonKind(te.Type.Kind().String()) + "."}.Err()
		}
		return apperr.ErrMalformed.With("The request body is not valid JSON: " + err.Error())
	}
	if dec.More() {
		return apperr.ErrMalformed.With("The request body holds more than one JSON value.")
	}
	return nil
}

func jsonKind(goKind string) string {
	switch goKind {
	case "string":
		return "a string"
	case "bool":
		return "true or false"
	case "slice", "array":
		return "an array"
	case "map", "struct":
		return "an object"
	}
	return "a number"
}
