package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/knead/knead/internal/db"
)

// InsertAPIToken stores a token's hash and returns its id.
func InsertAPIToken(ctx context.Context, q db.Querier, userID int64, hash string, now, expires time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `insert into api_token (user_id, token_hash, created_at, expires_at)
		values ($1, $2, $3, $4) returning id`, userID, hash, now, expires).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: insert api token: %w", err)
	}
	return id, nil
}

// UserByAPIToken finds the account of a live token (not expired at now, not
// revoked) and returns it with the token's id.
func UserByAPIToken(ctx context.Context, q db.Querier, hash string, now time.Time) (User, int64, error) {
	var tokenID int64
	row := q.QueryRowContext(ctx, `select t.id, u.id, u.email, u.name, u.role, u.password_hash, u.time_zone,
		u.email_verified_at, u.created_at
		from api_token t join app_user u on u.id = t.user_id
		where t.token_hash = $1 and t.revoked_at is null and t.expires_at > $2`, hash, now)
	var u User
	var verified sql.NullTime
	err := row.Scan(&tokenID, &u.ID, &u.Email, &u.Name, &u.Role, &u.PasswordHash, &u.TimeZone, &verified, &u.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, 0, ErrNotFound
	}
	if err != nil {
		return User{}, 0, fmt.Errorf("store: user by api token: %w", err)
	}
	if verified.Valid {
		t := verified.Time.UTC()
		u.EmailVerifiedAt = &t
	}
	return u, tokenID, nil
}

// RevokeAPIToken makes a token stop working at once.
func RevokeAPIToken(ctx context.Context, q db.Querier, id int64, now time.Time) error {
	return updateOne(ctx, q, "revoke api token",
		`update api_token set revoked_at = $2 where id = $1 and revoked_at is null`, id, now)
}

// AccountToken is a one-time link's record.
type AccountToken struct {
	ID        int64
	UserID    int64
	Purpose   string
	Email     string
	ExpiresAt time.Time
	UsedAt    *time.Time
}

// InsertAccountToken stores a one-time link's hash. Earlier unused links of
// the same purpose stop working, so only the newest email's link is good.
func InsertAccountToken(ctx context.Context, q db.Querier, t AccountToken, hash string, now time.Time) error {
	if _, err := q.ExecContext(ctx, `update account_token set used_at = $3
		where user_id = $1 and purpose = $2 and used_at is null`, t.UserID, t.Purpose, now); err != nil {
		return fmt.Errorf("store: retire account tokens: %w", err)
	}
	if _, err := q.ExecContext(ctx, `insert into account_token (user_id, purpose, token_hash, email, created_at, expires_at)
		values ($1, $2, $3, $4, $5, $6)`, t.UserID, t.Purpose, hash, t.Email, now, t.ExpiresAt); err != nil {
		return fmt.Errorf("store: insert account token: %w", err)
	}
	return nil
}

// UseAccountToken marks a live one-time link used and returns it; a used,
// expired or unknown link is ErrNotFound.
func UseAccountToken(ctx context.Context, q db.Querier, purpose, hash string, now time.Time) (AccountToken, error) {
	var t AccountToken
	err := q.QueryRowContext(ctx, `update account_token set used_at = $3
		where purpose = $1 and token_hash = $2 and used_at is null and expires_at > $3
		returning id, user_id, purpose, email, expires_at`, purpose, hash, now).
		Scan(&t.ID, &t.UserID, &t.Purpose, &t.Email, &t.ExpiresAt)
	if errors.Is(err, sql.ErrNoRows) {
		return AccountToken{}, ErrNotFound
	}
	if err != nil {
		return AccountToken{}, fmt.Errorf("store: use account token: %w", err)
	}
	return t, nil
}

// RevokeAllAPITokens stops every token of an account (after a password
// change or reset: whoever knew the old password may hold one).
func RevokeAllAPITokens(ctx context.Context, q db.Querier, userID int64, now time.Time) error {
	if _, err := q.ExecContext(ctx, `update api_token set revoked_at = $2 where user_id = $1 and revoked_at is null`, userID, now); err != nil {
		return fmt.Errorf("store: revoke tokens: %w", err)
	}
	return nil
}
