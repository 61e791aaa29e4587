package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/knead/knead/internal/db"
)

// IdempotentReply is a stored first answer to a POST.
type IdempotentReply struct {
	RequestHash string
	Done        bool // false while the first request is still running
	Status      int
	ContentType string
	Body        []byte
}

// ClaimIdempotencyKey records that a request with this key has started. It
// returns claimed=false and the stored row when the key was already used
// (and not older than since).
func ClaimIdempotencyKey(ctx context.Context, q db.Querier, scope, key, requestHash string, now, since time.Time) (claimed bool, prior IdempotentReply, err error) {
	// A stale row from more than 24 h ago is no longer a promise: it is
	// replaced, in the same statement (one statement fewer on every POST).
	res, err := q.ExecContext(ctx, `insert into idempotency_key (scope, key, request_hash, created_at)
		values ($1, $2, $3, $4) on conflict (scope, key) do update set request_hash = excluded.request_hash,
		  status = null, content_type = '', body = null, created_at = excluded.created_at
		where idempotency_key.created_at <= $5`, scope, key, requestHash, now, since)
	if err != nil {
		return false, prior, fmt.Errorf("store: claim idempotency key: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return true, prior, nil
	}
	var status sql.NullInt64
	err = q.QueryRowContext(ctx, `select request_hash, status, content_type, body from idempotency_key
		where scope = $1 and key = $2`, scope, key).Scan(&prior.RequestHash, &status, &prior.ContentType, &prior.Body)
	if errors.Is(err, sql.ErrNoRows) { // removed between our insert and read: let the caller retry
		return false, prior, ErrNotFound
	}
	if err != nil {
		return false, prior, fmt.Errorf("store: read idempotency key: %w", err)
	}
	prior.Done, prior.Status = status.Valid, int(status.Int64)
	return false, prior, nil
}

// FinishIdempotencyKey stores the answer to replay.
func FinishIdempotencyKey(ctx context.Context, q db.Querier, scope, key string, status int, contentType string, body []byte) error {
	if _, err := q.ExecContext(ctx, `update idempotency_key set status = $3, content_type = $4, body = $5
		where scope = $1 and key = $2`, scope, key, status, contentType, body); err != nil {
		return fmt.Errorf("store: finish idempotency key: %w", err)
	}
	return nil
}

// ReleaseIdempotencyKey forgets a claimed key whose request could not
// finish (a panic or a crash-free abort), so the client may retry.
func ReleaseIdempotencyKey(ctx context.Context, q db.Querier, scope, key string) error {
	if _, err := q.ExecContext(ctx, `delete from idempotency_key where scope = $1 and key = $2 and status is null`,
		scope, key); err != nil {
		return fmt.Errorf("store: release idempotency key: %w", err)
	}
	return nil
}
