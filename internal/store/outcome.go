package store

import (
	"context"
	"fmt"
	"time"

	"github.com/knead/knead/internal/db"
)

// PainEntry is one diary entry.
type PainEntry struct {
	ID, ClientID                       int64
	RecordedAt                         time.Time
	LocalDate, TimeZone                string
	NowScore, AverageScore, WorstScore int
	Note                               string
}

// InsertPainEntry stores a diary entry.
func InsertPainEntry(ctx context.Context, q db.Querier, e PainEntry) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `insert into pain_entry (client_id, recorded_at, local_date, time_zone, now_score,
		average_score, worst_score, note) values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
		e.ClientID, e.RecordedAt, e.LocalDate, e.TimeZone, e.NowScore, e.AverageScore, e.WorstScore, e.Note).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: insert pain entry: %w", err)
	}
	return id, nil
}

const painColumns = `id, client_id, recorded_at, local_date, time_zone, now_score, average_score, worst_score, note`

// PainPage lists a client's entries newest first (by date, then as
// written), limit of them, after the entry (date, id) when afterID is not 0.
func PainPage(ctx context.Context, q db.Querier, clientID int64, afterDate string, afterID int64, limit int) ([]PainEntry, error) {
	return painRows(ctx, q, `select `+painColumns+` from pain_entry where client_id = $1
		and ($3 = 0 or local_date < $2 or (local_date = $2 and id < $3))
		order by local_date desc, id desc limit $4`, clientID, afterDate, afterID, limit)
}

// ClientDiary lists all of a client's entries, oldest first.
func ClientDiary(ctx context.Context, q db.Querier, clientID int64) ([]PainEntry, error) {
	return painRows(ctx, q, `select `+painColumns+` from pain_entry where client_id = $1 order by local_date, id`, clientID)
}

func painRows(ctx context.Context, q db.Querier, query string, args ...any) ([]PainEntry, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: pain entries: %w", err)
	}
	defer rows.Close()
	var out []PainEntry
	for rows.Next() {
		var e PainEntry
		if err := rows.Scan(&e.ID, &e.ClientID, &e.RecordedAt, &e.LocalDate, &e.TimeZone, &e.NowScore, &e.AverageScore,
			&e.WorstScore, &e.Note); err != nil {
			return nil, fmt.Errorf("store: pain entries: %w", err)
		}
		e.RecordedAt = e.RecordedAt.UTC()
		out = append(out, e)
	}
	return out, rows.Err()
}

// MeasureAnswer is an answer to a built-in measure at one of its points.
type MeasureAnswer struct {
	ID, ClientID      int64
	Instrument, Point string
	Score             int
	AnsweredAt        time.Time
}

// InsertMeasureAnswer stores an answer; false when the point was answered
// already.
func InsertMeasureAnswer(ctx context.Context, q db.Querier, m MeasureAnswer) (int64, bool, error) {
	var id int64
	err := q.QueryRowContext(ctx, `insert into measure_answer (client_id, instrument, point, score, answered_at)
		values ($1, $2, $3, $4, $5) on conflict (client_id, instrument, point) do nothing returning id`,
		m.ClientID, m.Instrument, m.Point, m.Score, m.AnsweredAt).Scan(&id)
	if isNoRows(err) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("store: insert measure answer: %w", err)
	}
	return id, true, nil
}

// ClientMeasureAnswers lists a client's answers, oldest first.
func ClientMeasureAnswers(ctx context.Context, q db.Querier, clientID int64) ([]MeasureAnswer, error) {
	rows, err := q.QueryContext(ctx, `select id, client_id, instrument, point, score, answered_at from measure_answer
		where client_id = $1 order by answered_at, id`, clientID)
	if err != nil {
		return nil, fmt.Errorf("store: measure answers: %w", err)
	}
	defer rows.Close()
	var out []MeasureAnswer
	for rows.Next() {
		var m MeasureAnswer
		if err := rows.Scan(&m.ID, &m.ClientID, &m.Instrument, &m.Point, &m.Score, &m.AnsweredAt); err != nil {
			return nil, fmt.Errorf("store: measure answers: %w", err)
		}
		m.AnsweredAt = m.AnsweredAt.UTC()
		out = append(out, m)
	}
	return out, rows.Err()
}

// SetSessionPain records (or replaces) the pain before or after a session.
func SetSessionPain(ctx context.Context, q db.Querier, appointmentID int64, phase string, score int, by int64, at time.Time) error {
	_, err := q.ExecContext(ctx, `insert into session_pain (appointment_id, phase, score, recorded_at, recorded_by)
		values ($1, $2, $3, $4, $5) on conflict (appointment_id, phase)
		do update set score = excluded.score, recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by`,
		appointmentID, phase, score, at, by)
	if err != nil {
		return fmt.Errorf("store: session pain: %w", err)
	}
	return nil
}

// Session is a client's session with its pain before and after (-1: not
// recorded).
type Session struct {
	AppointmentID, TherapistID int64
	Start, End                 time.Time
	Technique, TherapistName   string
	Before, After              int
}

// ClientSessions lists a client's sessions that were not cancelled, held
// or missed and began before until, oldest first; therapistID limits them
// to one therapist's when not 0.
func ClientSessions(ctx context.Context, q db.Querier, clientID, therapistID int64, until time.Time) ([]Session, error) {
	rows, err := q.QueryContext(ctx, `select a.id, a.therapist_id, a.starts_at, a.ends_at, s.technique, u.name,
		coalesce((select score from session_pain p where p.appointment_id = a.id and p.phase = 'before'), -1),
		coalesce((select score from session_pain p where p.appointment_id = a.id and p.phase = 'after'), -1)
		from appointment a join service s on s.id = a.service_id join app_user u on u.id = a.therapist_id
		where a.client_id = $1 and ($2 = 0 or a.therapist_id = $2) and a.status in ('booked', 'completed')
		  and a.starts_at < $3
		order by a.starts_at, a.id`, clientID, therapistID, until)
	if err != nil {
		return nil, fmt.Errorf("store: client sessions: %w", err)
	}
	defer rows.Close()
	var out []Session
	for rows.Next() {
		var s Session
		if err := rows.Scan(&s.AppointmentID, &s.TherapistID, &s.Start, &s.End, &s.Technique, &s.TherapistName,
			&s.Before, &s.After); err != nil {
			return nil, fmt.Errorf("store: client sessions: %w", err)
		}
		s.Start, s.End = s.Start.UTC(), s.End.UTC()
		out = append(out, s)
	}
	return out, rows.Err()
}

// CareClient is a client in care with a therapist, with their next session.
type CareClient struct {
	ID          int64
	Name, Zone  string
	NextSession *time.Time
}

// CareClients lists the clients in care with a therapist (InCare's rule),
// by name.
func CareClients(ctx context.Context, q db.Querier, therapistID int64, since, now time.Time) ([]CareClient, error) {
	rows, err := q.QueryContext(ctx, `select u.id, u.name, u.time_zone,
		(select min(n.starts_at) from appointment n where n.client_id = u.id and n.therapist_id = $1
		   and n.status = 'booked' and n.starts_at >= $3)
		from app_user u where exists (select 1 from appointment a where a.therapist_id = $1 and a.client_id = u.id
		   and a.status in `+careStatuses+` and a.starts_at >= $2)
		order by u.name, u.id`, therapistID, since, now)
	if err != nil {
		return nil, fmt.Errorf("store: care clients: %w", err)
	}
	defer rows.Close()
	var out []CareClient
	for rows.Next() {
		var c CareClient
		if err := rows.Scan(&c.ID, &c.Name, &c.Zone, &nullTime{&c.NextSession}); err != nil {
			return nil, fmt.Errorf("store: care clients: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// ClientsWithSessions lists the clients who had a session (not cancelled,
// held or missed) before until, with the therapist when therapistID is not
// 0, or with anyone.
func ClientsWithSessions(ctx context.Context, q db.Querier, therapistID int64, until time.Time) ([]int64, error) {
	rows, err := q.QueryContext(ctx, `select distinct client_id from appointment
		where ($1 = 0 or therapist_id = $1) and status in ('booked', 'completed') and starts_at < $2
		order by client_id`, therapistID, until)
	if err != nil {
		return nil, fmt.Errorf("store: clients with sessions: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: clients with sessions: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// SetOutcomeOptIn turns a therapist's public outcome summary on or off.
func SetOutcomeOptIn(ctx context.Context, q db.Querier, therapistID int64, on bool, at time.Time) error {
	query := `delete from outcome_summary_optin where therapist_id = $1`
	args := []any{therapistID}
	if on {
		query, args = `insert into outcome_summary_optin (therapist_id, since) values ($1, $2)
			on conflict (therapist_id) do nothing`, []any{therapistID, at}
	}
	if _, err := q.ExecContext(ctx, query, args...); err != nil {
		return fmt.Errorf("store: outcome opt-in: %w", err)
	}
	return nil
}

// OutcomeOptIn says whether a therapist shows their outcome summary.
func OutcomeOptIn(ctx context.Context, q db.Querier, therapistID int64) (bool, error) {
	var n int
	if err := q.QueryRowContext(ctx, `select count(*) from outcome_summary_optin where therapist_id = $1`, therapistID).Scan(&n); err != nil {
		return false, fmt.Errorf("store: outcome opt-in: %w", err)
	}
	return n > 0, nil
}
