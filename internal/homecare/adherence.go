package homecare

import (
	"time"

	"github.com/knead/knead/internal/store"
)

// Frequencies: a routine is due so many times a day or a week.
const (
	PerDay  = "day"
	PerWeek = "week"
)

// Adherence is how many of the routines due were done. Days are the
// client's local days. A day is due in full once it is over; today counts
// what is done so far, so a morning never reads as missed. A weekly
// routine is due times×days/7 (rounded down) over the days it was
// assigned, one tick a day counting.
type Adherence struct {
	Done, Due int
}

// Percent is done as a share of due, rounded down; -1 when nothing was due.
func (a Adherence) Percent() int {
	if a.Due == 0 {
		return -1
	}
	return a.Done * 100 / a.Due
}

// day is a local calendar day, as midnight in the client's zone.
type day struct{ start, end time.Time }

// localDays lists the days from the one holding first to the one holding
// last, in loc; AddDate keeps midnight across daylight-saving changes, so a
// day may last 23 or 25 hours.
func localDays(first, last time.Time, loc *time.Location) []day {
	y, m, d := first.In(loc).Date()
	start := time.Date(y, m, d, 0, 0, 0, 0, loc)
	var out []day
	for !start.After(last) {
		end := start.AddDate(0, 0, 1)
		out = append(out, day{start, end})
		start = end
	}
	return out
}

// live reports whether the assignment held for all of the day's end: a
// routine assigned in the afternoon is due that day, one removed during a
// day is not.
func live(a store.CareAssignment, d day) bool {
	return a.AssignedAt.Before(d.end) && (a.RemovedAt == nil || !a.RemovedAt.Before(d.end))
}

// measure works out adherence over the local days holding from to
// last, with now's day being today. done holds every tick of the period.
func measure(as []store.CareAssignment, done []store.CareDone, loc *time.Location, from, last, now time.Time) Adherence {
	days := localDays(from, last, loc)
	ticks := map[int64][]int{} // assignment → ticks per day index
	for _, d := range done {
		for i, dd := range days {
			if !d.At.Before(dd.start) && d.At.Before(dd.end) {
				if ticks[d.AssignmentID] == nil {
					ticks[d.AssignmentID] = make([]int, len(days))
				}
				ticks[d.AssignmentID][i]++
				break
			}
		}
	}
	var total Adherence
	for _, a := range as {
		total = total.add(one(a, days, ticks[a.ID], now))
	}
	return total
}

func (a Adherence) add(b Adherence) Adherence { return Adherence{a.Done + b.Done, a.Due + b.Due} }

// one is a single assignment's adherence over days.
func one(a store.CareAssignment, days []day, ticks []int, now time.Time) Adherence {
	var out Adherence
	past, tickDays, todayTicked := 0, 0, false
	for i, d := range days {
		if d.start.After(now) {
			break
		}
		today := now.Before(d.end)
		if today && !liveAt(a, now) || !today && !live(a, d) {
			continue
		}
		n := 0
		if ticks != nil {
			n = ticks[i]
		}
		switch {
		case a.Per == PerDay && today:
			out.Done += min(n, a.Times)
			out.Due += min(n, a.Times)
		case a.Per == PerDay:
			out.Done += min(n, a.Times)
			out.Due += a.Times
		case n > 0:
			tickDays++
			todayTicked = todayTicked || today
		}
		if !today {
			past++
		}
	}
	if a.Per == PerWeek {
		due := a.Times * past / 7
		limit := due
		if todayTicked { // today's tick counts, even before the rate makes it due
			limit = max(a.Times*(past+1)/7, due+1)
		}
		out.Done = min(tickDays, limit)
		out.Due = max(due, out.Done)
	}
	return out
}

// liveAt reports whether the assignment holds at the instant t.
func liveAt(a store.CareAssignment, t time.Time) bool {
	return !a.AssignedAt.After(t) && (a.RemovedAt == nil || a.RemovedAt.After(t))
}
