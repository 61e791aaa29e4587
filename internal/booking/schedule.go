package booking

import (
	"context"
	"time"

	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/therapist"
	"github.com/knead/knead/internal/tz"
)

// schedule is everything the engine needs for one therapist, service and
// location over a stretch of local dates. The set-up (hours, rules, time
// off, licence) is read before any write transaction; only the bookings
// are read inside it, so the transaction that serialises bookings stays
// short.
type schedule struct {
	svc   therapist.Service
	loc   therapist.Location
	zone  *time.Location
	rules store.Rules
	opens []Open
	off   []Span
	busy  []Span
	// until is the day the therapist stops being bookable here (the
	// licence's expiry); zero when they never were.
	until time.Time
	// therapist names the therapist on appointments (name, email, zone).
	therapist [3]string
}

// loadSchedule reads the set-up for local dates [from, to).
func (s *Service) loadSchedule(ctx context.Context, q db.Querier, svc therapist.Service, loc therapist.Location, from, to Date) (*schedule, error) {
	zone := tz.Or(loc.TimeZone)
	winFrom, winTo := span(from, to, zone)
	setup, err := store.ScheduleSetup(ctx, q, s.bookability, svc.TherapistID, loc.ID, loc.Jurisdiction, from.String(), to.String(),
		winFrom, winTo)
	if err != nil {
		return nil, err
	}
	rules := setup.Rules
	h := Hours{Zone: zone, Grid: rules.GridMinutes, Extra: map[Date][]Interval{}}
	for _, w := range setup.Weekly {
		h.Weekly[w.Weekday] = append(h.Weekly[w.Weekday], Interval{w.StartMinute, w.EndMinute})
	}
	for _, x := range setup.Extra {
		if d, err := ParseDate(x.Day); err == nil {
			h.Extra[d] = append(h.Extra[d], Interval{x.StartMinute, x.EndMinute})
		}
	}
	sc := &schedule{svc: svc, loc: loc, zone: zone, rules: rules, opens: h.Opens(from, to),
		therapist: [3]string{setup.TherapistName, setup.TherapistEmail, setup.TherapistZone}}
	for _, t := range setup.Off {
		sc.off = append(sc.off, Span{MinuteOf(t.Start), ceilMinute(t.End)})
	}
	if u := setup.BookableUntil; u != nil {
		// Bookable while the licence's expiry is after the session's date.
		sc.until = time.Date(u.Year(), u.Month(), u.Day(), 0, 0, 0, 0, zone)
	}
	return sc, nil
}

// span is the instants of local dates [from, to) in zone, a day wider on
// each side: a buffer or an overnight booking may reach in.
func span(from, to Date, zone *time.Location) (time.Time, time.Time) {
	return time.Date(from.Year, from.Month, from.Day, 0, 0, 0, 0, zone).Add(-24 * time.Hour),
		time.Date(to.Year, to.Month, to.Day, 0, 0, 0, 0, zone).Add(24 * time.Hour)
}

// loadBusy reads the therapist's live bookings meeting [from, to), leaving
// out the appointment except (when it is being moved).
func (sc *schedule) loadBusy(ctx context.Context, q db.Querier, from, to time.Time, except int64) error {
	busy, err := store.Busy(ctx, q, sc.svc.TherapistID, from, to, except)
	if err != nil {
		return err
	}
	sc.busy = sc.busy[:0]
	for _, b := range busy {
		sc.busy = append(sc.busy, Span{MinuteOf(b.Start), ceilMinute(b.End)})
	}
	return nil
}

// query is the engine query for this schedule's service at time now, for
// starts in [from, to).
func (sc *schedule) query(now, from, to time.Time) Query {
	earliest := max(ceilMinute(now.Add(time.Duration(sc.rules.MinNoticeHours)*time.Hour)), ceilMinute(from))
	latest := min(MinuteOf(now.Add(time.Duration(sc.rules.HorizonDays)*24*time.Hour)), ceilMinute(to), MinuteOf(sc.until))
	return Query{Duration: Minute(sc.svc.DurationMinutes), Buffer: Minute(sc.svc.BufferMinutes),
		Grid: Minute(sc.rules.GridMinutes), Earliest: earliest, Latest: latest}
}

// at is the query for exactly one start.
func (sc *schedule) at(m Minute) Query {
	return Query{Duration: Minute(sc.svc.DurationMinutes), Buffer: Minute(sc.svc.BufferMinutes),
		Grid: Minute(sc.rules.GridMinutes), Earliest: m, Latest: m + 1}
}

// free lists the bookable starts in [from, to) at time now.
func (sc *schedule) free(now, from, to time.Time) []Free {
	return FreeStarts(sc.opens, sc.busy, sc.off, sc.query(now, from, to), nil)
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
