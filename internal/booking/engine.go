// Package booking is scheduling: the slot engine (which starts are free),
// and booking, recurring series, cancellation and rescheduling.
//
// The engine works on integer minutes since the Unix epoch (UTC), so the
// hot loop is integer comparisons over sorted spans: no time.Time, no zone
// lookups, no allocation per candidate. Converting working hours from local
// wall-clock time into these spans — where daylight saving lives — is
// hours.go's job.
package booking

// Minute is a UTC instant in whole minutes since 1970-01-01T00:00:00Z.
type Minute int64

// Span is a half-open range of instants [Start, End).
type Span struct{ Start, End Minute }

// Open is a stretch of working time. A session may start at First,
// First+Grid, … while the start is before StartBefore, and must end by End.
// Daylight-saving changes split one local interval into several Opens with
// the same End, each anchored on its own part of the wall clock.
type Open struct {
	First       Minute // the first grid start
	StartBefore Minute
	End         Minute
}

// Free is a run of bookable starts: First, First+Step, …, Last.
type Free struct {
	First, Last Minute
	Step        Minute
}

// Count is the number of starts in the run.
func (f Free) Count() int { return int((f.Last-f.First)/f.Step) + 1 }

// Query is what is being booked and when it may start.
type Query struct {
	Duration Minute // of the session
	Buffer   Minute // after the session; may run past closing, never into another booking
	Grid     Minute // starts are First + k·Grid within each Open
	Earliest Minute // inclusive: the later of the window's start and now + minimum notice
	Latest   Minute // exclusive: the earlier of the window's end and the horizon
}

// FreeStarts appends to out every run of starts at which q's session can be
// booked. open must be sorted by First; busy (existing bookings, each
// including its own buffer) and off (time off) sorted by Start. A start s is
// free when it is on the grid of an Open, s+Duration ≤ End, and
// [s, s+Duration+Buffer) meets no busy span and [s, s+Duration) no time off.
func FreeStarts(open []Open, busy, off []Span, q Query, out []Free) []Free {
	bi, oi := 0, 0
	for _, o := range open {
		lo := max(o.First, q.Earliest)
		hi := min(o.StartBefore-1, o.End-q.Duration, q.Latest-1) // last possible start, inclusive
		if lo > hi {
			continue
		}
		// Spans that end before lo cannot block anything from here on.
		for bi < len(busy) && busy[bi].End <= lo {
			bi++
		}
		for oi < len(off) && off[oi].End <= lo {
			oi++
		}
		out = freeIn(o.First, lo, hi, busy[bi:], off[oi:], q, out)
	}
	return out
}

// freeIn sweeps the blocked ranges of starts inside [lo, hi] in order and
// emits the grid-aligned gaps between them.
func freeIn(anchor, lo, hi Minute, busy, off []Span, q Query, out []Free) []Free {
	cur := lo // the first start not yet known to be blocked
	b, t := 0, 0
	for cur <= hi {
		// The next blocked range of starts: a booking blocks (Start-Duration-Buffer, End),
		// time off blocks (Start-Duration, End).
		var from, to Minute
		switch {
		case b < len(busy) && (t >= len(off) || busy[b].Start-q.Buffer <= off[t].Start):
			from, to = busy[b].Start-q.Duration-q.Buffer+1, busy[b].End-1
			b++
		case t < len(off):
			from, to = off[t].Start-q.Duration+1, off[t].End-1
			t++
		default:
			from, to = hi+1, hi+1
		}
		if from > hi+1 {
			from = hi + 1
		}
		if from > cur {
			out = appendAligned(out, anchor, cur, from-1, q.Grid)
		}
		if to+1 > cur {
			cur = to + 1
		}
		if from == hi+1 && to == hi+1 {
			break
		}
	}
	return out
}

// appendAligned adds the grid starts within [lo, hi], if any.
func appendAligned(out []Free, anchor, lo, hi, grid Minute) []Free {
	first := anchor + ceilDiv(lo-anchor, grid)*grid
	last := anchor + floorDiv(hi-anchor, grid)*grid
	if first > last {
		return out
	}
	return append(out, Free{First: first, Last: last, Step: grid})
}

func floorDiv(a, b Minute) Minute {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func ceilDiv(a, b Minute) Minute { return -floorDiv(-a, b) }
