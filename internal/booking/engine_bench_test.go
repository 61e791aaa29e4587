package booking

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// weekFixture is 10,000 therapist-weeks: 09:00–17:00 on five or six days,
// about 25 bookings of 30–90 minutes with 0–15 minute buffers, sorted.
type weekFixture struct {
	open [][]Open
	busy [][]Span
}

func newWeekFixture(n int) weekFixture {
	r := rand.New(rand.NewPCG(7, 7))
	var f weekFixture
	for range n {
		var open []Open
		var busy []Span
		days := 5 + r.IntN(2)
		for d := range days {
			day := Minute(d * 1440)
			open = append(open, Open{First: day + 540, StartBefore: day + 1020, End: day + 1020})
		}
		for range 25 {
			d := Minute(r.IntN(days) * 1440)
			s := d + 540 + Minute(r.IntN(28)*15)
			busy = append(busy, Span{s, s + Minute(30+r.IntN(3)*30+r.IntN(2)*15)})
		}
		slices.SortFunc(busy, func(a, b Span) int { return int(a.Start - b.Start) })
		f.open, f.busy = append(f.open, open), append(f.busy, busy)
	}
	return f
}

// BenchmarkFreeStarts10kTherapistWeeks finds every free 60-minute start for
// 10,000 therapists over 7 days. Target (issue 4): ≤ 2 × 2.6 ms per op.
func BenchmarkFreeStarts10kTherapistWeeks(b *testing.B) {
	f := newWeekFixture(10_000)
	q := Query{Duration: 60, Buffer: 15, Grid: 15, Earliest: 0, Latest: 7 * 1440}
	out := make([]Free, 0, 64)
	b.ReportAllocs()
	starts := 0
	for b.Loop() {
		starts = 0
		for i := range f.open {
			out = FreeStarts(f.open[i], f.busy[i], nil, q, out[:0])
			for _, fr := range out {
				starts += fr.Count()
			}
		}
	}
	b.ReportMetric(float64(starts), "starts/op")
}
