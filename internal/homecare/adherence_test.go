package homecare

import (
	"testing"
	"time"

	"github.com/knead/knead/internal/store"
)

// Days are New York's: the clocks went back on Sunday 1 November 2026, a
// 25-hour day. Today is Wednesday 4 November, noon.
var ny, _ = time.LoadLocation("America/New_York")

func nyAt(month time.Month, day, hour, minute int) time.Time {
	return time.Date(2026, month, day, hour, minute, 0, 0, ny)
}

func TestAdherence(t *testing.T) {
	now := nyAt(11, 4, 12, 0)
	daily := func(times int) store.CareAssignment {
		return store.CareAssignment{ID: 1, Times: times, Per: PerDay, AssignedAt: nyAt(10, 1, 9, 0)}
	}
	weekly := store.CareAssignment{ID: 1, Times: 3, Per: PerWeek, AssignedAt: nyAt(10, 1, 9, 0)}
	ticks := func(at ...time.Time) []store.CareDone {
		var out []store.CareDone
		for _, t := range at {
			out = append(out, store.CareDone{AssignmentID: 1, At: t.UTC()})
		}
		return out
	}
	// every past day of the week at 23:30 local: on 29 October that is
	// 03:30 UTC on the 30th, so counting UTC days would lose one.
	lateEvenings := func(days ...int) []time.Time {
		var out []time.Time
		for _, d := range days {
			m := time.November
			if d > 20 {
				m = time.October
			}
			out = append(out, nyAt(m, d, 23, 30))
		}
		return out
	}
	removed := nyAt(11, 2, 15, 0)
	tests := []struct {
		name string
		as   store.CareAssignment
		done []store.CareDone
		days int
		want Adherence
	}{
		{"nothing done", daily(2), nil, 7, Adherence{0, 12}},
		{"today is not due until done", daily(2), ticks(nyAt(11, 4, 8, 0)), 7, Adherence{1, 13}},
		{"late evenings fall on their own local day", daily(1), ticks(lateEvenings(29, 30, 31, 1, 2, 3)...), 7, Adherence{6, 6}},
		{"both ends of the 25-hour day are the same day", daily(2),
			ticks(nyAt(11, 1, 0, 30), nyAt(11, 1, 23, 30)), 7, Adherence{2, 12}},
		{"the hour repeated at 01:30 is one day", daily(2),
			ticks(time.Date(2026, 11, 1, 5, 30, 0, 0, time.UTC), time.Date(2026, 11, 1, 6, 30, 0, 0, time.UTC)), 7, Adherence{2, 12}},
		{"ticks beyond the day's count do not count", daily(1),
			ticks(nyAt(11, 2, 8, 0), nyAt(11, 2, 9, 0), nyAt(11, 2, 10, 0)), 7, Adherence{1, 6}},
		{"a tick before the window is left out", daily(1), ticks(nyAt(10, 28, 23, 59)), 7, Adherence{0, 6}},
		{"assigned in the afternoon: due that day",
			store.CareAssignment{ID: 1, Times: 1, Per: PerDay, AssignedAt: nyAt(11, 2, 16, 0)}, nil, 7, Adherence{0, 2}},
		{"assigned this morning, done: 1 of 1",
			store.CareAssignment{ID: 1, Times: 2, Per: PerDay, AssignedAt: nyAt(11, 4, 9, 0)}, ticks(nyAt(11, 4, 10, 0)), 7, Adherence{1, 1}},
		{"removed during a day: not due that day, nor counted",
			store.CareAssignment{ID: 1, Times: 1, Per: PerDay, AssignedAt: nyAt(10, 1, 9, 0), RemovedAt: &removed},
			ticks(nyAt(11, 2, 8, 0)), 7, Adherence{0, 4}},
		{"28 days, ticks to come do not count", daily(1), ticks(lateEvenings(8, 9, 10)...), 28, Adherence{0, 27}},
		{"28 days, daily, done", daily(1), ticks(nyAt(10, 8, 8, 0), nyAt(10, 9, 8, 0), nyAt(11, 3, 8, 0)), 28, Adherence{3, 27}},
		{"weekly: 3 due over 7 days", weekly, ticks(nyAt(10, 29, 8, 0), nyAt(10, 31, 8, 0)), 7, Adherence{2, 2}},
		{"weekly: over 28 days", weekly, ticks(nyAt(10, 29, 8, 0)), 28, Adherence{1, 11}},
		{"weekly: one tick a day counts", weekly, ticks(nyAt(10, 30, 8, 0), nyAt(10, 30, 9, 0)), 7, Adherence{1, 2}},
		{"weekly: more than due is capped", weekly, ticks(nyAt(10, 29, 8, 0), nyAt(10, 30, 8, 0),
			nyAt(10, 31, 8, 0), nyAt(11, 1, 8, 0), nyAt(11, 2, 8, 0)), 7, Adherence{2, 2}},
		{"weekly: today's tick counts", weekly, ticks(nyAt(10, 29, 8, 0), nyAt(10, 31, 8, 0), nyAt(11, 4, 8, 0)), 7, Adherence{3, 3}},
		{"weekly: assigned today and done",
			store.CareAssignment{ID: 1, Times: 1, Per: PerWeek, AssignedAt: nyAt(11, 4, 9, 0)}, ticks(nyAt(11, 4, 10, 0)), 7, Adherence{1, 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			from := now.AddDate(0, 0, 1-tc.days)
			got := measure([]store.CareAssignment{tc.as}, tc.done, ny, from, now, now)
			if got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

// The window of the last 7 days holds 7 local days even across the
// change, and the 25-hour day is one of them.
func TestLocalDaysAcrossTheChange(t *testing.T) {
	days := localDays(nyAt(10, 29, 12, 0), nyAt(11, 4, 12, 0), ny)
	if len(days) != 7 {
		t.Fatalf("%d days", len(days))
	}
	if h := days[3].end.Sub(days[3].start); h != 25*time.Hour || days[3].start.Day() != 1 {
		t.Errorf("1 November lasts %v from %v", h, days[3].start)
	}
}

func TestPercent(t *testing.T) {
	for _, tc := range []struct {
		a    Adherence
		want int
	}{{Adherence{0, 0}, -1}, {Adherence{1, 3}, 33}, {Adherence{2, 2}, 100}, {Adherence{0, 5}, 0}} {
		if got := tc.a.Percent(); got != tc.want {
			t.Errorf("%+v: %d, want %d", tc.a, got, tc.want)
		}
	}
}
