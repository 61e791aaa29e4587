package booking

import (
	"context"
	"net/http"
	"time"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/therapist"
	"github.com/knead/knead/internal/tz"
)

// Appointment statuses (API.md).
const (
	StatusBooked    = "booked"
	StatusHeld      = "held"
	StatusCancelled = "cancelled"
	StatusCompleted = "completed"
	StatusNoShow    = "no_show"
	// StatusReferred: stopped and referred at check-in or by the
	// therapist (package checkin); not a no-show, not a cancellation.
	StatusReferred = "referred"
)

// Appointment is an appointment as people see it: Status is "completed"
// once a booked session has ended.
type Appointment struct {
	store.Appointment
	Zone *time.Location
}

// LocalStart and LocalEnd are in the location's zone.
func (a Appointment) LocalStart() time.Time { return a.Start.In(a.Zone) }
func (a Appointment) LocalEnd() time.Time   { return a.End.In(a.Zone) }

// Service books, moves and cancels appointments.
type Service struct {
	db    *db.DB
	now   func() time.Time
	freed []Freed
	tell  []Tell
	// bookability is the deployment's credential rule; the zero value is
	// therapist.Strict.
	bookability therapist.Bookability
}

// Freed is told, inside the transaction and under the therapist's lock,
// that time of a therapist may have become free (a cancellation, a move):
// the waitlist offers it to the next person waiting.
type Freed func(ctx context.Context, tx db.Tx, therapistID int64) error

// Change is what happened to appointments, for the notices that go out.
type Change struct {
	Kind  string // "booked", "cancelled", "moved", or "offered" (held for a waitlist offer)
	IDs   []int64
	By    int64     // who made the change
	Until time.Time // an offer's expiry
}

// Tell is told of every change inside its transaction, so a notice (and
// its reminder jobs) commits or rolls back with the change.
type Tell func(ctx context.Context, tx db.Tx, c Change) error

// OnChange adds a Tell; it is set up once, before the service is used.
func (s *Service) OnChange(t Tell) { s.tell = append(s.tell, t) }

func (s *Service) told(ctx context.Context, tx db.Tx, c Change) error {
	for _, t := range s.tell {
		if err := t(ctx, tx, c); err != nil {
			return err
		}
	}
	return nil
}

// OnFreed adds a Freed; it is set up once, before the service is used.
func (s *Service) OnFreed(f Freed) { s.freed = append(s.freed, f) }

func (s *Service) tellFreed(ctx context.Context, tx db.Tx, therapistID int64) error {
	for _, f := range s.freed {
		if err := f(ctx, tx, therapistID); err != nil {
			return err
		}
	}
	return nil
}

// New returns the booking service, under the strict credential rule.
func New(d *db.DB, now func() time.Time) *Service { return &Service{db: d, now: now} }

// WithBookability sets the deployment's credential rule (config
// KNEAD_CREDENTIAL_RULE) and returns the service.
func (s *Service) WithBookability(b therapist.Bookability) *Service {
	s.bookability = b
	return s
}

func (s *Service) present(a store.Appointment) Appointment {
	if a.Status == StatusBooked && !a.End.After(s.now()) {
		a.Status = StatusCompleted
	}
	return Appointment{Appointment: a, Zone: tz.Or(a.TimeZone)}
}

// LockTherapist serialises booking changes of one therapist (the waitlist
// takes it too). Without it two series overlapping each other's
// occurrences can deadlock on PostgreSQL.
func LockTherapist(ctx context.Context, tx db.Tx, therapistID int64) error {
	return tx.Lock(ctx, db.TherapistLock, therapistID) // the exclusion constraint stays the guarantee
}

// Problems of API.md's "Booking" section.
var (
	ErrSlotTaken    = apperr.Conflict("slot-taken", "Slot taken", "This time was just booked by someone else.")
	ErrCancelWindow = apperr.Conflict("cancel-window", "Inside the cancellation window",
		"It is too close to the session to change it here. Please contact your therapist.")
	errNotBookable = &apperr.Error{Status: http.StatusUnprocessableEntity, Problem: "not-bookable", Title: "Not bookable"}
)

// notBookable explains why a start cannot be booked, naming the field.
func notBookable(field, why string) *apperr.Error {
	e := errNotBookable.With(why)
	e.Fields = map[string]string{field: why}
	return e
}
