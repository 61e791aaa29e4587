package booking

import (
	"context"
	"errors"
	"time"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/tz"
)

// MaxSlotDays bounds one slots call (API.md: at most 31 days).
const MaxSlotDays = 31

// Slot is a bookable session.
type Slot struct{ Start, End time.Time }

// Slots lists every start at which a therapist's service can be booked now
// within [from, to), in the location's zone, ascending.
func (s *Service) Slots(ctx context.Context, therapistID, serviceID int64, from, to time.Time) (*time.Location, []Slot, error) {
	f := apperr.Fields{}
	f.Check(!from.IsZero(), "from", "Give from as an RFC 3339 time with an offset.")
	f.Check(!to.IsZero(), "to", "Give to as an RFC 3339 time with an offset.")
	f.Check(from.IsZero() || to.IsZero() || from.Before(to), "to", "to must be after from.")
	f.Check(to.Sub(from) <= MaxSlotDays*24*time.Hour, "to", "Ask for at most 31 days at a time.")
	if err := f.Err(); err != nil {
		return nil, nil, err
	}
	return s.SlotsOn(ctx, s.db.R(), therapistID, serviceID, from, to)
}

// SlotsOn is Slots read through q: inside a transaction, it sees what the
// transaction changed (a waitlist offer made as a booking is cancelled).
func (s *Service) SlotsOn(ctx context.Context, q db.Querier, therapistID, serviceID int64, from, to time.Time) (*time.Location, []Slot, error) {
	svc, loc, err := serviceOf(ctx, q, therapistID, serviceID)
	if err != nil {
		return nil, nil, err
	}
	zone := tz.Or(loc.TimeZone)
	first, last := localDate(from, zone).AddDays(-1), localDate(to, zone).AddDays(2)
	sc, err := s.loadSchedule(ctx, q, svc, loc, first, last)
	if err != nil {
		return nil, nil, err
	}
	if err := sc.loadBusy(ctx, q, from.Add(-24*time.Hour), to.Add(24*time.Hour), 0); err != nil {
		return nil, nil, err
	}
	var out []Slot
	dur := time.Duration(svc.DurationMinutes) * time.Minute
	for _, fr := range sc.free(s.now(), from, to) {
		for m := fr.First; m <= fr.Last; m += fr.Step {
			start := m.Time().In(zone)
			out = append(out, Slot{start, start.Add(dur)})
		}
	}
	return zone, out, nil
}

// CancelSeries cancels the occurrence starting at from and every later
// one. A client cannot cancel occurrences inside the cancellation window:
// those are kept and listed.
func (s *Service) CancelSeries(ctx context.Context, actor *authz.Principal, seriesID int64, from time.Time, reason string) (cancelled, kept []int64, err error) {
	err = s.db.InTx(ctx, func(tx db.Tx) error {
		series, err := store.SeriesByID(ctx, tx, seriesID)
		if errors.Is(err, store.ErrNotFound) || err == nil && series.ClientID != actor.UserID && series.TherapistID != actor.UserID {
			return apperr.ErrNotFound.With("No series of yours has this id.")
		}
		if err != nil {
			return err
		}
		if err := LockTherapist(ctx, tx, series.TherapistID); err != nil {
			return err
		}
		rows, err := store.Appointments(ctx, tx, store.AppointmentFilter{SeriesID: seriesID, From: from})
		if err != nil {
			return err
		}
		for _, a := range rows {
			if a.Status != StatusBooked || !a.Start.After(s.now()) {
				continue
			}
			late, blocked, err := s.window(ctx, tx, actor, a)
			if err != nil {
				return err
			}
			if blocked {
				kept = append(kept, a.ID)
				continue
			}
			if err := store.CancelAppointment(ctx, tx, a.ID, actor.UserID, reason, late, s.now()); err != nil {
				return err
			}
			cancelled = append(cancelled, a.ID)
		}
		if len(cancelled) == 0 {
			return nil
		}
		if err := s.told(ctx, tx, Change{Kind: "cancelled", IDs: cancelled, By: actor.UserID}); err != nil {
			return err
		}
		return s.tellFreed(ctx, tx, series.TherapistID)
	})
	return cancelled, kept, err
}
