package store

import (
	"context"
	"fmt"
	"time"

	"github.com/knead/knead/internal/db"
)

// Screening is a stored safety screening. Answers, Conditions and Result
// are JSON text, read and written by the screening area.
type Screening struct {
	ID, ClientID                int64
	TakenAt                     time.Time
	RuleVersion, DateOfBirth    string
	Answers, Conditions, Result string
	Clinician, SeenOn, Note     string
	AttestedAt                  *time.Time // nil until a clearance is attested
}

// InsertScreening stores a screening.
func InsertScreening(ctx context.Context, q db.Querier, s Screening) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `insert into screening (client_id, taken_at, rule_version, date_of_birth,
		answers, conditions, result) values ($1, $2, $3, $4, $5, $6, $7) returning id`,
		s.ClientID, s.TakenAt, s.RuleVersion, s.DateOfBirth, s.Answers, s.Conditions, s.Result).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: insert screening: %w", err)
	}
	return id, nil
}

const screeningColumns = `id, client_id, taken_at, rule_version, date_of_birth, answers, conditions, result,
	coalesce(clinician, ''), coalesce(seen_on, ''), coalesce(clearance_note, ''), attested_at`

// ClientScreenings lists a client's screenings, newest first.
func ClientScreenings(ctx context.Context, q db.Querier, clientID int64) ([]Screening, error) {
	rows, err := q.QueryContext(ctx, `select `+screeningColumns+` from screening where client_id = $1
		order by taken_at desc, id desc`, clientID)
	if err != nil {
		return nil, fmt.Errorf("store: screenings: %w", err)
	}
	defer rows.Close()
	var out []Screening
	for rows.Next() {
		s, err := scanScreening(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// ClientScreening reads one of a client's screenings; another client's is
// ErrNotFound, like a missing one.
func ClientScreening(ctx context.Context, q db.Querier, clientID, id int64) (Screening, error) {
	s, err := scanScreening(q.QueryRowContext(ctx, `select `+screeningColumns+` from screening
		where id = $1 and client_id = $2`, id, clientID))
	if isNoRows(err) {
		return s, ErrNotFound
	}
	return s, err
}

// ClearScreening records a clearance once; false when the screening already
// had one.
func ClearScreening(ctx context.Context, q db.Querier, id int64, clinician, seenOn, note string, at time.Time) (bool, error) {
	return changed(ctx, q, `update screening set clinician = $2, seen_on = $3, clearance_note = $4, attested_at = $5
		where id = $1 and attested_at is null`, id, clinician, seenOn, note, at)
}

func scanScreening(row interface{ Scan(...any) error }) (Screening, error) {
	var s Screening
	err := row.Scan(&s.ID, &s.ClientID, &s.TakenAt, &s.RuleVersion, &s.DateOfBirth, &s.Answers, &s.Conditions,
		&s.Result, &s.Clinician, &s.SeenOn, &s.Note, &nullTime{&s.AttestedAt})
	if err != nil && !isNoRows(err) {
		err = fmt.Errorf("store: screening: %w", err)
	}
	return s, err
}
