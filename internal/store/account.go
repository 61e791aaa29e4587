package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/knead/knead/internal/db"
)

// NewUser is an account to create.
type NewUser struct {
	Email           string
	Name            string
	Role            string
	PasswordHash    string
	TimeZone        string
	EmailVerifiedAt *time.Time
	CreatedAt       time.Time
}

// InsertUser creates an account and returns its id.
func InsertUser(ctx context.Context, q db.Querier, u NewUser) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `insert into app_user
		(email, name, role, password_hash, time_zone, email_verified_at, created_at)
		values ($1, $2, $3, $4, $5, $6, $7) returning id`,
		u.Email, u.Name, u.Role, u.PasswordHash, u.TimeZone, u.EmailVerifiedAt, u.CreatedAt).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: insert user: %w", err)
	}
	return id, nil
}

// UserIDByEmail finds an account by email, ignoring case.
func UserIDByEmail(ctx context.Context, q db.Querier, email string) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `select id from app_user where lower(email) = lower($1)`, email).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ErrNotFound
	}
	if err != nil {
		return 0, fmt.Errorf("store: user by email: %w", err)
	}
	return id, nil
}

// CountUsers counts accounts by role.
func CountUsers(ctx context.Context, q db.Querier) (map[string]int, error) {
	rows, err := q.QueryContext(ctx, `select role, count(*) from app_user group by role`)
	if err != nil {
		return nil, fmt.Errorf("store: count users: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var role string
		var n int
		if err := rows.Scan(&role, &n); err != nil {
			return nil, fmt.Errorf("store: count users: %w", err)
		}
		out[role] = n
	}
	return out, rows.Err()
}
