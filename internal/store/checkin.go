package store

import (
	"context"
	"fmt"
	"time"

	"github.com/knead/knead/internal/db"
)

// CheckIn is a stored check-in: the short re-screen before a session.
// Answers and Result are JSON text, read and written by the check-in area.
type CheckIn struct {
	ID, AppointmentID, ClientID, AnsweredBy int64
	AnsweredAs                              string // "client" or "therapist"
	TakenAt                                 time.Time
	RuleVersion, Answers, Result            string
}

// InsertCheckIn stores a check-in.
func InsertCheckIn(ctx context.Context, q db.Querier, c CheckIn) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `insert into check_in (appointment_id, client_id, answered_by, answered_as, taken_at,
		rule_version, answers, result) values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
		c.AppointmentID, c.ClientID, c.AnsweredBy, c.AnsweredAs, c.TakenAt, c.RuleVersion, c.Answers, c.Result).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: insert check-in: %w", err)
	}
	return id, nil
}

// LatestCheckIn reads an appointment's latest check-in; ErrNotFound when
// there is none.
func LatestCheckIn(ctx context.Context, q db.Querier, appointmentID int64) (CheckIn, error) {
	var c CheckIn
	err := q.QueryRowContext(ctx, `select id, appointment_id, client_id, answered_by, answered_as, taken_at, rule_version,
		answers, result from check_in where appointment_id = $1 order by taken_at desc, id desc limit 1`, appointmentID).
		Scan(&c.ID, &c.AppointmentID, &c.ClientID, &c.AnsweredBy, &c.AnsweredAs, &c.TakenAt, &c.RuleVersion, &c.Answers, &c.Result)
	if isNoRows(err) {
		return c, ErrNotFound
	}
	if err != nil {
		return c, fmt.Errorf("store: check-in: %w", err)
	}
	c.TakenAt = c.TakenAt.UTC()
	return c, nil
}

// Referral is why a session was stopped and referred.
type Referral struct {
	ID, AppointmentID, ClientID, ReferredBy int64
	Source                                  string // "check_in" or "therapist"
	CheckInID                               int64  // 0 unless Source is "check_in"
	RuleID, Reason, Tier, Advice            string
	ReferredAt                              time.Time
}

// ErrReferred means the session was already stopped and referred.
var ErrReferred = fmt.Errorf("store: session already stopped and referred")

// Refer stores a referral and marks its appointment stopped and referred,
// if the appointment is still a booked session not referred before;
// otherwise ErrReferred and nothing changes.
func Refer(ctx context.Context, q db.Querier, r Referral) (int64, error) {
	ok, err := changed(ctx, q, `update appointment set referred_at = $2, updated_at = $2
		where id = $1 and status = 'booked' and referred_at is null`, r.AppointmentID, r.ReferredAt)
	if err != nil || !ok {
		if err == nil {
			err = ErrReferred
		}
		return 0, err
	}
	var checkIn *int64
	if r.CheckInID != 0 {
		checkIn = &r.CheckInID
	}
	var id int64
	err = q.QueryRowContext(ctx, `insert into referral (appointment_id, client_id, referred_by, source, check_in_id, rule_id,
		reason, tier, advice, referred_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning id`,
		r.AppointmentID, r.ClientID, r.ReferredBy, r.Source, checkIn, r.RuleID, r.Reason, r.Tier, r.Advice, r.ReferredAt).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: insert referral: %w", err)
	}
	return id, nil
}

// LatestReferralAt is when the client's most recent session was stopped
// and referred; zero when none was.
func LatestReferralAt(ctx context.Context, q db.Querier, clientID int64) (time.Time, error) {
	var at time.Time
	err := q.QueryRowContext(ctx, `select referred_at from referral where client_id = $1
		order by referred_at desc limit 1`, clientID).Scan(&at)
	if isNoRows(err) {
		return time.Time{}, nil
	}
	if err != nil {
		return at, fmt.Errorf("store: latest referral: %w", err)
	}
	return at.UTC(), nil
}

// ReferralOf reads an appointment's referral; ErrNotFound when there is
// none.
func ReferralOf(ctx context.Context, q db.Querier, appointmentID int64) (Referral, error) {
	var r Referral
	var checkIn *int64
	err := q.QueryRowContext(ctx, `select id, appointment_id, client_id, referred_by, source, check_in_id, rule_id, reason,
		tier, advice, referred_at from referral where appointment_id = $1`, appointmentID).
		Scan(&r.ID, &r.AppointmentID, &r.ClientID, &r.ReferredBy, &r.Source, &checkIn, &r.RuleID, &r.Reason, &r.Tier, &r.Advice,
			&r.ReferredAt)
	if isNoRows(err) {
		return r, ErrNotFound
	}
	if err != nil {
		return r, fmt.Errorf("store: referral: %w", err)
	}
	if checkIn != nil {
		r.CheckInID = *checkIn
	}
	r.ReferredAt = r.ReferredAt.UTC()
	return r, nil
}
