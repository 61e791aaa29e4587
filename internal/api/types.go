package api

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/knead/knead/internal/apperr"
)

// ID is an id in JSON: a string (API.md), though a number is accepted.
type ID int64

// UnmarshalJSON reads "123" or 123.
func (id *ID) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return fmt.Errorf("not an id")
	}
	*id = ID(n)
	return nil
}

// MarshalJSON writes the id as a string.
func (id ID) MarshalJSON() ([]byte, error) { return json.Marshal(strconv.FormatInt(int64(id), 10)) }

// pathID reads an id from the URL path; a malformed one is not-found.
func pathID(s string) (int64, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return 0, apperr.ErrNotFound.With("No record has this id.")
	}
	return n, nil
}

// instant parses an RFC 3339 time with an offset for field.
func instant(f apperr.Fields, field, s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	f.Check(s != "", field, "Give "+field+" as an RFC 3339 time with an offset, e.g. 2026-12-01T17:00:00-05:00.")
	f.Check(s == "" || err == nil, field, "This is not an RFC 3339 time with an offset, e.g. 2026-12-01T17:00:00-05:00.")
	return t
}

// money is API.md's price.
type money struct {
	Amount   int64  `json:"amount"`
	Currency string `json:"currency"`
}

func timeOut(t time.Time, zone *time.Location) string { return t.In(zone).Format(time.RFC3339) }
