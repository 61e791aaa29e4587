package booking

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/therapist"
	"github.com/knead/knead/internal/tz"
)

// BookInput is a request for one appointment. A client books for
// themself; a therapist books for one of their clients with ClientID.
type BookInput struct {
	TherapistID, ServiceID, ClientID int64
	Start                            time.Time
}

// Alternative is a free start offered instead of a taken one.
type Alternative struct{ Start, End time.Time }

// alternativeDays is how far around a taken start alternatives are sought.
const alternativeDays = 7

// Book creates an appointment, or explains why not: 422 not-bookable for a
// start the rules forbid, 409 slot-taken with alternatives when another
// booking holds it. The database refuses overlaps even when two servers
// race past the check.
func (s *Service) Book(ctx context.Context, actor *authz.Principal, in BookInput) (Appointment, error) {
	clientID, err := s.clientFor(ctx, actor, in.TherapistID, in.ClientID)
	if err != nil {
		return Appointment{}, err
	}
	svc, loc, err := serviceOf(ctx, s.db.R(), in.TherapistID, in.ServiceID)
	if err != nil {
		return Appointment{}, err
	}
	if err := s.gate(ctx, s.db.R(), actor, clientID, svc); err != nil {
		return Appointment{}, err
	}
	sc, err := s.check(ctx, s.db.R(), svc, loc, in.Start, checkOpts{})
	if err != nil {
		return Appointment{}, err
	}
	at := s.now()
	a := store.Appointment{TherapistID: svc.TherapistID, ClientID: clientID, ServiceID: svc.ID, LocationID: loc.ID,
		Status: StatusBooked, CreatedBy: actor.UserID, CreatedAt: at}
	// A look at the bookings before queueing for the write lock: most
	// losers of a race for one slot are answered here, without it.
	if err := s.free(ctx, s.db.R(), sc, in.Start, 0); err != nil {
		return Appointment{}, err
	}
	err = s.db.InGroupTx(ctx, func(tx db.Tx) error {
		if err := LockTherapist(ctx, tx, svc.TherapistID); err != nil {
			return err
		}
		if a.ID, err = s.claim(ctx, tx, sc, a, in.Start, 0); err != nil {
			return err
		}
		return s.told(ctx, tx, Change{Kind: "booked", IDs: []int64{a.ID}, By: actor.UserID})
	})
	if errors.Is(err, errTaken) {
		err = s.taken(ctx, s.db.R(), sc, in.Start, 0)
	}
	if err != nil {
		return Appointment{}, err
	}
	if actor.UserID != clientID {
		return s.Get(ctx, actor, a.ID)
	}
	return s.present(booked(a, sc, actor, in.Start, at)), nil
}

// booked is the new appointment as Get would read it back, from what the
// request already holds: the client (the caller), the therapist, service
// and location (the schedule). Reading it back was a tenth of a booking's
// time.
func booked(a store.Appointment, sc *schedule, client *authz.Principal, start, at time.Time) store.Appointment {
	a.Start = start.UTC()
	a.End = a.Start.Add(time.Duration(sc.svc.DurationMinutes) * time.Minute)
	a.BlocksUntil = a.End.Add(time.Duration(sc.svc.BufferMinutes) * time.Minute)
	a.CreatedAt, a.UpdatedAt = at, at
	a.TherapistName, a.TherapistEmail, a.TherapistZone = sc.therapist[0], sc.therapist[1], sc.therapist[2]
	a.ClientName, a.ClientEmail, a.ClientVerified, a.ClientZone = client.Name, client.Email, client.EmailVerified, client.TimeZone
	a.ServiceName, a.Technique = sc.svc.Name, sc.svc.Technique
	a.LocationName, a.TimeZone, a.LocationAddress, a.LocationCity = sc.loc.Name, sc.loc.TimeZone, sc.loc.Address, sc.loc.City
	return a
}

// checkOpts vary the checks: a series' later occurrences may lie beyond the
// horizon.
type checkOpts struct {
	ignoreHorizon bool
}

// check loads the set-up around start and returns an error unless start is
// bookable by the rules (bookings aside: claim checks those).
func (s *Service) check(ctx context.Context, q db.Querier, svc therapist.Service, loc therapist.Location, start time.Time, o checkOpts) (*schedule, error) {
	if start.IsZero() {
		return nil, apperr.Fields{"start": "Give the start as an RFC 3339 time with an offset."}.Err()
	}
	day := localDate(start, tz.Or(loc.TimeZone))
	sc, err := s.loadSchedule(ctx, q, svc, loc, day.AddDays(-alternativeDays), day.AddDays(alternativeDays+1))
	if err != nil {
		return nil, err
	}
	return sc, s.rulesAllow(sc, start, o)
}

