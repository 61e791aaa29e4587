// Package store holds every SQL statement knead runs, one file per area.
// Functions take a db.Querier so that callers decide whether they run inside
// a transaction; they return apperr-style sentinels, never (nil, nil).
package store

import (
	"errors"
	"strings"
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
