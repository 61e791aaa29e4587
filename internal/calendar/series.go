package calendar

import (
	"fmt"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/teambition/rrule-go"
)

// Series is a recurring series: one event that repeats by its rule at the
// first occurrence's local wall-clock time in Zone.
type Series struct {
	Event                     // UID, Summary, Location, Sequence, Changed; Start, End and Cancelled are not used
	Zone       *time.Location // the location's IANA zone
	FirstStart time.Time      // the first occurrence the rule generates
	Duration   time.Duration
	RRule      string // as stored, e.g. "FREQ=WEEKLY;INTERVAL=2;COUNT=6"
	// Live are the occurrences that take place, each with its own UID.
	Live []Event
}

// maxInstances bounds the expansion of a rule without COUNT or UNTIL.
const maxInstances = 520

// Instance is one occurrence a rule generates.
type Instance struct {
	Wall time.Time // the local wall-clock time, written as a time in UTC
	At   time.Time // the instant it stands for (see At)
}

// WriteSeries returns a calendar with the series as one repeating event.
// Every instance of the rule without a live occurrence at its instant is
// excluded (EXDATE, in the zone, as Google only honours zoned EXDATEs on a
// zoned series): cancelled ones and those skipped at booking alike. A live
// occurrence off the rule (it was rescheduled) is written as an event of
// its own, with its own UID, rather than as a RECURRENCE-ID override:
// knead does not record which instance a moved session came from, and an
// instance both excluded and overridden is read differently by different
// programs. If nothing of the series is left, the event is CANCELLED.
func WriteSeries(s Series) ([]byte, error) {
	if s.Zone == nil {
		return nil, fmt.Errorf("calendar: series %s has no zone", s.UID)
	}
	first := s.FirstStart.In(s.Zone)
	instances, err := Instances(s.RRule, first)
	if err != nil {
		return nil, err
	}
	live := map[int64]bool{}
	for _, e := range s.Live {
		live[e.Start.Unix()] = true
	}
	tz := ics.WithTZID(s.Zone.String())
	ev := ics.NewEvent(s.UID)
	ev.SetDtStampTime(s.Changed)
	ev.SetProperty(ics.ComponentPropertyDtStart, wallString(first), tz)
	ev.SetProperty(ics.ComponentPropertyDtEnd, wallString(first.Add(s.Duration).In(s.Zone)), tz)
	ev.AddRrule(s.RRule)
	onRule := map[int64]bool{}
	for _, in := range instances {
		if live[in.At.Unix()] {
			onRule[in.At.Unix()] = true
			continue
		}
		ev.AddExdate(in.Wall.Format(localLayout), tz)
	}
	e := s.Event
	e.Cancelled = len(onRule) == 0
	describe(ev, e)

	cal := newCalendar()
	cal.AddVEvent(ev)
	for _, o := range s.Live {
		if !onRule[o.Start.Unix()] {
			cal.AddVEvent(single(o))
		}
	}
	return serialize(cal), nil
}

const localLayout = "20060102T150405"

// wallString writes t's wall-clock time in its own location.
func wallString(t time.Time) string { return t.Format(localLayout) }

// Instances expands rule from first (a time in the series' zone) on the
// local wall clock: rrule-go runs on "floating" times, so a weekly rule
// keeps 10:00 across daylight saving; each wall-clock time is then read in
// the zone. An UNTIL in UTC is compared on the zone's wall clock too.
func Instances(rule string, first time.Time) ([]Instance, error) {
	zone := first.Location()
	opt, err := rrule.StrToROptionInLocation(rule, zone)
	if err != nil {
		return nil, fmt.Errorf("calendar: rule %q: %w", rule, err)
	}
	if !opt.Until.IsZero() {
		opt.Until = floating(opt.Until.In(zone))
	}
	opt.Dtstart = floating(first)
	r, err := rrule.NewRRule(*opt)
	if err != nil {
		return nil, fmt.Errorf("calendar: rule %q: %w", rule, err)
	}
	var out []Instance
	next := r.Iterator()
	for range maxInstances {
		t, ok := next()
		if !ok {
			break
		}
		out = append(out, Instance{Wall: t, At: At(zone, t)})
	}
	return out, nil
}

// floating keeps t's wall-clock reading and drops its zone.
func floating(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
}

// At is the instant that the wall-clock time wall (read in UTC) stands for
// in zone, as RFC 5545 §3.3.5 reads a local time: a time the clocks show
// twice is the first of the two; a time they skip is read with the offset
// from before the change. (time.Date leaves both unspecified, and differs
// between zones in practice.)
func At(zone *time.Location, wall time.Time) time.Time {
	naive := floating(wall)
	// The offsets in force a day and a half either side: no zone changes
	// its clocks twice within three days.
	_, before := naive.Add(-36 * time.Hour).In(zone).Zone()
	_, after := naive.Add(36 * time.Hour).In(zone).Zone()
	var best time.Time
	for _, off := range []int{before, after} {
		t := naive.Add(-time.Duration(off) * time.Second)
		if floating(t.In(zone)).Equal(naive) && (best.IsZero() || t.Before(best)) {
			best = t
		}
	}
	if best.IsZero() { // skipped: the clocks jumped over it
		best = naive.Add(-time.Duration(before) * time.Second)
	}
	return best.UTC()
}
