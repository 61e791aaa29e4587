package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/knead/knead/internal/apperr"
)

// decode reads a JSON object into dst, a pointer to a struct. A body that is
// not one UTF-8 JSON object is 400 malformed; a body over the limit is 413;
// members that do not fit their field (a wrong type, an ID that is not
// one), and text holding control characters other than tab and line
// breaks, are 422 with each such field named. Unknown
// members are ignored, so clients may send more than we read.
func decode(r *http.Request, dst any) error {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return apperr.ErrTooLarge.With("The request body is larger than 1 MiB.")
		}
		return apperr.ErrMalformed.With("The request body could not be read.")
	}
	if ct := r.Header.Get("Content-Type"); ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
			return apperr.ErrMalformed.With("Send JSON with Content-Type: application/json.")
		}
	}
	trimmed := bytes.TrimSpace(body)
	switch {
	case len(trimmed) == 0:
		return apperr.ErrMalformed.With("The request body is empty; send a JSON object.")
	case !utf8.Valid(body):
		return apperr.ErrMalformed.With("The request body is not UTF-8.")
	case trimmed[0] != '{':
		return apperr.ErrMalformed.With("The request body must be a JSON object.")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	err = dec.Decode(dst)
	if dec.More() {
		return apperr.ErrMalformed.With("The request body holds more than one JSON value.")
	}
	if err != nil && !json.Valid(body) {
		return apperr.ErrMalformed.With("The request body is not valid JSON: " + err.Error())
	}
	f := apperr.Fields{}
	if err != nil {
		// Valid JSON that does not fit: the decoder names only the first
		// such member, so try each on its own to name them all.
		badMembers(f, body, dst)
		if len(f) == 0 {
			f.Add(memberOf(err), fieldMessage(err))
		}
	}
	controlChars(f, reflect.ValueOf(dst), "")
	return f.Err()
}

// fieldMessage says what is wrong with a member that did not decode: its
// JSON type, or what its own decoder said (an ID's "not an id").
func fieldMessage(err error) string {
	if te, ok := errors.AsType[*json.UnmarshalTypeError](err); ok {
		return "Must be " + jsonKind(te.Type.Kind()) + "."
	}
	msg := strings.TrimSuffix(err.Error(), ".")
	if msg == "" {
		return "This value is not valid."
	}
	return strings.ToUpper(msg[:1]) + msg[1:] + "."
}

// memberOf names the member a decoding error is about, "" when unknown.
func memberOf(err error) string {
	if te, ok := errors.AsType[*json.UnmarshalTypeError](err); ok {
		return te.Field
	}
	return ""
}

// badMembers names each top-level member of body that does not decode into
// its field of the struct dst points to.
func badMembers(f apperr.Fields, body []byte, dst any) {
	var members map[string]json.RawMessage
	t := reflect.TypeOf(dst).Elem()
	if json.Unmarshal(body, &members) != nil || t.Kind() != reflect.Struct {
		return
	}
	for i := range t.NumField() {
		name := jsonName(t.Field(i))
		raw, ok := members[name]
		if name == "" || !ok {
			continue
		}
		if err := json.Unmarshal(raw, reflect.New(t.Field(i).Type).Interface()); err != nil {
			field := name
			if m := memberOf(err); m != "" {
				field += "." + m
			}
			f.Add(field, fieldMessage(err))
		}
	}
}

// controlChars names each field of v whose text holds a control character
// other than tab, line feed and carriage return. Such characters are never
// meant in what people type, and PostgreSQL cannot store NUL.
func controlChars(f apperr.Fields, v reflect.Value, path string) {
	switch v.Kind() {
	case reflect.String:
		if strings.ContainsFunc(v.String(), isControl) {
			f.Add(path, "Remove the control characters.")
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			controlChars(f, v.Elem(), path)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			controlChars(f, v.Index(i), path)
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			controlChars(f, it.Key(), path)
			controlChars(f, it.Value(), path)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			sf := v.Type().Field(i)
			name := jsonName(sf)
			switch {
			case sf.Anonymous && sf.Tag.Get("json") == "":
				controlChars(f, v.Field(i), path)
			case name != "":
				if path != "" {
					name = path + "." + name
				}
				controlChars(f, v.Field(i), name)
			}
		}
	}
}

func isControl(r rune) bool {
	return r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r >= 0x7f && r <= 0x9f
}

// jsonName is the member name of an exported struct field, "" for none.
func jsonName(sf reflect.StructField) string {
	if !sf.IsExported() {
		return ""
	}
	name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
	switch name {
	case "-":
		return ""
	case "":
		return sf.Name
	}
	return name
}

func jsonKind(k reflect.Kind) string {
	switch k {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Map, reflect.Struct:
		return "an object"
	}
	return "a number"
}
