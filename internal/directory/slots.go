package directory

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/knead/knead/internal/booking"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/therapist"
)

// MaxSlots is how many free slots a result shows (API.md: up to 3).
const MaxSlots = 3

// fillSlots sets each entry's first free slots in the window: the set-up of
// all of them is read in SearchSchedules' three statements, then the slot
// engine runs in memory.
func (s *Service) fillSlots(ctx context.Context, es []*entry, q Query) error {
	if len(es) == 0 {
		return nil
	}
	var locs, ids []int64
	seen := map[int64]bool{}
	for _, e := range es {
		ids = append(ids, e.id)
		for _, o := range e.opts {
			if !seen[o.c.LocationID] {
				seen[o.c.LocationID] = true
				locs = append(locs, o.c.LocationID)
			}
		}
	}
	w := q.Window
	// Wide enough for every zone on Earth, and for a booking's buffer
	// reaching in from the day before.
	from := time.Date(w.From.Year, w.From.Month, w.From.Day-2, 0, 0, 0, 0, time.UTC)
	to := time.Date(w.To.Year, w.To.Month, w.To.Day+2, 0, 0, 0, 0, time.UTC)
	sch, err := store.SearchSchedules(ctx, s.db.R(), s.db.Dialect, locs, ids, w.From.String(), w.To.String(), from, to)
	if err != nil {
		return err
	}
	now := s.now()
	opens := newOpener(sch, w)
	var runs []booking.Free
	for _, e := range es {
		busy := make([]booking.Span, 0, len(sch.Busy[e.id]))
		for _, b := range sch.Busy[e.id] {
			busy = append(busy, booking.Span{Start: booking.MinuteOf(b.Start), End: ceilMinute(b.End)})
		}
		var found []Slot
		for _, o := range e.opts {
			c, z := o.c, o.zone
			runs = booking.FreeStarts(opens.at(c, z), busy, offAt(sch.Off[e.id], c.LocationID), engineQuery(c, o.svc, o.until, z, w, now), runs[:0])
			found = appendFirst(found, runs, o.svc, z)
		}
		e.slots = firstSlots(found)
	}
	return nil
}

// opener computes the openings of locations in a window: once per location
// with extra hours in it, and once per zone, grid and weekly hours for the
// others, which share their weekly hours in the snapshot when they are the
// same.
type opener struct {
	sch    store.Schedules
	w      *Window
	byLoc  map[int64][]booking.Open
	byWeek map[weekKey][]booking.Open
}

type weekKey struct {
	zone   *time.Location
	grid   int
	weekly *store.HoursRow
}

func newOpener(sch store.Schedules, w *Window) *opener {
	return &opener{sch: sch, w: w, byLoc: map[int64][]booking.Open{}, byWeek: map[weekKey][]booking.Open{}}
}

func (o *opener) at(c *store.Candidate, z *time.Location) []booking.Open {
	if len(o.sch.Extra[c.LocationID]) == 0 {
		k := weekKey{z, c.Rules.GridMinutes, nil}
		if len(c.Weekly) > 0 {
			k.weekly = &c.Weekly[0]
		}
		op, ok := o.byWeek[k]
		if !ok {
			op = hoursOf(o.sch, c, z, o.w).Opens(o.w.From, o.w.To)
			o.byWeek[k] = op
		}
		return op
	}
	op, ok := o.byLoc[c.LocationID]
	if !ok {
		op = hoursOf(o.sch, c, z, o.w).Opens(o.w.From, o.w.To)
		o.byLoc[c.LocationID] = op
	}
	return op
}

// hoursOf is a location's working hours cut to the time-of-day window: a
// session must start and end inside both. The grid stays anchored on local
// midnight, so the starts are the ones the therapist's page offers.
func hoursOf(sch store.Schedules, c *store.Candidate, z *time.Location, w *Window) booking.Hours {
	h := booking.Hours{Zone: z, Grid: c.Rules.GridMinutes}
	clip := func(start, end int) (booking.Interval, bool) {
		iv := booking.Interval{Start: max(start, w.Start), End: min(end, w.End)}
		return iv, iv.Start < iv.End
	}
	for _, r := range c.Weekly {
		if iv, ok := clip(r.StartMinute, r.EndMinute); ok {
			h.Weekly[r.Weekday] = append(h.Weekly[r.Weekday], iv)
		}
	}
	for _, x := range sch.Extra[c.LocationID] {
		d, err := booking.ParseDate(x.Day)
		if iv, ok := clip(x.StartMinute, x.EndMinute); ok && err == nil {
			if h.Extra == nil {
				h.Extra = map[booking.Date][]booking.Interval{}
			}
			h.Extra[d] = append(h.Extra[d], iv)
		}
	}
	return h
}

// offAt is the therapist's time off that applies at a location, as spans.
func offAt(rows []store.TimeOffRow, locationID int64) []booking.Span {
	var out []booking.Span
	for _, t := range rows {
		if t.LocationID == 0 || t.LocationID == locationID {
			out = append(out, booking.Span{Start: booking.MinuteOf(t.Start), End: ceilMinute(t.End)})
		}
	}
	return out
}

// engineQuery is booking's rule for which starts may be booked now: after
// the minimum notice, before the horizon and the credential's expiry, and
// inside the window's dates in the location's zone.
func engineQuery(c *store.Candidate, v therapist.Service, until *time.Time, z *time.Location, w *Window, now time.Time) booking.Query {
	midnight := func(d booking.Date) booking.Minute {
		return booking.MinuteOf(time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, z))
	}
	q := booking.Query{Duration: booking.Minute(v.DurationMinutes), Buffer: booking.Minute(v.BufferMinutes),
		Grid:     booking.Minute(max(c.Rules.GridMinutes, 1)),
		Earliest: max(ceilMinute(now.Add(time.Duration(c.Rules.MinNoticeHours)*time.Hour)), midnight(w.From)),
		Latest:   min(booking.MinuteOf(now.Add(time.Duration(c.Rules.HorizonDays)*24*time.Hour)), midnight(w.To))}
	if until == nil {
		q.Latest = q.Earliest // bookable nowhere here
	} else {
		u := *until
		q.Latest = min(q.Latest, booking.MinuteOf(time.Date(u.Year(), u.Month(), u.Day(), 0, 0, 0, 0, z)))
	}
	return q
}

// appendFirst adds an option's first MaxSlots starts.
func appendFirst(out []Slot, runs []booking.Free, v therapist.Service, z *time.Location) []Slot {
	n := 0
	dur := time.Duration(v.DurationMinutes) * time.Minute
	for _, r := range runs {
		for m := r.First; m <= r.Last && n < MaxSlots; m += r.Step {
			start := m.Time().In(z)
			out = append(out, Slot{Start: start, End: start.Add(dur), ServiceID: v.ID, LocationID: v.LocationID})
			n++
		}
	}
	return out
}

// firstSlots keeps the earliest MaxSlots distinct starts; at one start the
// nearer, cheaper option (the earlier one) wins.
func firstSlots(found []Slot) []Slot {
	slices.SortStableFunc(found, func(a, b Slot) int { return cmp.Compare(a.Start.Unix(), b.Start.Unix()) })
	found = slices.CompactFunc(found, func(a, b Slot) bool { return a.Start.Equal(b.Start) })
	return found[:min(len(found), MaxSlots)]
}

func ceilMinute(t time.Time) booking.Minute {
	m := booking.MinuteOf(t)
	if m.Time().Before(t) {
		m++
	}
	return m
}
