package homecare

import (
	"context"
	"errors"
	"time"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/audit"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/screening"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/tz"
)

// RecordType names a client's home-care plan (assignments and ticks) in
// the audit log; its record ID is the client's.
const RecordType = "home_care"

// Service runs home care.
type Service struct {
	db  *db.DB
	now func() time.Time
}

// New returns the home-care service.
func New(d *db.DB, now func() time.Time) *Service { return &Service{db: d, now: now} }

// Item is an assigned routine as shown.
type Item struct {
	store.CareAssignment
	Routine
	DoneToday, DueToday int // a weekly routine is due once a day at most
	Excluded            *Exclusion
}

// Offer is a library routine as offered to one client.
type Offer struct {
	Routine
	Assigned bool
	Excluded *Exclusion
}

// Plan is a client's home care: their routines, adherence over the last 7
// and 28 days, and (for their therapist) the library as offered to them.
type Plan struct {
	ClientID     int64
	ClientName   string
	Zone         *time.Location
	Items        []Item
	Week, Month  Adherence
	Offers       []Offer
	ScreeningID  int64 // 0 when the client has not taken one
	SeeClinician bool
	screened     Screened
}

// Mine is the signed-in client's plan, its read recorded.
func (s *Service) Mine(ctx context.Context, a audit.Access) (Plan, error) {
	if a.Actor.Role != authz.RoleClient {
		return Plan{}, apperr.ErrNotFound
	}
	return s.read(ctx, a, a.Actor.UserID)
}

// ForClient is a client's plan as their therapist sees it; anyone else
// gets not-found (audit.MayRead). The read is recorded.
func (s *Service) ForClient(ctx context.Context, a audit.Access, clientID int64) (Plan, error) {
	if a.Actor.Role != authz.RoleTherapist {
		return Plan{}, apperr.ErrNotFound
	}
	return s.read(ctx, a, clientID)
}

func (s *Service) read(ctx context.Context, a audit.Access, clientID int64) (Plan, error) {
	var p Plan
	err := s.db.InTx(ctx, func(tx db.Tx) error {
		var err error
		p, err = s.plan(ctx, tx, a, clientID, s.now())
		return err
	})
	return p, err
}

// plan checks access, then reads the plan and the screening it depends on,
// recording both reads.
func (s *Service) plan(ctx context.Context, tx db.Tx, a audit.Access, clientID int64, now time.Time) (Plan, error) {
	if err := audit.MayRead(ctx, tx, a.Actor, clientID, now); err != nil {
		return Plan{}, err
	}
	u, err := store.UserByID(ctx, tx, clientID)
	if err != nil {
		return Plan{}, err
	}
	loc := tz.Or(u.TimeZone)
	rows, err := store.ClientScreenings(ctx, tx, clientID)
	if err != nil {
		return Plan{}, err
	}
	sc := screened(rows)
	if sc.ID != 0 {
		if err := audit.Record(ctx, tx, now, a, clientID, screening.RecordType, sc.ID, audit.Read); err != nil {
			return Plan{}, err
		}
	}
	if err := audit.Record(ctx, tx, now, a, clientID, RecordType, clientID, audit.Read); err != nil {
		return Plan{}, err
	}
	p := Plan{ClientID: clientID, ClientName: u.Name, Zone: loc, ScreeningID: sc.ID, SeeClinician: sc.SeeClinician,
		screened: sc}
	return p, s.fill(ctx, tx, &p, now)
}

