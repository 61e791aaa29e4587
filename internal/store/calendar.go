package store

import (
	"context"
	"fmt"
	"time"

	"github.com/knead/knead/internal/db"
)

// ReplaceCalendarFeed stores the hash of a person's new feed token; the
// previous token, if any, stops working in the same statement.
func ReplaceCalendarFeed(ctx context.Context, q db.Querier, userID int64, hash string, now time.Time) error {
	_, err := q.ExecContext(ctx, `insert into calendar_feed (user_id, token_hash, created_at) values ($1, $2, $3)
		on conflict (user_id) do update set token_hash = excluded.token_hash, created_at = excluded.created_at`,
		userID, hash, now)
	if err != nil {
		return fmt.Errorf("store: replace calendar feed: %w", err)
	}
	return nil
}

// DeleteCalendarFeed removes a person's feed token; having none is fine.
func DeleteCalendarFeed(ctx context.Context, q db.Querier, userID int64) error {
	if _, err := q.ExecContext(ctx, `delete from calendar_feed where user_id = $1`, userID); err != nil {
		return fmt.Errorf("store: delete calendar feed: %w", err)
	}
	return nil
}

// CalendarFeedCreated says when a person's feed token was made, or
// ErrNotFound when they have none.
func CalendarFeedCreated(ctx context.Context, q db.Querier, userID int64) (time.Time, error) {
	var at time.Time
	err := q.QueryRowContext(ctx, `select created_at from calendar_feed where user_id = $1`, userID).Scan(&at)
	if isNoRows(err) {
		return time.Time{}, ErrNotFound
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("store: calendar feed: %w", err)
	}
	return at.UTC(), nil
}

// UserByCalendarFeed finds the account whose feed token has this hash.
func UserByCalendarFeed(ctx context.Context, q db.Querier, hash string) (User, error) {
	return oneUser(q.QueryRowContext(ctx, `select `+userColumns+` from app_user
		where id = (select user_id from calendar_feed where token_hash = $1)`, hash), "calendar feed")
}
