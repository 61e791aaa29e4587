package api

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/knead/knead/internal/apperr"
)

// ID is an id in JSON: a string (API.md), though a number is accepted.
type ID int64

// UnmarshalJSON reads "123" or 123; null leaves the id unset, as when the
// member is left out.
func (id *ID) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
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

// Instants are taken from these years: outside them zones have only local
// mean time (offsets in seconds, which RFC 3339 cannot write) and a series
// could run past year 9999, which it cannot write either.
const firstYear, lastYear = 1900, 9000

// instant parses an RFC 3339 time with an offset for field.
func instant(f apperr.Fields, field, s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	f.Check(s != "", field, "Give "+field+" as an RFC 3339 time with an offset, e.g. 2026-12-01T17:00:00-05:00.")
	f.Check(s == "" || err == nil, field, "This is not an RFC 3339 time with an offset, e.g. 2026-12-01T17:00:00-05:00.")
	if y := t.UTC().Year(); err == nil && s != "" && (y < firstYear || y > lastYear) {
		f.Add(field, fmt.Sprintf("Give a time from the years %d to %d.", firstYear, lastYear))
		return time.Time{}
	}
	return t
}

// queryInstant reads an instant from the query string. A "+" of an offset
// that was not percent-encoded arrives as a space; RFC 3339 has no spaces,
// so it is read as the "+" it was.
func queryInstant(f apperr.Fields, q url.Values, field string) time.Time {
	return instant(f, field, strings.ReplaceAll(q.Get(field), " ", "+"))
}

// money is API.md's price.
type money struct {
	Amount   int64  `json:"amount"`
	Currency string `json:"currency"`
}

func timeOut(t time.Time, zone *time.Location) string { return t.In(zone).Format(time.RFC3339) }