// fill reads the assignments and the ticks of the last 28 days.
func (s *Service) fill(ctx context.Context, q db.Querier, p *Plan, now time.Time) error {
	sc := p.screened
	monthStart := localDays(now.AddDate(0, 0, -27), now, p.Zone)[0].start
	as, err := store.CareAssignments(ctx, q, p.ClientID, monthStart)
	if err != nil {
		return err
	}
	done, err := store.CareDoneBetween(ctx, q, p.ClientID, monthStart, now.Add(time.Second))
	if err != nil {
		return err
	}
	var counted []store.CareAssignment
	assigned := map[string]bool{}
	today := localDays(now, now, p.Zone)[0]
	for _, a := range as {
		r, _ := Find(a.Routine)
		ex := sc.Excludes(r)
		if ex == nil {
			counted = append(counted, a)
		}
		if a.RemovedAt != nil {
			continue
		}
		assigned[a.Routine] = true
		it := Item{CareAssignment: a, Routine: r, Excluded: ex, DueToday: dueToday(a)}
		for _, d := range done {
			if d.AssignmentID == a.ID && !d.At.Before(today.start) {
				it.DoneToday++
			}
		}
		p.Items = append(p.Items, it)
	}
	weekFrom := now.AddDate(0, 0, -6)
	p.Week = measure(counted, done, p.Zone, weekFrom, now, now)
	p.Month = measure(counted, done, p.Zone, now.AddDate(0, 0, -27), now, now)
	for _, r := range Library {
		p.Offers = append(p.Offers, Offer{Routine: r, Assigned: assigned[r.Slug], Excluded: sc.Excludes(r)})
	}
	return nil
}

// dueToday is how many ticks a day holds: times for a daily routine, one
// for a weekly one.
func dueToday(a store.CareAssignment) int {
	if a.Per == PerDay {
		return a.Times
	}
	return 1
}

// Done ticks one of the client's routines off now and returns the plan.
// Ticks beyond what the day holds are not stored, so a second tap does not
// count twice; a routine the latest screening rules out cannot be ticked.
func (s *Service) Done(ctx context.Context, a audit.Access, assignmentID int64) (Plan, error) {
	if a.Actor.Role != authz.RoleClient {
		return Plan{}, apperr.ErrNotFound
	}
	var p Plan
	var invalid error
	now := s.now()
	err := s.db.InTx(ctx, func(tx db.Tx) error {
		var err error
		if p, err = s.plan(ctx, tx, a, a.Actor.UserID, now); err != nil {
			return err
		}
		it, ok := p.item(assignmentID)
		switch {
		case !ok:
			return apperr.ErrNotFound.With("You have no routine with this id.")
		case it.Excluded != nil: // refused, the reads it showed recorded
			invalid = apperr.Fields{"routine": it.Excluded.Reason}.Err()
			return nil
		case it.DoneToday >= it.DueToday:
			return nil
		}
		if err := store.InsertCareDone(ctx, tx, p.ClientID, assignmentID, now); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, now, a, p.ClientID, RecordType, p.ClientID, audit.Create); err != nil {
			return err
		}
		p.Items, p.Offers = nil, nil
		return s.fill(ctx, tx, &p, now)
	})
	if err == nil {
		err = invalid
	}
	return p, err
}

func (p Plan) item(id int64) (Item, bool) {
	for _, it := range p.Items {
		if it.ID == id {
			return it, true
		}
	}
	return Item{}, false
}

// Adherence is a client's adherence over the local days holding from to
// to (exclusive), for the outcome dashboard. It reads health data without
// checking access or recording the read: the caller does both, in its own
// transaction (audit.MayRead, audit.Record with RecordType).
func (s *Service) Adherence(ctx context.Context, q db.Querier, clientID int64, from, to time.Time) (Adherence, error) {
	u, err := store.UserByID(ctx, q, clientID)
	if errors.Is(err, store.ErrNotFound) {
		return Adherence{}, apperr.ErrNotFound
	}
	if err != nil {
		return Adherence{}, err
	}
	loc := tz.Or(u.TimeZone)
	rows, err := store.ClientScreenings(ctx, q, clientID)
	if err != nil {
		return Adherence{}, err
	}
	sc := screened(rows)
	first := localDays(from, from, loc)[0].start
	as, err := store.CareAssignments(ctx, q, clientID, first)
	if err != nil {
		return Adherence{}, err
	}
	done, err := store.CareDoneBetween(ctx, q, clientID, first, to)
	if err != nil {
		return Adherence{}, err
	}
	var counted []store.CareAssignment
	for _, a := range as {
		if r, _ := Find(a.Routine); sc.Excludes(r) == nil {
			counted = append(counted, a)
		}
	}
	now := s.now()
	if now.After(to) { // every day asked for is over
		now = to
	}
	return measure(counted, done, loc, from, to.Add(-time.Nanosecond), now), nil
}
