package store

import (
	"context"
	"fmt"
	"time"

	"github.com/knead/knead/internal/db"
)

// ErrAlreadyAssigned means the client already has that routine assigned.
var ErrAlreadyAssigned = fmt.Errorf("store: routine already assigned")

// CareAssignment is a home-care routine assigned to a client.
type CareAssignment struct {
	ID, ClientID, TherapistID int64
	Routine                   string // library slug
	Times                     int
	Per                       string // day or week
	Note                      string
	AssignedAt                time.Time
	RemovedAt                 *time.Time
	TherapistName             string
}

// InsertCareAssignment stores an assignment; ErrAlreadyAssigned when the
// routine is assigned to the client already.
func InsertCareAssignment(ctx context.Context, q db.Querier, a CareAssignment) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `insert into care_assignment (client_id, therapist_id, routine, times, per, note, assigned_at)
		values ($1, $2, $3, $4, $5, $6, $7) returning id`,
		a.ClientID, a.TherapistID, a.Routine, a.Times, a.Per, a.Note, a.AssignedAt).Scan(&id)
	if db.IsUnique(err) {
		return 0, ErrAlreadyAssigned
	}
	if err != nil {
		return 0, fmt.Errorf("store: assign care: %w", err)
	}
	return id, nil
}

// RemoveCareAssignment ends a client's live assignment; false when there
// is none with that id.
func RemoveCareAssignment(ctx context.Context, q db.Querier, clientID, id int64, at time.Time) (bool, error) {
	return changed(ctx, q, `update care_assignment set removed_at = $3
		where id = $1 and client_id = $2 and removed_at is null`, id, clientID, at)
}

// CareAssignments lists a client's assignments live at any time since
// since (the removed ones still count for adherence), oldest first.
func CareAssignments(ctx context.Context, q db.Querier, clientID int64, since time.Time) ([]CareAssignment, error) {
	rows, err := q.QueryContext(ctx, `select a.id, a.client_id, a.therapist_id, a.routine, a.times, a.per, a.note,
		a.assigned_at, a.removed_at, u.name
		from care_assignment a join app_user u on u.id = a.therapist_id
		where a.client_id = $1 and (a.removed_at is null or a.removed_at > $2)
		order by a.assigned_at, a.id`, clientID, since)
	if err != nil {
		return nil, fmt.Errorf("store: care assignments: %w", err)
	}
	defer rows.Close()
	var out []CareAssignment
	for rows.Next() {
		var a CareAssignment
		if err := rows.Scan(&a.ID, &a.ClientID, &a.TherapistID, &a.Routine, &a.Times, &a.Per, &a.Note, &a.AssignedAt,
			&nullTime{&a.RemovedAt}, &a.TherapistName); err != nil {
			return nil, fmt.Errorf("store: care assignments: %w", err)
		}
		a.AssignedAt = a.AssignedAt.UTC()
		out = append(out, a)
	}
	return out, rows.Err()
}

// CareDone is one tick of a routine.
type CareDone struct {
	AssignmentID int64
	At           time.Time
}

// InsertCareDone records a tick.
func InsertCareDone(ctx context.Context, q db.Querier, clientID, assignmentID int64, at time.Time) error {
	_, err := q.ExecContext(ctx, `insert into care_done (assignment_id, client_id, done_at) values ($1, $2, $3)`,
		assignmentID, clientID, at)
	if err != nil {
		return fmt.Errorf("store: care done: %w", err)
	}
	return nil
}

// CareDoneBetween lists a client's ticks in [from, to), oldest first.
func CareDoneBetween(ctx context.Context, q db.Querier, clientID int64, from, to time.Time) ([]CareDone, error) {
	rows, err := q.QueryContext(ctx, `select assignment_id, done_at from care_done
		where client_id = $1 and done_at >= $2 and done_at < $3 order by done_at, id`, clientID, from, to)
	if err != nil {
		return nil, fmt.Errorf("store: care done: %w", err)
	}
	defer rows.Close()
	var out []CareDone
	for rows.Next() {
		var d CareDone
		if err := rows.Scan(&d.AssignmentID, &d.At); err != nil {
			return nil, fmt.Errorf("store: care done: %w", err)
		}
		d.At = d.At.UTC()
		out = append(out, d)
	}
	return out, rows.Err()
}
