package testkit

import (
	"context"
	"testing"
	"time"

	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/screening"
)

// Screened gives a client a clean safety screening taken at at, so that
// they may book (API.md: booking needs one at most 90 days old that does
// not block). set answers some IDs otherwise ("CI-04": "yes"); the rest
// are "no".
func Screened(t testing.TB, q db.Querier, clientID int64, at time.Time, set ...map[string]string) int64 {
	t.Helper()
	var answers map[string]string
	if len(set) > 0 {
		answers = set[0]
	}
	id, err := screening.Seed(context.Background(), q, clientID, at, answers)
	if err != nil {
		t.Fatalf("seed screening: %v", err)
	}
	return id
}
