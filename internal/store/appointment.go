package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/knead/knead/internal/db"
)

// ErrOverlap means the database refused an overlapping appointment.
var ErrOverlap = fmt.Errorf("store: appointment overlaps another")

// ErrArchived means the service or location was removed by its therapist.
var ErrArchived = fmt.Errorf("store: service or location removed")

// Appointment is an appointment row with the names people read.
type Appointment struct {
	ID, TherapistID, ClientID, ServiceID, LocationID, SeriesID int64
	Start, End, BlocksUntil                                    time.Time
	Status                                                     string
	CancelledAt                                                *time.Time
	CancelReason                                               string
	LateCancel                                                 bool
	// ReferredAt is when the session was stopped and referred; Status then
	// reads "referred" (the stored status stays "booked", see migration
	// 00017).
	ReferredAt           *time.Time
	CreatedBy            int64
	CreatedAt, UpdatedAt time.Time

	TherapistName, ClientName, ClientEmail string
	ClientVerified                         bool
	ServiceName, Technique                 string
	LocationName, TimeZone                 string
	LocationAddress, LocationCity          string

	// For notices: where to write, and in which zone each side reads times.
	TherapistEmail, TherapistZone, ClientZone string
}

const appointmentSelect = `select a.id, a.therapist_id, a.client_id, a.service_id, a.location_id, coalesce(a.series_id, 0),
	a.starts_at, a.ends_at, a.blocks_until, case when a.referred_at is null then a.status else 'referred' end, a.referred_at, a.cancelled_at, a.cancel_reason, a.late_cancel, a.created_by, a.created_at,
	a.updated_at, tu.name, cu.name, cu.email, cu.email_verified_at is not null, s.name, s.technique, l.name, l.time_zone,
	l.address, l.city, tu.email, tu.time_zone, cu.time_zone
	from appointment a
	join app_user tu on tu.id = a.therapist_id
	join app_user cu on cu.id = a.client_id
	join service s on s.id = a.service_id
	join location l on l.id = a.location_id`

func scanAppointment(row interface{ Scan(...any) error }) (Appointment, error) {
	var a Appointment
	var late int
	err := row.Scan(&a.ID, &a.TherapistID, &a.ClientID, &a.ServiceID, &a.LocationID, &a.SeriesID,
		&a.Start, &a.End, &a.BlocksUntil, &a.Status, &nullTime{&a.ReferredAt}, &nullTime{&a.CancelledAt}, &a.CancelReason, &late, &a.CreatedBy, &a.CreatedAt,
		&a.UpdatedAt, &a.TherapistName, &a.ClientName, &a.ClientEmail, &a.ClientVerified, &a.ServiceName, &a.Technique,
		&a.LocationName, &a.TimeZone, &a.LocationAddress, &a.LocationCity, &a.TherapistEmail, &a.TherapistZone, &a.ClientZone)
	a.LateCancel = late != 0
	a.Start, a.End, a.BlocksUntil, a.CreatedAt = a.Start.UTC(), a.End.UTC(), a.BlocksUntil.UTC(), a.CreatedAt.UTC()
	a.UpdatedAt = a.UpdatedAt.UTC()
	return a, err
}

// InsertAppointment stores an appointment; an overlap is ErrOverlap, and a
// service or location removed meanwhile is ErrArchived.
func InsertAppointment(ctx context.Context, q db.Querier, a Appointment, now time.Time) (int64, error) {
	var series *int64
	if a.SeriesID != 0 {
		series = &a.SeriesID
	}
	var id int64
	err := q.QueryRowContext(ctx, `insert into appointment (therapist_id, client_id, service_id, location_id, series_id,
		starts_at, ends_at, blocks_until, status, created_by, created_at, updated_at)
		select $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11
		 where exists (select 1 from service s join location l on l.id = s.location_id
		                where s.id = $3 and s.archived_at is null and l.archived_at is null)
		returning id`,
		a.TherapistID, a.ClientID, a.ServiceID, a.LocationID, series, a.Start, a.End, a.BlocksUntil, a.Status, a.CreatedBy, now).Scan(&id)
	if db.IsOverlap(err) {
		return 0, ErrOverlap
	}
	if isNoRows(err) { // the service or its location was removed since it was read
		return 0, ErrArchived
	}
	if err != nil {
		return 0, fmt.Errorf("store: insert appointment: %w", err)
	}
	return id, nil
}

// BusySpan is a live appointment's blocked time.
type BusySpan struct {
	ID         int64
	Start, End time.Time // End includes the buffer
}

// MaxSpan is the longest an appointment with its buffer may last (240
// minutes of session, 120 of buffer); the schema enforces it, and range
// queries use it to bound their index scans.
const MaxSpan = 6 * time.Hour

