package waitlist

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/booking"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/tz"
)

// Match offers a therapist's free time to the people waiting, first come
// first served: each waiting entry gets the earliest free start in its
// range and window that it was not offered before. It runs inside the
// transaction that freed the time, under the therapist's lock, so the
// offer and the change commit together.
func (s *Service) Match(ctx context.Context, tx db.Tx, therapistID int64) error {
	entries, err := store.WaitingFor(ctx, tx, therapistID, s.now().UTC().AddDate(0, 0, -1).Format(time.DateOnly))
	if err != nil {
		return err
	}
	for _, e := range entries {
		if err := s.offerTo(ctx, tx, e); err != nil {
			return err
		}
	}
	return nil
}

// slotDays is how much of an entry's range one slots read covers.
const slotDays = booking.MaxSlotDays

func (s *Service) offerTo(ctx context.Context, tx db.Tx, e store.WaitlistEntry) error {
	_, loc, err := store.ServiceAndLocation(ctx, tx, e.ServiceID)
	if errors.Is(err, store.ErrNotFound) { // the service was removed: nothing to offer
		return nil
	}
	if err != nil {
		return err
	}
	// A client whose screening does not allow this booking now keeps their
	// place but is not offered the slot: it goes to someone who can take it.
	self := &authz.Principal{UserID: e.ClientID, Role: authz.RoleClient}
	if err := s.booking.MayBook(ctx, tx, self, e.ClientID, e.TherapistID, e.ServiceID); err != nil {
		return skipForbidden(err)
	}
	zone, err := tz.Load(loc.TimeZone)
	if err != nil {
		return err
	}
	from, to := midnight(e.FromDay, zone), midnight(e.ToDay, zone)
	if now := s.now(); from.Before(now) {
		from = now
	}
	tried, err := store.OfferedStarts(ctx, tx, e.ID)
	if err != nil {
		return err
	}
	for a := from; a.Before(to); a = a.Add(slotDays * 24 * time.Hour) {
		b := a.Add(slotDays * 24 * time.Hour)
		if b.After(to) {
			b = to
		}
		_, slots, err := s.booking.SlotsOn(ctx, tx, e.TherapistID, e.ServiceID, a, b)
		if apperr.From(err).Status < 500 && err != nil { // not bookable now (no licence, say): wait on
			return nil
		}
		if err != nil {
			return err
		}
		for _, sl := range slots {
			if tried[sl.Start.UTC()] || !inWindow(sl, zone, e) {
				continue
			}
			weeks := 1
			if e.Weekly { // a standing slot starts in the first week and repeats to the end
				if sl.Start.Sub(from) >= 7*24*time.Hour {
					return nil
				}
				weeks = min(int(to.Sub(sl.Start)/(7*24*time.Hour))+1, booking.MaxSeries)
			}
			done, err := s.offer(ctx, tx, e, sl, weeks)
			if done || err != nil {
				return err
			}
		}
	}
	return nil
}

// inWindow reports whether a slot starts and ends inside the entry's local
// time window (API.md "Time").
func inWindow(sl booking.Slot, zone *time.Location, e store.WaitlistEntry) bool {
	start, end := sl.Start.In(zone), sl.End.In(zone)
	sm := start.Hour()*60 + start.Minute()
	em := end.Hour()*60 + end.Minute()
	if end.YearDay() != start.YearDay() {
		em += 1440
	}
	return sm >= e.WindowStart && em <= e.WindowEnd
}

