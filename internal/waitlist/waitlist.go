// Package waitlist lets clients wait for a slot. When time of a therapist
// frees up — a cancellation, a move, new hours — the first person waiting
// whose range and time window it fits gets an offer: the slot is held for
// them (a held appointment blocks it exactly like a booking) until they
// accept, decline or the offer expires, when it passes to the next person.
package waitlist

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/booking"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/jobs"
	"github.com/knead/knead/internal/practice"
	"github.com/knead/knead/internal/screening"
	"github.com/knead/knead/internal/store"
)

// DefaultHold is how long an offer holds its slot.
const DefaultHold = 30 * time.Minute

// Entry statuses.
const (
	Waiting = "waiting"
	Offered = "offered"
	Booked  = "booked"
	Left    = "left"
)

// Service runs the waitlist.
type Service struct {
	db      *db.DB
	booking *booking.Service
	jobs    *jobs.Outbox
	now     func() time.Time
	hold    time.Duration
}

// New returns the waitlist, writing offers' expiry jobs through outbox, and
// has the booking service tell it when time frees up.
func New(d *db.DB, b *booking.Service, outbox *jobs.Outbox, now func() time.Time, hold time.Duration) *Service {
	s := &Service{db: d, booking: b, jobs: outbox, now: now, hold: hold}
	b.OnFreed(s.Match)
	return s
}

// ErrOfferExpired answers an offer that is no longer open.
var ErrOfferExpired = apperr.Conflict("offer-expired", "Offer expired",
	"This offer has expired or was already answered. The slot may have gone to the next person waiting.")

// JoinInput is a request to wait (API.md: dates, and HH:MM-HH:MM local).
type JoinInput struct {
	TherapistID, ServiceID int64
	From, To, TimeWindow   string
	Weekly                 bool // a standing weekly slot, from the first week to the end
}

// Join puts a client on a therapist's waitlist. A slot that is free already
// is offered at once.
func (s *Service) Join(ctx context.Context, actor *authz.Principal, in JoinInput) (store.WaitlistEntry, error) {
	if actor.Role != authz.RoleClient {
		return store.WaitlistEntry{}, apperr.ErrForbidden.With("Only clients join a waitlist.")
	}
	e, err := s.checkJoin(ctx, actor, in)
	if err != nil {
		return e, err
	}
	// Waiting is asking to book: the screening gate applies now, and again
	// when an offer is made and accepted.
	if err := s.booking.MayBook(ctx, s.db.R(), actor, actor.UserID, in.TherapistID, in.ServiceID); err != nil {
		return e, err
	}
	err = s.db.InTx(ctx, func(tx db.Tx) error {
		if err := booking.LockTherapist(ctx, tx, e.TherapistID); err != nil {
			return err
		}
		if e.ID, err = store.InsertWaitlistEntry(ctx, tx, e, s.now()); err != nil {
			return err
		}
		return s.Match(ctx, tx, e.TherapistID)
	})
	if err != nil {
		return e, err
	}
	return store.WaitlistEntryByID(ctx, s.db.R(), e.ID)
}

func (s *Service) checkJoin(ctx context.Context, actor *authz.Principal, in JoinInput) (store.WaitlistEntry, error) {
	f := apperr.Fields{}
	from, ferr := time.Parse(time.DateOnly, in.From)
	to, terr := time.Parse(time.DateOnly, in.To)
	f.Check(ferr == nil, "from", "Give the first date as YYYY-MM-DD.")
	f.Check(terr == nil, "to", "Give the end date as YYYY-MM-DD (not included).")
	// Today somewhere: the client's zone may be a day behind UTC's date.
	f.Check(terr != nil || to.After(screening.Today(s.now())), "to", "Choose an end date after today.")
	f.Check(ferr != nil || terr != nil || from.Before(to), "to", "The end date must be after the first date.")
	f.Check(ferr != nil || terr != nil || to.Sub(from) <= 180*24*time.Hour, "to", "Wait for at most 180 days at a time.")
	f.Check(!in.Weekly || ferr != nil || terr != nil || to.Sub(from) >= 14*24*time.Hour, "to",
		"A weekly slot needs at least two weeks between the dates.")
	start, end, ok := ParseWindow(in.TimeWindow)
	f.Check(ok, "time_window", "Give the time of day as HH:MM-HH:MM, such as 17:00-20:00.")
	svc, _, err := store.ServiceAndLocation(ctx, s.db.R(), in.ServiceID)
	if errors.Is(err, store.ErrNotFound) || err == nil && svc.TherapistID != in.TherapistID {
		f.Add("service_id", "This therapist offers no such service.")
	} else if err != nil {
		return store.WaitlistEntry{}, err
	}
	if err := f.Err(); err != nil {
		return store.WaitlistEntry{}, err
	}
	return store.WaitlistEntry{ClientID: actor.UserID, TherapistID: in.TherapistID, ServiceID: in.ServiceID,
		FromDay: in.From, ToDay: in.To, WindowStart: start, WindowEnd: end, Weekly: in.Weekly}, nil
}

// ParseWindow reads HH:MM-HH:MM into local minutes of the day; 24:00 is
// allowed as an end.
func ParseWindow(w string) (start, end int, ok bool) {
	a, b, found := strings.Cut(w, "-")
	if !found {
		return 0, 0, false
	}
	start, okA := practice.ParseClock(a, false)
	end, okB := practice.ParseClock(b, true)
	return start, end, okA && okB && start < end
}

// Window writes an entry's window as API.md does.
func Window(e store.WaitlistEntry) string {
	return fmt.Sprintf("%02d:%02d-%02d:%02d", e.WindowStart/60, e.WindowStart%60, e.WindowEnd/60, e.WindowEnd%60)
}

// List is the client's own entries, each with its open offer.
func (s *Service) List(ctx context.Context, actor *authz.Principal) ([]store.WaitlistEntry, error) {
	return store.ClientWaitlist(ctx, s.db.R(), actor.UserID)
}
