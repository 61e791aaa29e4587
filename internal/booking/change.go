package booking

import (
	"context"
	"errors"
	"time"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/store"
)

// mine reads an appointment the actor may see, or not-found.
func mine(ctx context.Context, q db.Querier, actor *authz.Principal, id int64) (store.Appointment, error) {
	a, err := store.AppointmentByID(ctx, q, id)
	if errors.Is(err, store.ErrNotFound) || err == nil && a.ClientID != actor.UserID && a.TherapistID != actor.UserID {
		return a, apperr.ErrNotFound.With("No appointment of yours has this id.")
	}
	return a, err
}

// mineLocked is mine inside a write transaction, holding the therapist's
// booking lock before the appointment is read again.
func mineLocked(ctx context.Context, tx db.Tx, actor *authz.Principal, id int64) (store.Appointment, error) {
	a, err := mine(ctx, tx, actor, id)
	if err != nil {
		return a, err
	}
	if err := LockTherapist(ctx, tx, a.TherapistID); err != nil {
		return a, err
	}
	return mine(ctx, tx, actor, id)
}

// window reports whether a is inside its therapist's cancellation window,
// and whether that stops the actor: a client may no longer change it
// themself; a therapist always may.
func (s *Service) window(ctx context.Context, q db.Querier, actor *authz.Principal, a store.Appointment) (inside, blocked bool, err error) {
	rules, err := store.BookingRules(ctx, q, a.TherapistID)
	if err != nil {
		return false, false, err
	}
	inside = a.Start.Sub(s.now()) < time.Duration(rules.CancelWindowHours)*time.Hour
	return inside, inside && actor.UserID != a.TherapistID, nil
}

// Cancel cancels one appointment. A client inside the cancellation window
// gets cancel-window; a therapist may always. Late cancellations (inside
// the window) are recorded as such.
func (s *Service) Cancel(ctx context.Context, actor *authz.Principal, id int64, reason string) (Appointment, error) {
	err := s.db.InTx(ctx, func(tx db.Tx) error {
		a, err := mineLocked(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		if err := cancellable(a, s.now()); err != nil {
			return err
		}
		late, blocked, err := s.window(ctx, tx, actor, a)
		if err != nil {
			return err
		}
		if blocked {
			return ErrCancelWindow
		}
		if err := store.CancelAppointment(ctx, tx, a.ID, actor.UserID, reason, late, s.now()); err != nil {
			return err
		}
		if err := s.told(ctx, tx, Change{Kind: "cancelled", IDs: []int64{a.ID}, By: actor.UserID}); err != nil {
			return err
		}
		return s.tellFreed(ctx, tx, a.TherapistID)
	})
	if err != nil {
		return Appointment{}, err
	}
	return s.Get(ctx, actor, id)
}

func cancellable(a store.Appointment, now time.Time) error {
	if a.Status == StatusHeld {
		return errOffer
	}
	if a.Status == StatusReferred {
		return apperr.Conflict("not-active", "Appointment not active", "This session was stopped and referred; it stays on record as it is.")
	}
	if a.Status != StatusBooked {
		return apperr.Conflict("not-active", "Appointment not active", "This appointment is already "+a.Status+".")
	}
	if !a.Start.After(now) {
		return apperr.Conflict("not-active", "Appointment not active", "This appointment has already started.")
	}
	return nil
}

// Reschedule moves an appointment to a new start (same id), under the same
// rules as a new booking and, for clients, the cancellation window.
func (s *Service) Reschedule(ctx context.Context, actor *authz.Principal, id int64, start time.Time) (Appointment, error) {
	a, err := mine(ctx, s.db.R(), actor, id)
	if err != nil {
		return Appointment{}, err
	}
	svc, loc, err := serviceOf(ctx, s.db.R(), a.TherapistID, a.ServiceID)
	if err != nil {
		return Appointment{}, err
	}
	sc, err := s.check(ctx, s.db.R(), svc, loc, start, checkOpts{})
	if err != nil {
		return Appointment{}, err
	}
	if err := s.free(ctx, s.db.R(), sc, start, a.ID); err != nil {
		return Appointment{}, err
	}
	err = s.db.InTx(ctx, func(tx db.Tx) error {
		a, err := mineLocked(ctx, tx, actor, id) // as it is now, under the lock
		if err != nil {
			return err
		}
		if err := cancellable(a, s.now()); err != nil {
			return err
		}
		if _, blocked, err := s.window(ctx, tx, actor, a); err != nil || blocked {
			if err == nil {
				err = ErrCancelWindow
			}
			return err
		}
		if _, err = s.claim(ctx, tx, sc, a, start, a.ID); err != nil {
			return err
		}
		if err := s.told(ctx, tx, Change{Kind: "moved", IDs: []int64{a.ID}, By: actor.UserID}); err != nil {
			return err
		}
		return s.tellFreed(ctx, tx, a.TherapistID)
	})
	if errors.Is(err, errTaken) {
		err = s.taken(ctx, s.db.R(), sc, start, a.ID)
	}
	if err != nil {
		return Appointment{}, err
	}
	return s.Get(ctx, actor, id)
}

// MarkNoShow records that the client did not come; therapists only, once
// the session has started.
func (s *Service) MarkNoShow(ctx context.Context, actor *authz.Principal, id int64) (Appointment, error) {
	a, err := mine(ctx, s.db.R(), actor, id)
	if err != nil {
		return Appointment{}, err
	}
	if a.TherapistID != actor.UserID {
		return Appointment{}, apperr.ErrForbidden.With("Only the therapist records a no-show.")
	}
	if a.Status != StatusBooked || a.Start.After(s.now()) {
		return Appointment{}, apperr.Conflict("not-active", "Appointment not active", "Only a booked session that has started can be a no-show.")
	}
	if err := store.SetAppointmentStatus(ctx, s.db.W(), id, StatusNoShow, s.now()); err != nil {
		return Appointment{}, err
	}
	return s.Get(ctx, actor, id)
}

// List returns the actor's appointments starting in [from, to), by start.
func (s *Service) List(ctx context.Context, actor *authz.Principal, f store.AppointmentFilter) ([]Appointment, error) {
	f.TherapistID, f.ClientID = 0, 0
	if actor.Role == authz.RoleTherapist {
		f.TherapistID = actor.UserID
	} else {
		f.ClientID = actor.UserID
	}
	rows, err := store.Appointments(ctx, s.db.R(), f)
	if err != nil {
		return nil, err
	}
	out := make([]Appointment, len(rows))
	for i, a := range rows {
		out[i] = s.present(a)
	}
	return out, nil
}