// offer holds a slot — every week of it, for a standing slot — for an
// entry and schedules the offer's expiry; false when the slot turned out
// to be taken.
func (s *Service) offer(ctx context.Context, tx db.Tx, e store.WaitlistEntry, sl booking.Slot, weeks int) (bool, error) {
	var apptID, seriesID int64
	var err error
	if weeks > 1 {
		var ids []int64
		if seriesID, ids, err = s.booking.HoldSeries(ctx, tx, e.TherapistID, e.ServiceID, e.ClientID, sl.Start, weeks); err == nil {
			apptID = ids[0]
		}
	} else {
		apptID, err = s.booking.Hold(ctx, tx, e.TherapistID, e.ServiceID, e.ClientID, sl.Start)
	}
	if errors.Is(err, booking.ErrHeldElsewhere) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	now := s.now()
	expires := now.Add(s.hold)
	if sl.Start.Before(expires) {
		expires = sl.Start
	}
	id, err := store.InsertWaitlistOffer(ctx, tx, store.WaitlistOffer{EntryID: e.ID, AppointmentID: apptID, SeriesID: seriesID, Start: sl.Start,
		End: sl.End, ExpiresAt: expires}, now)
	if err != nil {
		return false, err
	}
	if _, err := store.SetWaitlistStatus(ctx, tx, e.ID, Waiting, Offered, now); err != nil {
		return false, err
	}
	if err := s.jobs.Enqueue(ctx, tx, ExpireArgs{OfferID: id}, expires); err != nil {
		return false, err
	}
	return true, s.booking.Told(ctx, tx, booking.Change{Kind: "offered", IDs: []int64{apptID}, By: e.ClientID, Until: expires})
}

func midnight(day string, zone *time.Location) time.Time {
	d, _ := time.Parse(time.DateOnly, day)
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, zone)
}

// Accept books the held slot for the client the offer is for.
func (s *Service) Accept(ctx context.Context, actor *authz.Principal, offerID int64) (booking.Appointment, error) {
	var apptID int64
	err := s.answer(ctx, actor, offerID, func(tx db.Tx, o store.WaitlistOffer, e store.WaitlistEntry) error {
		now := s.now()
		if !now.Before(o.ExpiresAt) {
			return ErrOfferExpired
		}
		// Accepting is booking: the screening gate applies as it is now.
		if err := s.booking.MayBook(ctx, tx, actor, e.ClientID, e.TherapistID, e.ServiceID); err != nil {
			return err
		}
		if ok, err := store.SetHeldStatus(ctx, tx, o.AppointmentID, o.SeriesID, booking.StatusBooked, now); err != nil || !ok {
			return orExpired(err)
		}
		if _, err := store.CloseWaitlistOffer(ctx, tx, o.ID, "accepted", now); err != nil {
			return err
		}
		apptID = o.AppointmentID
		if _, err := store.SetWaitlistStatus(ctx, tx, e.ID, Offered, Booked, now); err != nil {
			return err
		}
		ids := []int64{o.AppointmentID}
		if o.SeriesID != 0 {
			rows, err := store.Appointments(ctx, tx, store.AppointmentFilter{SeriesID: o.SeriesID})
			if err != nil {
				return err
			}
			ids = ids[:0]
			for _, r := range rows {
				ids = append(ids, r.ID)
			}
		}
		return s.booking.Told(ctx, tx, booking.Change{Kind: "booked", IDs: ids, By: actor.UserID})
	})
	if err != nil {
		return booking.Appointment{}, err
	}
	return s.booking.Get(ctx, actor, apptID)
}

// Decline lets the slot go to the next person waiting; the client keeps
// waiting for another.
func (s *Service) Decline(ctx context.Context, actor *authz.Principal, offerID int64) error {
	return s.answer(ctx, actor, offerID, func(tx db.Tx, o store.WaitlistOffer, e store.WaitlistEntry) error {
		return s.release(ctx, tx, o, e, "declined")
	})
}

// Expire ends an offer whose time is up; a job runs it at the offer's
// expiry. An offer already answered, or not yet due, is left alone.
func (s *Service) Expire(ctx context.Context, offerID int64) error {
	return s.locked(ctx, offerID, func(tx db.Tx, o store.WaitlistOffer, e store.WaitlistEntry) error {
		if o.Status != "open" || s.now().Before(o.ExpiresAt) {
			return nil
		}
		return s.release(ctx, tx, o, e, "expired")
	})
}

