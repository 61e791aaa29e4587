package store

import (
	"context"
	"fmt"
	"time"

	"github.com/knead/knead/internal/db"
)

// RecordSignInFailure notes one failed sign-in.
func RecordSignInFailure(ctx context.Context, q db.Querier, emailKey, address string, at time.Time) error {
	if _, err := q.ExecContext(ctx, `insert into signin_failure (email_key, address, at) values ($1, $2, $3)`,
		emailKey, address, at); err != nil {
		return fmt.Errorf("store: record sign-in failure: %w", err)
	}
	return nil
}

// SignInFailures counts failures since a time for an email and for an
// address, and returns the latest of each.
func SignInFailures(ctx context.Context, q db.Querier, emailKey, address string, since time.Time) (byEmail, byAddress int, lastEmail, lastAddress time.Time, err error) {
	for _, c := range []struct {
		col  string
		val  string
		n    *int
		last *time.Time
	}{{"email_key", emailKey, &byEmail, &lastEmail}, {"address", address, &byAddress, &lastAddress}} {
		var last *time.Time
		err = q.QueryRowContext(ctx, `select count(*), max(at) from signin_failure where `+c.col+` = $1 and at > $2`,
			c.val, since).Scan(c.n, &nullTime{&last})
		if err != nil {
			return 0, 0, time.Time{}, time.Time{}, fmt.Errorf("store: sign-in failures: %w", err)
		}
		if last != nil {
			*c.last = *last
		}
	}
	return byEmail, byAddress, lastEmail, lastAddress, nil
}

// ClearSignInFailures forgets an email's failures after a good sign-in, and
// sweeps every failure older than before.
func ClearSignInFailures(ctx context.Context, q db.Querier, emailKey string, before time.Time) error {
	if _, err := q.ExecContext(ctx, `delete from signin_failure where email_key = $1 or at < $2`, emailKey, before); err != nil {
		return fmt.Errorf("store: clear sign-in failures: %w", err)
	}
	return nil
}
