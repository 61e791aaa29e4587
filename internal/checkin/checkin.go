// Package checkin runs the short re-screen before every session
// (domain-clinical.md §1.2), answered by the client on the day or by the
// therapist at the door, and the therapist's "stop and refer". A check-in
// whose answers point to a doctor, or a therapist's flag, stops the session:
// the appointment reads "referred" (neither a no-show nor a cancellation;
// its time stays on the therapist's calendar) and the client is told what
// to do. Check-ins and referrals are health records: every read and write
// is audited, and only the appointment's client and its therapist in care
// (audit.MayRead) reach them.
//
// Decisions:
//   - A re-take is a new check-in and the latest counts; none is ever
//     edited (the table refuses updates). Symptoms change during a day, and
//     the therapist at the door must be able to ask again after the client
//     answered in the morning; §1.2 keeps past answers as given.
//   - Once a session is stopped it stays stopped: no check-in, cancellation,
//     move, no-show or second referral (409 not-active). A clean re-take
//     cannot undo a referral — the therapist's flag overrides answers.
//   - Check-in is open on the session's local day until it ends, for the
//     client and the therapist alike; outside it the request is sound but
//     early or late, so 409 check-in-not-open, not 422.
//   - A therapist may stop and refer from booking until the end of the
//     session's local day (before it or during it); the advice is at least
//     "see a doctor today", emergency when the red flag given is.
package checkin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/audit"
	"github.com/knead/knead/internal/booking"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/screening"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/triage"
	"github.com/knead/knead/internal/tz"
)

// Record types in the audit log.
const (
	RecordCheckIn  = "check_in"
	RecordReferral = "referral"
)

// Who answered a check-in.
const (
	ByClient    = "client"
	ByTherapist = "therapist"
)

// Service runs check-ins and referrals.
type Service struct {
	db  *db.DB
	now func() time.Time
}

// New returns the check-in service.
func New(d *db.DB, now func() time.Time) *Service { return &Service{db: d, now: now} }

// CheckIn is a check-in as shown.
type CheckIn struct {
	ID         int64
	AnsweredAs string
	TakenAt    time.Time
	Answers    map[string]string
	Result     triage.CheckResult
}

// View is an appointment's check-in state for one reader: the latest
// check-in and the referral, when there are, and whether a check-in can be
// taken now.
type View struct {
	Appointment booking.Appointment
	Therapist   bool // the reader is the appointment's therapist
	CheckIn     *CheckIn
	Referral    *store.Referral
	// Open: a check-in may be taken now (Closed says why not otherwise).
	Open   bool
	Closed error
}

// Problems of check-in (documented in the OpenAPI document).
var (
	errNotOpen = apperr.Conflict("check-in-not-open", "Check-in not open",
		"Check-in opens on the day of the session, in the location's time zone.")
	errNotActive = func(why string) error { return apperr.Conflict("not-active", "Appointment not active", why) }
)

// Take stores a check-in for appointment id, answered by its client or its
// therapist, and stops and refers the session when the answers say so.
// Answers are checked after the appointment: there is no point in asking
// for them when check-in is closed. A re-take is a new check-in; the
// latest counts and earlier ones are kept as they were.
func (s *Service) Take(ctx context.Context, a audit.Access, id int64, answers map[string]string) (View, error) {
	now := s.now()
	err := s.db.InTx(ctx, func(tx db.Tx) error {
		appt, err := s.party(ctx, tx, a, id, now, true)
		if err != nil {
			return err
		}
		if err := openAt(appt, now); err != nil {
			return err
		}
		carried, err := s.carried(ctx, tx, a, appt.ClientID, now)
		if err != nil {
			return err
		}
		r, err := triage.EvaluateShort(answers, carried)
		if err != nil {
			return err
		}
		row := store.CheckIn{AppointmentID: id, ClientID: appt.ClientID, AnsweredBy: a.Actor.UserID, AnsweredAs: ByClient,
			TakenAt: now, RuleVersion: r.RuleVersion, Answers: jsonText(answers), Result: jsonText(r)}
		if a.Actor.UserID == appt.TherapistID {
			row.AnsweredAs = ByTherapist
		}
		if row.ID, err = store.InsertCheckIn(ctx, tx, row); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, now, a, appt.ClientID, RecordCheckIn, row.ID, audit.Create); err != nil {
			return err
		}
		if !r.Stops {
			return nil
		}
		ref := store.Referral{AppointmentID: id, ClientID: appt.ClientID, ReferredBy: a.Actor.UserID, Source: "check_in",
			CheckInID: row.ID, RuleID: string(r.Flags[0]), Tier: r.Tier.String(), Advice: r.Advice, ReferredAt: now}
		return s.refer(ctx, tx, a, ref)
	})
	if err != nil {
		return View{}, err
	}
	return s.Get(ctx, a, id)
}

