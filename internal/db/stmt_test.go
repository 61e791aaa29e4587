package db_test

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"testing"

	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/testkit"
)

// TestStatementsNest: the same query run again while its first rows are
// still open (in a SQLite transaction, and outside one) gets a statement
// of its own; both read what they should, and the statement serves again
// after.
func TestStatementsNest(t *testing.T) {
	d := testkit.OpenDB(t)
	ctx := context.Background()
	for _, e := range []string{"n1@example.test", "n2@example.test", "n3@example.test"} {
		if err := insertUser(ctx, d.W(), e); err != nil {
			t.Fatal(err)
		}
	}
	const q = `select email from app_user where email >= $1 order by email`
	nested := func(qr db.Querier) []string {
		rows, err := qr.QueryContext(ctx, q, "n1@example.test")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var got []string
		for rows.Next() {
			var e, next string
			if err := rows.Scan(&e); err != nil {
				t.Fatal(err)
			}
			// The same text again, its first rows still open.
			if err := qr.QueryRowContext(ctx, q, e+"~").Scan(&next); err != nil && !errors.Is(err, sql.ErrNoRows) {
				t.Fatal(err)
			}
			got = append(got, e+">"+next)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return got
	}
	want := []string{"n1@example.test>n2@example.test", "n2@example.test>n3@example.test", "n3@example.test>"}
	for round := range 2 { // the second round reuses what the first prepared
		if got := nested(d.R()); !slices.Equal(got, want) {
			t.Errorf("round %d outside a transaction: %v, want %v", round, got, want)
		}
		if d.Dialect == db.Postgres {
			continue // pgx refuses a second query on a connection with rows open
		}
		_ = d.InTx(ctx, func(tx db.Tx) error {
			if got := nested(tx); !slices.Equal(got, want) {
				t.Errorf("round %d in a transaction: %v, want %v", round, got, want)
			}
			return nil
		})
	}
}