// rulesAllow applies every rule but other bookings to one start.
func (s *Service) rulesAllow(sc *schedule, start time.Time, o checkOpts) error {
	now, m := s.now(), MinuteOf(start)
	onGrid := len(FreeStarts(sc.opens, nil, nil, Query{Duration: Minute(sc.svc.DurationMinutes), Grid: Minute(sc.rules.GridMinutes),
		Earliest: m, Latest: m + 1}, nil)) > 0
	switch {
	case start.Second() != 0 || start.Nanosecond() != 0:
		return notBookable("start", "Start on a whole minute.")
	case !start.After(now):
		return notBookable("start", "This time is in the past.")
	case start.Before(now.Add(time.Duration(sc.rules.MinNoticeHours) * time.Hour)):
		return notBookable("start", fmt.Sprintf("Bookings need at least %d hours’ notice.", sc.rules.MinNoticeHours))
	case !o.ignoreHorizon && !start.Before(now.Add(time.Duration(sc.rules.HorizonDays)*24*time.Hour)):
		return notBookable("start", fmt.Sprintf("Bookings open at most %d days ahead.", sc.rules.HorizonDays))
	case !onGrid:
		return notBookable("start", fmt.Sprintf("This time is outside the therapist’s working hours or off their %d-minute grid.", sc.rules.GridMinutes))
	case sc.until.IsZero() || !start.Before(sc.until):
		return notBookable("therapist_id", "This therapist has no verified licence valid for "+sc.loc.Jurisdiction+" on that date.")
	case len(FreeStarts(sc.opens, nil, sc.off, sc.at(m), nil)) == 0:
		return notBookable("start", "The therapist is away at this time.")
	}
	return nil
}

// errTaken is claim's answer for a start another booking holds; the caller
// turns it into slot-taken with alternatives once the transaction is over.
var errTaken = errors.New("booking: start taken")

// free answers slot-taken, with alternatives, when the bookings read through q
// leave start unavailable. It reads only the bookings that could meet this
// one (most starts are free: a fortnight's bookings cost a winner an eighth
// of its time); a loser reads the fortnight for its alternatives.
func (s *Service) free(ctx context.Context, q db.Querier, sc *schedule, start time.Time, except int64) error {
	until := start.Add(time.Duration(sc.svc.DurationMinutes+sc.svc.BufferMinutes) * time.Minute)
	if err := sc.loadBusy(ctx, q, start, until, except); err != nil {
		return err
	}
	if len(FreeStarts(sc.opens, sc.busy, sc.off, sc.at(MinuteOf(start)), nil)) == 0 {
		return s.taken(ctx, q, sc, start, except)
	}
	return nil
}

// claim inserts (or, with except, moves) the appointment inside the write
// transaction. The database refuses an overlap — the exclusion constraint
// on PostgreSQL, the triggers on SQLite — and that refusal is errTaken; the
// friendly look at the bookings happened before (free), so the write lock
// is held for one statement.
func (s *Service) claim(ctx context.Context, tx db.Tx, sc *schedule, a store.Appointment, start time.Time, except int64) (int64, error) {
	end := start.Add(time.Duration(sc.svc.DurationMinutes) * time.Minute)
	blocks := end.Add(time.Duration(sc.svc.BufferMinutes) * time.Minute)
	a.Start, a.End, a.BlocksUntil = start, end, blocks
	var id int64
	var err error
	if except != 0 {
		id, err = except, store.MoveAppointment(ctx, tx, except, start, end, blocks, s.now())
	} else {
		id, err = store.InsertAppointment(ctx, tx, a, cmp.Or(a.CreatedAt, s.now()))
	}
	if errors.Is(err, store.ErrOverlap) {
		return 0, errTaken
	}
	if errors.Is(err, store.ErrArchived) {
		return 0, errServiceGone()
	}
	return id, err
}

// taken is slot-taken with alternatives read from the bookings of the
// fortnight around start.
func (s *Service) taken(ctx context.Context, q db.Querier, sc *schedule, start time.Time, except int64) error {
	window := time.Duration(alternativeDays) * 24 * time.Hour
	if err := sc.loadBusy(ctx, q, start.Add(-window-24*time.Hour), start.Add(window+24*time.Hour), except); err != nil {
		return err
	}
	return s.slotTaken(sc, start)
}