// Get is appointment id's check-in state; each record shown is a read in
// the audit log.
func (s *Service) Get(ctx context.Context, a audit.Access, id int64) (View, error) {
	now := s.now()
	var v View
	err := s.db.InTx(ctx, func(tx db.Tx) error {
		appt, err := s.party(ctx, tx, a, id, now, false)
		if err != nil {
			return err
		}
		v = View{Appointment: present(appt, now), Therapist: a.Actor.UserID == appt.TherapistID}
		v.Closed = openAt(appt, now)
		v.Open = v.Closed == nil
		row, err := store.LatestCheckIn(ctx, tx, id)
		switch {
		case err == nil:
			c := CheckIn{ID: row.ID, AnsweredAs: row.AnsweredAs, TakenAt: row.TakenAt}
			_ = json.Unmarshal([]byte(row.Answers), &c.Answers)
			_ = json.Unmarshal([]byte(row.Result), &c.Result)
			v.CheckIn = &c
			err = audit.Record(ctx, tx, now, a, appt.ClientID, RecordCheckIn, row.ID, audit.Read)
		case errors.Is(err, store.ErrNotFound):
			err = nil
		}
		if err != nil {
			return err
		}
		ref, err := store.ReferralOf(ctx, tx, id)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		v.Referral = &ref
		return audit.Record(ctx, tx, now, a, appt.ClientID, RecordReferral, ref.ID, audit.Read)
	})
	return v, err
}

// party reads appointment id for its client or its therapist in care
// (audit.MayRead); anyone else is answered not-found. write: the
// therapist's booking lock is held, so a check-in does not race a
// cancellation or a move.
func (s *Service) party(ctx context.Context, tx db.Tx, a audit.Access, id int64, now time.Time, write bool) (store.Appointment, error) {
	notFound := apperr.ErrNotFound.With("No appointment of yours has this id.")
	appt, err := store.AppointmentByID(ctx, tx, id)
	if errors.Is(err, store.ErrNotFound) || err == nil && appt.ClientID != a.Actor.UserID && appt.TherapistID != a.Actor.UserID {
		return appt, notFound
	}
	if err != nil {
		return appt, err
	}
	if err := audit.MayRead(ctx, tx, a.Actor, appt.ClientID, now); err != nil {
		return appt, notFound
	}
	if !write {
		return appt, nil
	}
	if err := booking.LockTherapist(ctx, tx, appt.TherapistID); err != nil {
		return appt, err
	}
	return store.AppointmentByID(ctx, tx, id) // as it is now, under the lock
}

// openAt says whether a check-in can be taken for appt at now: a booked
// session, not yet ended, on its local day in the location's zone.
func openAt(appt store.Appointment, now time.Time) error {
	switch {
	case appt.Status == booking.StatusReferred:
		return errNotActive("This session was stopped and referred.")
	case appt.Status != booking.StatusBooked:
		return errNotActive("This appointment is " + appt.Status + ", so there is nothing to check in for.")
	case !appt.End.After(now):
		return errNotActive("This session has ended.")
	}
	zone := tz.Or(appt.TimeZone)
	y1, m1, d1 := appt.Start.In(zone).Date()
	y2, m2, d2 := now.In(zone).Date()
	if y1 != y2 || m1 != m2 || d1 != d2 {
		return errNotOpen.With(fmt.Sprintf("Check-in opens on the day of the session, %s (%s time).",
			appt.Start.In(zone).Format("Monday 2 January 2006"), zone))
	}
	return nil
}

// carried reads the flags of the client's latest screening that a
// check-in combines with (triage.Carried); reading it is audited.
func (s *Service) carried(ctx context.Context, tx db.Tx, a audit.Access, clientID int64, now time.Time) ([]triage.ID, error) {
	rows, err := store.ClientScreenings(ctx, tx, clientID)
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	var r triage.Result
	_ = json.Unmarshal([]byte(rows[0].Result), &r)
	if err := audit.Record(ctx, tx, now, a, clientID, screening.RecordType, rows[0].ID, audit.Read); err != nil {
		return nil, err
	}
	return r.Flags, nil
}

func present(a store.Appointment, now time.Time) booking.Appointment {
	if a.Status == booking.StatusBooked && !a.End.After(now) {
		a.Status = booking.StatusCompleted
	}
	return booking.Appointment{Appointment: a, Zone: tz.Or(a.TimeZone)}
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("checkin: %v", err)) // maps of strings and results always encode
	}
	return string(b)
}
