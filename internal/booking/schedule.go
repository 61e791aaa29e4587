package booking

import (
	"context"
	"time"

	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/therapist"
)

// schedule is everything the engine needs for one therapist, service and
// location over a stretch of local dates.
type schedule struct {
	svc   therapist.Service
	loc   therapist.Location
	zone  *time.Location
	rules store.Rules
	hours Hours
	opens []Open
	busy  []Span
	off   []Span
}

// loadSchedule reads a schedule for local dates [from, to), leaving out the
// appointment except (when it is being moved).
func loadSchedule(ctx context.Context, q db.Querier, svc therapist.Service, loc therapist.Location, from, to Date, except int64) (*schedule, error) {
	zone, err := time.LoadLocation(loc.TimeZone)
	if err != nil {
		return nil, err
	}
	rules, err := store.BookingRules(ctx, q, svc.TherapistID)
	if err != nil {
		return nil, err
	}
	weekly, err := store.WeeklyHours(ctx, q, loc.ID)
	if err != nil {
		return nil, err
	}
	extra, err := store.ExtraHours(ctx, q, loc.ID, from.String(), to.String())
	if err != nil {
		return nil, err
	}
	h := Hours{Zone: zone, Grid: rules.GridMinutes, Extra: map[Date][]Interval{}}
	for _, w := range weekly {
		h.Weekly[w.Weekday] = append(h.Weekly[w.Weekday], Interval{w.StartMinute, w.EndMinute})
	}
	for _, x := range extra {
		if d, err := ParseDate(x.Day); err == nil {
			h.Extra[d] = append(h.Extra[d], Interval{x.StartMinute, x.EndMinute})
		}
	}
	sc := &schedule{svc: svc, loc: loc, zone: zone, rules: rules, hours: h, opens: h.Opens(from, to)}
	// Bookings and time off a little beyond the dates: a buffer or an
	// overnight booking may reach in.
	winFrom := time.Date(from.Year, from.Month, from.Day, 0, 0, 0, 0, zone).Add(-24 * time.Hour)
	winTo := time.Date(to.Year, to.Month, to.Day, 0, 0, 0, 0, zone).Add(24 * time.Hour)
	busy, err := store.Busy(ctx, q, svc.TherapistID, winFrom, winTo, except)
	if err != nil {
		return nil, err
	}
	for _, b := range busy {
		sc.busy = append(sc.busy, Span{MinuteOf(b.Start), ceilMinute(b.End)})
	}
	off, err := store.TimeOff(ctx, q, svc.TherapistID, loc.ID, winFrom, winTo)
	if err != nil {
		return nil, err
	}
	for _, t := range off {
		sc.off = append(sc.off, Span{MinuteOf(t.Start), ceilMinute(t.End)})
	}
	return sc, nil
}

// query is the engine query for this schedule's service at time now, for
// starts in [from, to).
func (sc *schedule) query(now, from, to time.Time) Query {
	earliest := max(ceilMinute(now.Add(time.Duration(sc.rules.MinNoticeHours)*time.Hour)), ceilMinute(from))
	latest := min(MinuteOf(now.Add(time.Duration(sc.rules.HorizonDays)*24*time.Hour)), ceilMinute(to))
	return Query{Duration: Minute(sc.svc.DurationMinutes), Buffer: Minute(sc.svc.BufferMinutes),
		Grid: Minute(sc.rules.GridMinutes), Earliest: earliest, Latest: latest}
}

// zoneOf loads a zone that was validated when stored.
func zoneOf(name string) *time.Location {
	if z, err := time.LoadLocation(name); err == nil {
		return z
	}
	return time.UTC
}

// free lists the bookable starts in [from, to) at time now.
func (sc *schedule) free(now, from, to time.Time) []Free {
	return FreeStarts(sc.opens, sc.busy, sc.off, sc.query(now, from, to), nil)
}

// onGrid reports whether m is a start of some working span, ignoring
// bookings: the question "is this inside working hours?".
func (sc *schedule) onGrid(m Minute) bool {
	q := Query{Duration: Minute(sc.svc.DurationMinutes), Grid: Minute(sc.rules.GridMinutes), Earliest: m, Latest: m + 1}
	return len(FreeStarts(sc.opens, nil, nil, q, nil)) > 0
}

func ceilMinute(t time.Time) Minute {
	m := MinuteOf(t)
	if m.Time().Before(t) {
		m++
	}
	return m
}

// localDate is the date of instant t in zone.
func localDate(t time.Time, zone *time.Location) Date { return DateOf(t.In(zone)) }