// Busy lists a therapist's live (booked or held) appointments whose blocked
// time meets [from, to), by start, leaving out the appointment except.
func Busy(ctx context.Context, q db.Querier, therapistID int64, from, to time.Time, except int64) ([]BusySpan, error) {
	rows, err := q.QueryContext(ctx, `select id, starts_at, blocks_until from appointment
		where therapist_id = $1 and status in ('booked', 'held') and starts_at >= $5 and starts_at < $3
		  and blocks_until > $2 and id <> $4
		order by starts_at`, therapistID, from, to, except, from.Add(-MaxSpan))
	if err != nil {
		return nil, fmt.Errorf("store: busy: %w", err)
	}
	defer rows.Close()
	var out []BusySpan
	for rows.Next() {
		var b BusySpan
		if err := rows.Scan(&b.ID, &b.Start, &b.End); err != nil {
			return nil, fmt.Errorf("store: busy: %w", err)
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// AppointmentByID reads one appointment.
func AppointmentByID(ctx context.Context, q db.Querier, id int64) (Appointment, error) {
	a, err := scanAppointment(q.QueryRowContext(ctx, appointmentSelect+` where a.id = $1`, id))
	if err == sql.ErrNoRows {
		return Appointment{}, ErrNotFound
	}
	if err != nil {
		return Appointment{}, fmt.Errorf("store: appointment: %w", err)
	}
	return a, nil
}

// AppointmentFilter selects appointments of one therapist or one client.
type AppointmentFilter struct {
	TherapistID, ClientID, SeriesID int64
	From, To                        time.Time // starts in [From, To); zero means open
	After                           struct {  // keyset cursor: after (start, id)
		Start time.Time
		ID    int64
	}
	Limit int
}

// Appointments lists appointments by start, then id.
func Appointments(ctx context.Context, q db.Querier, f AppointmentFilter) ([]Appointment, error) {
	from, to := f.From, f.To
	if from.IsZero() {
		from = time.Unix(0, 0)
	}
	if to.IsZero() {
		to = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	after := f.After.Start
	if after.IsZero() {
		after = time.Unix(0, 0)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 1000
	}
	rows, err := q.QueryContext(ctx, appointmentSelect+`
		where ($1 = 0 or a.therapist_id = $1) and ($2 = 0 or a.client_id = $2) and ($3 = 0 or a.series_id = $3)
		  and a.starts_at >= $4 and a.starts_at < $5
		  and (a.starts_at > $6 or (a.starts_at = $6 and a.id > $7))
		order by a.starts_at, a.id limit $8`,
		f.TherapistID, f.ClientID, f.SeriesID, from, to, after, f.After.ID, limit)
	if err != nil {
		return nil, fmt.Errorf("store: appointments: %w", err)
	}
	defer rows.Close()
	var out []Appointment
	for rows.Next() {
		a, err := scanAppointment(rows)
		if err != nil {
			return nil, fmt.Errorf("store: appointments: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// CancelAppointment marks an appointment cancelled.
func CancelAppointment(ctx context.Context, q db.Querier, id, by int64, reason string, late bool, now time.Time) error {
	lateInt := 0
	if late {
		lateInt = 1
	}
	return updateOne(ctx, q, "cancel appointment", `update appointment set status = 'cancelled', cancelled_at = $2,
		cancelled_by = $3, cancel_reason = $4, late_cancel = $5, updated_at = $2
		where id = $1 and status in ('booked', 'held') and referred_at is null`, id, now, by, reason, lateInt)
}

// MoveAppointment reschedules an appointment; an overlap is ErrOverlap.
func MoveAppointment(ctx context.Context, q db.Querier, id int64, start, end, blocks, now time.Time) error {
	err := updateOne(ctx, q, "move appointment", `update appointment set starts_at = $2, ends_at = $3, blocks_until = $4,
		updated_at = $5 where id = $1 and status in ('booked', 'held') and referred_at is null`, id, start, end, blocks, now)
	if db.IsOverlap(err) {
		return ErrOverlap
	}
	return err
}

// SetAppointmentStatus changes the status (no_show, completed) of a session
// not stopped and referred.
func SetAppointmentStatus(ctx context.Context, q db.Querier, id int64, status string, now time.Time) error {
	return updateOne(ctx, q, "set appointment status", `update appointment set status = $2, updated_at = $3
		where id = $1 and referred_at is null`,
		id, status, now)
}

// SeriesRow is a recurring series.
type SeriesRow struct {
	ID, TherapistID, ClientID, ServiceID, LocationID int64
	TimeZone                                         string
	FirstStart                                       time.Time
	EveryWeeks                                       int
	RRule                                            string
	CreatedAt                                        time.Time // set by SeriesByID
}

// InsertSeries stores a series and returns its id.
func InsertSeries(ctx context.Context, q db.Querier, s SeriesRow, now time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `insert into appointment_series (therapist_id, client_id, service_id, location_id,
		time_zone, first_start, every_weeks, rrule, created_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id`,
		s.TherapistID, s.ClientID, s.ServiceID, s.LocationID, s.TimeZone, s.FirstStart, s.EveryWeeks, s.RRule, now).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: insert series: %w", err)
	}
	return id, nil
}

// SeriesByID reads a series.
func SeriesByID(ctx context.Context, q db.Querier, id int64) (SeriesRow, error) {
	var s SeriesRow
	err := q.QueryRowContext(ctx, `select id, therapist_id, client_id, service_id, location_id, time_zone, first_start,
		every_weeks, rrule, created_at from appointment_series where id = $1`, id).
		Scan(&s.ID, &s.TherapistID, &s.ClientID, &s.ServiceID, &s.LocationID, &s.TimeZone, &s.FirstStart, &s.EveryWeeks, &s.RRule,
			&s.CreatedAt)
	if err == sql.ErrNoRows {
		return SeriesRow{}, ErrNotFound
	}
	if err != nil {
		return SeriesRow{}, fmt.Errorf("store: series: %w", err)
	}
	s.FirstStart, s.CreatedAt = s.FirstStart.UTC(), s.CreatedAt.UTC()
	return s, nil
}
