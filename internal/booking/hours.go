package booking

import (
	"fmt"
	"time"
)

// Interval is working time on one day in local wall-clock minutes from
// midnight, [Start, End); End may be 1440 (24:00).
type Interval struct{ Start, End int }

// Date is a calendar day, without a zone.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf is the date of t in its own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// ParseDate reads YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("want a date like 2026-12-01")
	}
	return DateOf(t), nil
}

func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day) }

// AddDays moves by n days.
func (d Date) AddDays(n int) Date {
	return DateOf(time.Date(d.Year, d.Month, d.Day+n, 0, 0, 0, 0, time.UTC))
}

// Weekday of the date.
func (d Date) Weekday() time.Weekday {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Weekday()
}

// Before reports whether d is earlier than e.
func (d Date) Before(e Date) bool { return d.naive() < e.naive() }

// naive is the date's midnight read as if the wall clock were UTC.
func (d Date) naive() Minute {
	return Minute(time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Unix() / 60)
}

// Hours are a location's working hours: weekly intervals plus extra hours
// on given dates, in the location's zone, on a grid of Grid minutes counted
// from local midnight.
type Hours struct {
	Zone   *time.Location
	Weekly [7][]Interval // by time.Weekday
	Extra  map[Date][]Interval
	Grid   int
}

// Opens returns the working spans of the local dates [from, to), sorted.
// Local wall-clock times are kept across daylight-saving changes: a local
// time that does not exist that day is never a start, and a local time that
// occurs twice is a start only the first time.
func (h Hours) Opens(from, to Date) []Open {
	var out []Open
	for d := from; d.Before(to); d = d.AddDays(1) {
		for _, iv := range h.Weekly[d.Weekday()] {
			out = h.appendInterval(out, d, iv)
		}
		for _, iv := range h.Extra[d] {
			out = h.appendInterval(out, d, iv)
		}
	}
	sortOpens(out)
	return out
}

func (h Hours) appendInterval(out []Open, d Date, iv Interval) []Open {
	midnight := d.naive() // local midnight as a naive wall-clock minute
	start, end := resolve(h.Zone, midnight+Minute(iv.Start)), resolve(h.Zone, midnight+Minute(iv.End))
	grid := Minute(max(h.Grid, 1))
	reached := midnight + Minute(iv.Start) // wall clock already offered up to here
	for a := start; a < end; {
		off := offsetAt(h.Zone, a)
		b := min(end, zoneEnd(h.Zone, a))
		// The first start: on the grid, and past every wall time offered
		// before (a repeated hour after the clocks go back is skipped).
		wall := max(a+off, reached)
		first := midnight + ceilDiv(wall-midnight, grid)*grid - off
		if first < b {
			out = append(out, Open{First: first, StartBefore: b, End: end})
		}
		reached = max(reached, b+off)
		a = b
	}
	return out
}

// resolve returns the first instant whose local wall clock reads wall (a
// naive minute); for a wall time skipped by a change, the instant the
// clocks jumped.
func resolve(loc *time.Location, wall Minute) Minute {
	before := offsetAt(loc, wall-2*1440)
	after := offsetAt(loc, wall+2*1440)
	best := Minute(-1 << 62)
	for _, o := range []Minute{before, after} {
		c := wall - o
		if c+offsetAt(loc, c) == wall && (best == -1<<62 || c < best) {
			best = c
		}
	}
	if best != -1<<62 {
		return best
	}
	// In a gap: wall − before is already past the jump; its zone period
	// starts at the jump.
	return zoneStart(loc, wall-before)
}

// offsetAt is the zone's offset from UTC at an instant, in minutes.
func offsetAt(loc *time.Location, m Minute) Minute {
	_, off := m.Time().In(loc).Zone()
	return Minute(off / 60)
}

func zoneStart(loc *time.Location, m Minute) Minute {
	start, _ := m.Time().In(loc).ZoneBounds()
	if start.IsZero() {
		return m
	}
	return MinuteOf(start)
}

// zoneEnd is the next change of offset after m, or far away when none.
func zoneEnd(loc *time.Location, m Minute) Minute {
	_, end := m.Time().In(loc).ZoneBounds()
	if end.IsZero() {
		return 1 << 40
	}
	return MinuteOf(end)
}

// MinuteOf is t rounded down to the minute.
func MinuteOf(t time.Time) Minute { return Minute(floorDiv(Minute(t.Unix()), 60)) }

// Time is the instant, in UTC.
func (m Minute) Time() time.Time { return time.Unix(int64(m)*60, 0).UTC() }

func sortOpens(o []Open) {
	for i := 1; i < len(o); i++ { // short lists: insertion sort
		for j := i; j > 0 && o[j].First < o[j-1].First; j-- {
			o[j], o[j-1] = o[j-1], o[j]
		}
	}
}
