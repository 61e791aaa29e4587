package practice

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/therapist"
)

// Changing and removing what a therapist set up. A location or service
// with sessions still to come cannot be removed: those clients are
// expecting them, so the therapist cancels or moves them first. Removal
// archives, because past appointments keep naming the place and service.
// Each change holds the therapist's booking lock, so no booking slips in
// between the check and the change.

func hasSessions(n int, what string) error {
	plural := "s"
	if n == 1 {
		plural = ""
	}
	return apperr.Conflict("has-appointments", "Upcoming appointments",
		fmt.Sprintf("This %s has %d upcoming appointment%s. Cancel or move them first.", what, n, plural))
}

// UpdateLocation replaces a location's details. Its time zone cannot change
// while sessions there are still to come: their local times would shift.
func (s *Service) UpdateLocation(ctx context.Context, actor *authz.Principal, l therapist.Location) (therapist.Location, error) {
	l, err := checkLocation(l)
	if err != nil {
		return l, err
	}
	l.TherapistID = actor.UserID
	err = s.lockedEdit(ctx, actor, func(tx db.Tx) error {
		old, err := ownedLocation(ctx, tx, actor, l.ID)
		if err != nil {
			return err
		}
		if old.TimeZone != l.TimeZone {
			n, err := store.UpcomingAt(ctx, tx, "location_id", l.ID, s.now())
			if err != nil {
				return err
			}
			if n > 0 {
				return apperr.Fields{"time_zone": fmt.Sprintf("%d upcoming appointments are booked here in %s. Cancel or move them before changing the zone.", n, old.TimeZone)}.Err()
			}
		}
		return store.UpdateLocation(ctx, tx, l)
	})
	return l, err
}

// ownedLocation is not-found unless the location is the actor's.
func ownedLocation(ctx context.Context, q db.Querier, actor *authz.Principal, id int64) (therapist.Location, error) {
	l, err := store.LocationByID(ctx, q, id)
	if err == nil && l.TherapistID != actor.UserID {
		err = store.ErrNotFound
	}
	return l, notFound(err, "location")
}

// RemoveLocation archives a location and its services.
func (s *Service) RemoveLocation(ctx context.Context, actor *authz.Principal, id int64) error {
	return s.lockedEdit(ctx, actor, func(tx db.Tx) error {
		if _, err := ownedLocation(ctx, tx, actor, id); err != nil {
			return err
		}
		n, err := store.UpcomingAt(ctx, tx, "location_id", id, s.now())
		if err != nil {
			return err
		}
		if n > 0 {
			return hasSessions(n, "location")
		}
		return store.ArchiveLocation(ctx, tx, actor.UserID, id, s.now())
	})
}

// UpdateService replaces a service's details. Sessions already booked keep
// the length and buffer they were booked with.
func (s *Service) UpdateService(ctx context.Context, actor *authz.Principal, v therapist.Service) (therapist.Service, error) {
	v, err := checkService(v)
	if err != nil {
		return v, err
	}
	v.TherapistID = actor.UserID
	err = s.lockedEdit(ctx, actor, func(tx db.Tx) error {
		if err := s.ownLocation(ctx, tx, actor, v.LocationID); err != nil {
			return err
		}
		return notFound(store.UpdateService(ctx, tx, v), "service")
	})
	return v, err
}

// RemoveService archives a service.
func (s *Service) RemoveService(ctx context.Context, actor *authz.Principal, id int64) error {
	return s.lockedEdit(ctx, actor, func(tx db.Tx) error {
		if _, err := store.ServiceByID(ctx, tx, actor.UserID, id); err != nil {
			return notFound(err, "service")
		}
		n, err := store.UpcomingAt(ctx, tx, "service_id", id, s.now())
		if err != nil {
			return err
		}
		if n > 0 {
			return hasSessions(n, "service")
		}
		return store.ArchiveService(ctx, tx, actor.UserID, id, s.now())
	})
}

// RemoveExtraHours deletes extra hours. Sessions already booked in them stay.
func (s *Service) RemoveExtraHours(ctx context.Context, actor *authz.Principal, id int64) error {
	return s.lockedEdit(ctx, actor, func(tx db.Tx) error {
		return notFound(store.DeleteExtraHours(ctx, tx, actor.UserID, id), "extra hours")
	})
}

// RemoveTimeOff deletes time off: the time becomes bookable again.
func (s *Service) RemoveTimeOff(ctx context.Context, actor *authz.Principal, id int64) error {
	return s.lockedEdit(ctx, actor, func(tx db.Tx) error {
		if err := notFound(store.DeleteTimeOff(ctx, tx, actor.UserID, id), "time off"); err != nil {
			return err
		}
		return s.opened(ctx, tx, actor.UserID)
	})
}

// ExtraHours lists extra hours from today (UTC, so a zone ahead still sees
// its today) on.
func (s *Service) ExtraHours(ctx context.Context, actor *authz.Principal) ([]store.ExtraHoursRow, error) {
	return store.ExtraHoursOf(ctx, s.db.R(), actor.UserID, s.now().UTC().AddDate(0, 0, -1).Format(time.DateOnly))
}

// TimeOff lists time off that has not ended.
func (s *Service) TimeOff(ctx context.Context, actor *authz.Principal) ([]store.TimeOffRow, error) {
	return store.UpcomingTimeOff(ctx, s.db.R(), actor.UserID, s.now())
}

// lockedEdit runs a set-up change in a transaction holding the therapist's
// booking lock.
func (s *Service) lockedEdit(ctx context.Context, actor *authz.Principal, fn func(tx db.Tx) error) error {
	if actor.Role != authz.RoleTherapist {
		return apperr.ErrForbidden.With("Only therapists set up a practice.")
	}
	return s.db.InTx(ctx, func(tx db.Tx) error {
		if err := tx.Lock(ctx, db.TherapistLock, actor.UserID); err != nil {
			return err
		}
		return fn(tx)
	})
}

func notFound(err error, what string) error {
	if errors.Is(err, store.ErrNotFound) {
		return apperr.ErrNotFound.With("You have no " + what + " with this id.")
	}
	return err
}
