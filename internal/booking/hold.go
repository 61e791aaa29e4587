package booking

import (
	"context"
	"errors"
	"time"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/tz"
)

// ErrHeldElsewhere means the slot was taken inside the transaction: a hold
// only ever takes time the caller just saw free, so this is rare.
var ErrHeldElsewhere = errors.New("booking: slot no longer free")

// Hold holds a slot for a client inside tx (a waitlist offer): an
// appointment with status held, which blocks the slot exactly like a
// booking. The caller holds the therapist's lock (see OnFreed).
func (s *Service) Hold(ctx context.Context, tx db.Tx, therapistID, serviceID, clientID int64, start time.Time) (int64, error) {
	svc, loc, err := serviceOf(ctx, tx, therapistID, serviceID)
	if err != nil {
		return 0, err
	}
	sc, err := s.check(ctx, tx, svc, loc, start, checkOpts{})
	if err != nil {
		return 0, err
	}
	a := store.Appointment{TherapistID: therapistID, ClientID: clientID, ServiceID: svc.ID, LocationID: loc.ID,
		Status: StatusHeld, CreatedBy: clientID}
	var id int64
	// A savepoint, so that a refused insert leaves PostgreSQL's transaction
	// usable for the rest of the waitlist.
	err = tx.Savepoint(ctx, func() error {
		id, err = s.claim(ctx, tx, sc, a, start, 0)
		return err
	})
	if errors.Is(err, errTaken) {
		return 0, ErrHeldElsewhere
	}
	return id, err
}

// HoldSeries holds a standing weekly slot inside tx: count occurrences at
// first's local wall-clock time, each a held appointment of one new series,
// all or none (ErrHeldElsewhere when any is not bookable).
func (s *Service) HoldSeries(ctx context.Context, tx db.Tx, therapistID, serviceID, clientID int64, first time.Time, count int) (int64, []int64, error) {
	svc, loc, err := serviceOf(ctx, tx, therapistID, serviceID)
	if err != nil {
		return 0, nil, err
	}
	zone := tz.Or(loc.TimeZone)
	in := SeriesInput{BookInput: BookInput{Start: first}, EveryWeeks: 1, Count: count}
	starts, err := occurrences(in, zone)
	if err != nil {
		return 0, nil, err
	}
	sc, err := s.loadSchedule(ctx, tx, svc, loc, localDate(starts[0], zone), localDate(starts[len(starts)-1], zone).AddDays(1))
	if err != nil {
		return 0, nil, err
	}
	var seriesID int64
	var ids []int64
	wall := first.In(zone).Format("15:04")
	err = tx.Savepoint(ctx, func() error {
		seriesID, err = store.InsertSeries(ctx, tx, store.SeriesRow{TherapistID: therapistID, ClientID: clientID,
			ServiceID: svc.ID, LocationID: loc.ID, TimeZone: loc.TimeZone, FirstStart: first, EveryWeeks: 1,
			RRule: rrule(in, len(starts))}, s.now())
		if err != nil {
			return err
		}
		for i, start := range starts {
			if s.rulesAllow(sc, start, checkOpts{ignoreHorizon: i > 0}) != nil || start.In(zone).Format("15:04") != wall {
				return errTaken
			}
			a := store.Appointment{TherapistID: therapistID, ClientID: clientID, ServiceID: svc.ID, LocationID: loc.ID,
				SeriesID: seriesID, Status: StatusHeld, CreatedBy: clientID}
			id, err := s.claim(ctx, tx, sc, a, start, 0)
			if err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return nil
	})
	if errors.Is(err, errTaken) {
		return 0, nil, ErrHeldElsewhere
	}
	return seriesID, ids, err
}

// Told runs the OnChange hooks for a change made outside this package (a
// waitlist offer accepted: its held time is booked).
func (s *Service) Told(ctx context.Context, tx db.Tx, c Change) error { return s.told(ctx, tx, c) }

// errOffer refuses to cancel or move held time directly: it belongs to a
// waitlist offer, which is accepted or declined.
var errOffer = apperr.Conflict("not-active", "Appointment not active",
	"This time is held for you as a waitlist offer: accept or decline the offer.")
