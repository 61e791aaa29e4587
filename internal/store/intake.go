package store

import (
	"context"
	"fmt"
	"time"

	"github.com/knead/knead/internal/db"
)

// Intake is a stored intake; Data is JSON text, read and written by the
// intake area.
type Intake struct {
	ID, ClientID                int64
	Data, Steps                 string
	ScreeningID                 *int64
	ConsentName, ConsentVersion string
	CreatedAt, UpdatedAt        time.Time
	SubmittedAt                 *time.Time
}

const intakeColumns = `id, client_id, data, steps, screening_id, coalesce(consent_name, ''), coalesce(consent_version, ''),
	created_at, updated_at, submitted_at`

// DraftIntake is the client's intake in progress; ErrNotFound when none.
func DraftIntake(ctx context.Context, q db.Querier, clientID int64) (Intake, error) {
	return scanIntake(q.QueryRowContext(ctx, `select `+intakeColumns+` from intake
		where client_id = $1 and submitted_at is null`, clientID))
}

// LockDraftIntake takes the client's draft's row lock for the rest of the
// transaction (a no-op update: portable where "select … for update" is
// not), so two saves of one draft do not both read it and lose a step.
// SQLite's write transactions are already one at a time.
func LockDraftIntake(ctx context.Context, q db.Querier, clientID int64) error {
	_, err := changed(ctx, q, `update intake set updated_at = updated_at where client_id = $1 and submitted_at is null`, clientID)
	return err
}

// LatestIntake is the client's newest intake — the draft if there is one,
// else the last submitted — or, with submitted, the last submitted only.
func LatestIntake(ctx context.Context, q db.Querier, clientID int64, submitted bool) (Intake, error) {
	return scanIntake(q.QueryRowContext(ctx, `select `+intakeColumns+` from intake
		where client_id = $1 and ($2 = false or submitted_at is not null)
		order by (submitted_at is null) desc, id desc limit 1`, clientID, submitted))
}

// InsertIntake starts a draft; the unique index keeps one draft a client.
// When another request started one first, ok is false and the caller
// reads that one (on PostgreSQL the insert waits for it to commit).
func InsertIntake(ctx context.Context, q db.Querier, in Intake) (id int64, ok bool, err error) {
	err = q.QueryRowContext(ctx, `insert into intake (client_id, data, steps, created_at, updated_at)
		values ($1, $2, $3, $4, $4) on conflict (client_id) where submitted_at is null do nothing returning id`,
		in.ClientID, in.Data, in.Steps, in.CreatedAt).Scan(&id)
	switch {
	case isNoRows(err):
		return 0, false, nil
	case err != nil:
		return 0, false, fmt.Errorf("store: insert intake: %w", err)
	}
	return id, true, nil
}

// SaveIntakeDraft writes a draft's data and steps; ErrNotFound once it is
// submitted.
func SaveIntakeDraft(ctx context.Context, q db.Querier, in Intake) error {
	ok, err := changed(ctx, q, `update intake set data = $2, steps = $3, screening_id = $4, updated_at = $5
		where id = $1 and submitted_at is null`, in.ID, in.Data, in.Steps, in.ScreeningID, in.UpdatedAt)
	if err == nil && !ok {
		err = ErrNotFound
	}
	return err
}

// SubmitIntake closes a draft with the consent given.
func SubmitIntake(ctx context.Context, q db.Querier, id int64, name, version string, at time.Time) error {
	ok, err := changed(ctx, q, `update intake set consent_name = $2, consent_version = $3, submitted_at = $4,
		updated_at = $4 where id = $1 and submitted_at is null`, id, name, version, at)
	if err == nil && !ok {
		err = ErrNotFound
	}
	return err
}

func scanIntake(row interface{ Scan(...any) error }) (Intake, error) {
	var in Intake
	err := row.Scan(&in.ID, &in.ClientID, &in.Data, &in.Steps, &in.ScreeningID, &in.ConsentName, &in.ConsentVersion,
		&in.CreatedAt, &in.UpdatedAt, &nullTime{&in.SubmittedAt})
	switch {
	case isNoRows(err):
		return in, ErrNotFound
	case err != nil:
		return in, fmt.Errorf("store: intake: %w", err)
	}
	return in, nil
}
