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

// User is an account row.
type User struct {
	ID              int64
	Email           string
	Name            string
	Role            string
	PasswordHash    string
	TimeZone        string
	EmailVerifiedAt *time.Time
	CreatedAt       time.Time
}

const userColumns = `id, email, name, role, password_hash, time_zone, email_verified_at, created_at`

func scanUser(row interface{ Scan(...any) error }) (User, error) {
	var u User
	var verified sql.NullTime
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.PasswordHash, &u.TimeZone, &verified, &u.CreatedAt)
	if verified.Valid {
		t := verified.Time.UTC()
		u.EmailVerifiedAt = &t
	}
	u.CreatedAt = u.CreatedAt.UTC()
	return u, err
}

func oneUser(row *sql.Row, what string) (User, error) {
	u, err := scanUser(row)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, ErrNotFound
	}
	if err != nil {
		return User{}, fmt.Errorf("store: user by %s: %w", what, err)
	}
	return u, nil
}

// UserByID reads an account.
func UserByID(ctx context.Context, q db.Querier, id int64) (User, error) {
	return oneUser(q.QueryRowContext(ctx, `select `+userColumns+` from app_user where id = $1`, id), "id")
}

// UserByEmail reads an account by email address, ignoring case.
func UserByEmail(ctx context.Context, q db.Querier, email string) (User, error) {
	return oneUser(q.QueryRowContext(ctx, `select `+userColumns+` from app_user where lower(email) = lower($1)`, email), "email")
}

func updateOne(ctx context.Context, q db.Querier, what, query string, args ...any) error {
	res, err := q.ExecContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("store: %s: %w", what, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// SetPasswordHash replaces an account's password hash.
func SetPasswordHash(ctx context.Context, q db.Querier, id int64, hash string) error {
	return updateOne(ctx, q, "set password", `update app_user set password_hash = $2 where id = $1`, id, hash)
}

// SetEmail changes an account's address; it is unverified until proven.
func SetEmail(ctx context.Context, q db.Querier, id int64, email string) error {
	return updateOne(ctx, q, "set email", `update app_user set email = $2, email_verified_at = null where id = $1`, id, email)
}

// MarkEmailVerified records that the account's current address was proven.
func MarkEmailVerified(ctx context.Context, q db.Querier, id int64, email string, at time.Time) error {
	return updateOne(ctx, q, "verify email",
		`update app_user set email_verified_at = $3 where id = $1 and lower(email) = lower($2)`, id, email, at)
}

// SetProfileBasics changes an account's name and time zone.
func SetProfileBasics(ctx context.Context, q db.Querier, id int64, name, timeZone string) error {
	return updateOne(ctx, q, "set name and zone", `update app_user set name = $2, time_zone = $3 where id = $1`, id, name, timeZone)
}
