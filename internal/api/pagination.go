package api

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/knead/knead/internal/apperr"
)

// Page sizes of API.md: lists answer DefaultLimit items unless asked for
// up to MaxLimit.
const (
	DefaultLimit = 20
	MaxLimit     = 100
	// maxCursorLen bounds what a client may send back; real cursors hold a
	// few short keys.
	maxCursorLen = 1024
)

// Page is where a list request starts and how much it wants. Lists use
// keyset pagination: a query orders by a unique key (say start time, then
// ID), fetches Limit+1 rows after the cursor's key, and answers the first
// Limit with the last one's key as next_cursor.
//
// A cursor is opaque to clients but not secret or signed: it is only a
// position, so every query must still apply the caller's own filters.
type Page struct {
	Limit int
	after []json.RawMessage // the cursor's keys; nil on the first page
}

// Fetch is how many rows a list query should ask for: one more than the
// page, to learn whether another page follows (see PageOf).
func (p Page) Fetch() int { return p.Limit + 1 }

// First reports whether the request has no cursor: the list's first page.
func (p Page) First() bool { return p.after == nil }

// ParsePage reads limit and cursor from the query string. A limit that is
// not a whole number from 1 to MaxLimit, or a cursor this server did not
// make, is 422 with the field named.
func ParsePage(r *http.Request) (Page, error) {
	q := r.URL.Query()
	p := Page{Limit: DefaultLimit}
	f := apperr.Fields{}
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		f.Check(err == nil && n >= 1 && n <= MaxLimit, "limit",
			"Use a whole number from 1 to "+strconv.Itoa(MaxLimit)+".")
		p.Limit = n
	}
	if s := q.Get("cursor"); s != "" {
		keys, ok := decodeCursor(s)
		f.Check(ok, "cursor", "This cursor is not valid. Pass next_cursor back unchanged, or leave cursor out to start again.")
		p.after = keys
	}
	if err := f.Err(); err != nil {
		return Page{}, err
	}
	return p, nil
}

// After decodes the cursor's keys into dst, one pointer per key, in the
// order NextCursor was given them (*int64, *string, *time.Time, …). A cursor
// with another number or kind of keys — altered, or from another list — is
// 422 with the field "cursor". Call it only when !First().
func (p Page) After(dst ...any) error {
	bad := apperr.Fields{"cursor": "This cursor does not belong to this list. Leave cursor out to start again."}.Err()
	if len(p.after) != len(dst) {
		return bad
	}
	for i, raw := range p.after {
		if err := json.Unmarshal(raw, dst[i]); err != nil {
			return bad
		}
	}
	return nil
}

// cursor is what a cursor holds before base64url encoding.
type cursor struct {
	K []json.RawMessage `json:"k"`
}

// NextCursor makes the cursor that continues a list after the row with
// these keys. Keys must survive a JSON round trip: integers, strings,
// booleans, time.Time.
func NextCursor(keys ...any) *string {
	raw := make([]json.RawMessage, len(keys))
	for i, k := range keys {
		b, err := json.Marshal(k)
		if err != nil {
			panic("api: cursor key " + strconv.Itoa(i) + ": " + err.Error()) // a programming error
		}
		raw[i] = b
	}
	b, _ := json.Marshal(cursor{K: raw})
	s := base64.RawURLEncoding.EncodeToString(b)
	return &s
}

// PageOf trims rows fetched with Limit+1 to the page and makes next_cursor
// from the last row kept, or nil when no more rows follow.
func PageOf[T any](p Page, rows []T, keys func(T) []any) ([]T, *string) {
	if len(rows) <= p.Limit {
		return rows, nil
	}
	rows = rows[:p.Limit]
	return rows, NextCursor(keys(rows[len(rows)-1])...)
}

func decodeCursor(s string) ([]json.RawMessage, bool) {
	if len(s) > maxCursorLen {
		return nil, false
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var c cursor
	if err := dec.Decode(&c); err != nil || dec.More() || len(c.K) == 0 {
		return nil, false
	}
	for _, k := range c.K {
		if len(k) == 0 || k[0] == '{' || k[0] == '[' || string(k) == "null" {
			return nil, false // keys are scalars
		}
	}
	return c.K, true
}
