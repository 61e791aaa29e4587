package store

import (
	"context"
	"fmt"
	"time"

	"github.com/knead/knead/internal/db"
)

// Passkey is a stored WebAuthn credential; Data is the library's JSON.
type Passkey struct {
	ID           int64
	UserID       int64
	CredentialID []byte
	Name         string
	Data         string
	CreatedAt    time.Time
	LastUsedAt   *time.Time
}

// InsertPasskey stores a new credential.
func InsertPasskey(ctx context.Context, q db.Querier, p Passkey) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `insert into passkey (user_id, credential_id, name, data, created_at)
		values ($1, $2, $3, $4, $5) returning id`, p.UserID, p.CredentialID, p.Name, p.Data, p.CreatedAt).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: insert passkey: %w", err)
	}
	return id, nil
}

// PasskeysOf lists an account's passkeys, oldest first.
func PasskeysOf(ctx context.Context, q db.Querier, userID int64) ([]Passkey, error) {
	rows, err := q.QueryContext(ctx, `select id, user_id, credential_id, name, data, created_at, last_used_at
		from passkey where user_id = $1 order by id`, userID)
	if err != nil {
		return nil, fmt.Errorf("store: passkeys: %w", err)
	}
	defer rows.Close()
	var out []Passkey
	for rows.Next() {
		var p Passkey
		if err := rows.Scan(&p.ID, &p.UserID, &p.CredentialID, &p.Name, &p.Data, &p.CreatedAt, &nullTime{&p.LastUsedAt}); err != nil {
			return nil, fmt.Errorf("store: passkeys: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// UpdatePasskeyUse stores the credential after a sign-in (its counter moves).
func UpdatePasskeyUse(ctx context.Context, q db.Querier, userID int64, credentialID []byte, data string, at time.Time) error {
	return updateOne(ctx, q, "update passkey", `update passkey set data = $3, last_used_at = $4
		where user_id = $1 and credential_id = $2`, userID, credentialID, data, at)
}

// DeletePasskey removes one of an account's passkeys.
func DeletePasskey(ctx context.Context, q db.Querier, userID, id int64) error {
	return updateOne(ctx, q, "delete passkey", `delete from passkey where user_id = $1 and id = $2`, userID, id)
}
