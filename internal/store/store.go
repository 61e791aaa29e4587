// Package store holds every SQL statement knead runs, one file per area.
// Functions take a db.Querier so that callers decide whether they run inside
// a transaction; they return apperr-style sentinels, never (nil, nil).
package store

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrNotFound means no row matched.
var ErrNotFound = errors.New("store: not found")

// splitList turns a comma-joined aggregate into a slice.
func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// nullTime scans a time that may be NULL. Aggregates such as max(at) lose
// SQLite's column type and come back as text, so text is parsed too.
type nullTime struct{ t **time.Time }

func (n *nullTime) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*n.t = nil
		return nil
	case time.Time:
		u := v.UTC()
		*n.t = &u
		return nil
	case string:
		return n.parse(v)
	case []byte:
		return n.parse(string(v))
	}
	return fmt.Errorf("store: cannot scan %T as a time", src)
}

func (n *nullTime) parse(s string) error {
	for _, layout := range []string{"2006-01-02 15:04:05.999999999-07:00", time.RFC3339Nano, "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			u := t.UTC()
			*n.t = &u
			return nil
		}
	}
	return fmt.Errorf("store: cannot parse time %q", s)
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