// release frees an offer's held slot, puts the entry back in line and
// offers the slot on.
func (s *Service) release(ctx context.Context, tx db.Tx, o store.WaitlistOffer, e store.WaitlistEntry, status string) error {
	now := s.now()
	if ok, err := store.CloseWaitlistOffer(ctx, tx, o.ID, status, now); err != nil || !ok {
		return orExpired(err)
	}
	if _, err := store.SetHeldStatus(ctx, tx, o.AppointmentID, o.SeriesID, booking.StatusCancelled, now); err != nil {
		return err
	}
	if _, err := store.SetWaitlistStatus(ctx, tx, e.ID, Offered, Waiting, now); err != nil {
		return err
	}
	return s.Match(ctx, tx, e.TherapistID)
}

// answer runs a client's answer to their own open offer.
func (s *Service) answer(ctx context.Context, actor *authz.Principal, offerID int64, fn func(db.Tx, store.WaitlistOffer, store.WaitlistEntry) error) error {
	return s.locked(ctx, offerID, func(tx db.Tx, o store.WaitlistOffer, e store.WaitlistEntry) error {
		if e.ClientID != actor.UserID {
			return apperr.ErrNotFound.With("No offer of yours has this id.")
		}
		if o.Status != "open" {
			return ErrOfferExpired
		}
		return fn(tx, o, e)
	})
}

// locked reads an offer under its therapist's booking lock, so accepting,
// declining, expiring and booking that time queue one behind another.
func (s *Service) locked(ctx context.Context, offerID int64, fn func(db.Tx, store.WaitlistOffer, store.WaitlistEntry) error) error {
	return s.db.InTx(ctx, func(tx db.Tx) error {
		_, e, err := store.WaitlistOfferByID(ctx, tx, offerID)
		if errors.Is(err, store.ErrNotFound) {
			return apperr.ErrNotFound.With("No offer of yours has this id.")
		}
		if err != nil {
			return err
		}
		if err := booking.LockTherapist(ctx, tx, e.TherapistID); err != nil {
			return err
		}
		o, e, err := store.WaitlistOfferByID(ctx, tx, offerID) // as it is now, under the lock
		if err != nil {
			return err
		}
		return fn(tx, o, e)
	})
}

// skipForbidden is nil for a 403 (the gate refused: skip this entry) and
// err otherwise.
func skipForbidden(err error) error {
	if apperr.From(err).Status == http.StatusForbidden {
		return nil
	}
	return err
}

func orExpired(err error) error {
	if err != nil {
		return err
	}
	return ErrOfferExpired
}

// Leave takes a client off the waitlist; an open offer is declined first.
func (s *Service) Leave(ctx context.Context, actor *authz.Principal, entryID int64) error {
	e, err := store.WaitlistEntryByID(ctx, s.db.R(), entryID)
	if errors.Is(err, store.ErrNotFound) || err == nil && e.ClientID != actor.UserID {
		return apperr.ErrNotFound.With("No waitlist entry of yours has this id.")
	}
	if err != nil {
		return err
	}
	// One transaction under the therapist's lock: the entry leaves first,
	// so letting its offer go cannot hand the slot straight back to it.
	return s.db.InTx(ctx, func(tx db.Tx) error {
		if err := booking.LockTherapist(ctx, tx, e.TherapistID); err != nil {
			return err
		}
		// As it is now, under the lock; one booked or gone already stays so.
		e, err := store.WaitlistEntryByID(ctx, tx, entryID)
		if err != nil || e.Status != Waiting && e.Status != Offered {
			return err
		}
		if _, err := store.SetWaitlistStatus(ctx, tx, entryID, e.Status, Left, s.now()); err != nil || e.Offer == nil {
			return err
		}
		if _, err := store.CloseWaitlistOffer(ctx, tx, e.Offer.ID, "declined", s.now()); err != nil {
			return err
		}
		if _, err := store.SetHeldStatus(ctx, tx, e.Offer.AppointmentID, e.Offer.SeriesID, booking.StatusCancelled, s.now()); err != nil {
			return err
		}
		return s.Match(ctx, tx, e.TherapistID)
	})
}