// slotTaken answers 409 with up to three free starts nearest the one asked.
func (s *Service) slotTaken(sc *schedule, start time.Time) error {
	e := ErrSlotTaken.With("")
	e.Detail = ErrSlotTaken.Detail
	alts := s.alternatives(sc, start)
	out := make([]map[string]string, len(alts))
	for i, a := range alts {
		out[i] = map[string]string{"start": a.Start.In(sc.zone).Format(time.RFC3339), "end": a.End.In(sc.zone).Format(time.RFC3339)}
	}
	e.Extra = map[string]any{"alternatives": out}
	return e
}

func (s *Service) alternatives(sc *schedule, start time.Time) []Alternative {
	window := time.Duration(alternativeDays) * 24 * time.Hour
	free := sc.free(s.now(), start.Add(-window), start.Add(window))
	return nearest(free, MinuteOf(start), 3, Minute(sc.svc.DurationMinutes))
}

// nearest picks the n starts closest to m, nearest first (earlier first on
// a tie).
func nearest(free []Free, m Minute, n int, duration Minute) []Alternative {
	var out []Alternative
	var all []Minute
	for _, f := range free {
		for x := f.First; x <= f.Last; x += f.Step {
			if x != m {
				all = append(all, x)
			}
		}
	}
	dist := func(x Minute) Minute { return max(x-m, m-x) }
	for range n {
		best := -1
		for i, x := range all {
			if best < 0 || dist(x) < dist(all[best]) || dist(x) == dist(all[best]) && x < all[best] {
				best = i
			}
		}
		if best < 0 {
			break
		}
		out = append(out, Alternative{all[best].Time(), (all[best] + duration).Time()})
		all = append(all[:best], all[best+1:]...)
	}
	return out
}

// errServiceGone answers a booking whose service or location the therapist
// removed after it was read.
func errServiceGone() error {
	return apperr.Fields{"service_id": "This therapist no longer offers this service."}.Err()
}

// serviceOf reads a service and its location and checks they are the
// therapist's; another therapist's service is not-found.
func serviceOf(ctx context.Context, q db.Querier, therapistID, serviceID int64) (therapist.Service, therapist.Location, error) {
	svc, loc, err := store.ServiceAndLocation(ctx, q, serviceID)
	if errors.Is(err, store.ErrNotFound) || err == nil && svc.TherapistID != therapistID {
		return svc, loc, apperr.Fields{"service_id": "This therapist offers no such service."}.Err()
	}
	return svc, loc, err
}

// clientFor decides whose appointment this is: a client's own, or — for a
// therapist booking for someone — an existing client account.
func (s *Service) clientFor(ctx context.Context, actor *authz.Principal, therapistID, clientID int64) (int64, error) {
	switch actor.Role {
	case authz.RoleClient:
		if clientID != 0 && clientID != actor.UserID {
			return 0, apperr.ErrForbidden.With("Clients book for themselves.")
		}
		return actor.UserID, nil
	case authz.RoleTherapist:
		if therapistID != actor.UserID {
			return 0, apperr.ErrForbidden.With("Therapists book in their own calendar.")
		}
		if clientID == 0 {
			return 0, apperr.Fields{"client_id": "Choose the client you are booking for."}.Err()
		}
		u, err := store.UserByID(ctx, s.db.R(), clientID)
		if errors.Is(err, store.ErrNotFound) || err == nil && u.Role != authz.RoleClient {
			return 0, apperr.Fields{"client_id": "No client has this id."}.Err()
		}
		return clientID, err
	}
	return 0, apperr.ErrForbidden.With("Only clients and therapists book sessions.")
}

// Get reads an appointment the actor may see: their own, or one with them.
func (s *Service) Get(ctx context.Context, actor *authz.Principal, id int64) (Appointment, error) {
	a, err := store.AppointmentByID(ctx, s.db.R(), id)
	if errors.Is(err, store.ErrNotFound) || err == nil && a.ClientID != actor.UserID && a.TherapistID != actor.UserID {
		return Appointment{}, apperr.ErrNotFound.With("No appointment of yours has this id.")
	}
	if err != nil {
		return Appointment{}, err
	}
	return s.present(a), nil
}
