package booking

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// bruteFree checks every minute the slow, obvious way.
func bruteFree(open []Open, busy, off []Span, q Query) []Minute {
	var out []Minute
	for _, o := range open {
		for s := o.First; s < o.StartBefore; s += q.Grid {
			if s < q.Earliest || s >= q.Latest || s+q.Duration > o.End {
				continue
			}
			ok := true
			for _, b := range busy {
				if s < b.End && b.Start < s+q.Duration+q.Buffer {
					ok = false
				}
			}
			for _, t := range off {
				if s < t.End && t.Start < s+q.Duration {
					ok = false
				}
			}
			if ok {
				out = append(out, s)
			}
		}
	}
	return out
}

func expand(free []Free) []Minute {
	var out []Minute
	for _, f := range free {
		for s := f.First; s <= f.Last; s += f.Step {
			out = append(out, s)
		}
	}
	return out
}

func TestFreeStartsTable(t *testing.T) {
	// One day 09:00–17:00 as minutes from 0, 60-minute sessions, 15-minute grid.
	day := []Open{{First: 540, StartBefore: 1020, End: 1020}}
	q := Query{Duration: 60, Buffer: 0, Grid: 15, Earliest: 0, Latest: 1 << 40}
	tests := []struct {
		name  string
		open  []Open
		busy  []Span
		off   []Span
		q     Query
		first Minute
		count int
	}{
		{"empty day", day, nil, nil, q, 540, 29}, // 09:00 … 16:00
		{"booking 10:00-11:00", day, []Span{{600, 660}}, nil, q, 540, 29 - 7},
		{"booking with its buffer to 11:15", day, []Span{{600, 675}}, nil, q, 540, 29 - 8},
		{"own buffer 15 may run past closing", day, nil, nil, Query{60, 15, 15, 0, 1 << 40}, 540, 29},
		{"own buffer may not run into a booking", day, []Span{{600, 660}}, nil, Query{60, 15, 15, 0, 1 << 40}, 660, 29 - 8},
		{"time off blocks the session, not the buffer", day, nil, []Span{{600, 660}}, Query{60, 30, 15, 0, 1 << 40}, 540, 29 - 7},
		{"notice", day, nil, nil, Query{60, 0, 15, 601, 1 << 40}, 615, 24},
		{"horizon", day, nil, nil, Query{60, 0, 15, 0, 600}, 540, 4},
		{"whole day booked", day, []Span{{0, 2000}}, nil, q, 0, 0},
		{"30-minute grid", day, nil, nil, Query{60, 0, 30, 0, 1 << 40}, 540, 15},
		{"session longer than the day", day, nil, nil, Query{600, 0, 15, 0, 1 << 40}, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := expand(FreeStarts(tt.open, tt.busy, tt.off, tt.q, nil))
			want := bruteFree(tt.open, tt.busy, tt.off, tt.q)
			if !slices.Equal(got, want) {
				t.Fatalf("got %v\nwant %v", got, want)
			}
			if len(got) != tt.count || len(got) > 0 && got[0] != tt.first {
				t.Fatalf("got %d starts from %v, want %d from %d", len(got), got, tt.count, tt.first)
			}
		})
	}
}

// Random schedules: the engine agrees with the brute force, so no start it
// offers overlaps a booking or its buffer, time off, closing time, the
// notice or the horizon.
func TestFreeStartsMatchesBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 3000 {
		open, busy, off, q := randomSchedule(r)
		got := expand(FreeStarts(open, busy, off, q, nil))
		want := bruteFree(open, busy, off, q)
		if !slices.Equal(got, want) {
			t.Fatalf("case %d: open %v busy %v off %v q %+v\ngot  %v\nwant %v", i, open, busy, off, q, got, want)
		}
	}
}

func FuzzFreeStarts(f *testing.F) {
	f.Add(uint64(1), uint64(2))
	f.Fuzz(func(t *testing.T, a, b uint64) {
		open, busy, off, q := randomSchedule(rand.New(rand.NewPCG(a, b)))
		if got, want := expand(FreeStarts(open, busy, off, q, nil)), bruteFree(open, busy, off, q); !slices.Equal(got, want) {
			t.Fatalf("open %v busy %v off %v q %+v\ngot  %v\nwant %v", open, busy, off, q, got, want)
		}
	})
}

func randomSchedule(r *rand.Rand) ([]Open, []Span, []Span, Query) {
	grids := []Minute{5, 10, 15, 30, 60}
	q := Query{Duration: Minute(15 * (1 + r.IntN(8))), Buffer: Minute(5 * r.IntN(7)), Grid: grids[r.IntN(len(grids))]}
	var open []Open
	day := Minute(0)
	for range 1 + r.IntN(4) {
		day += Minute(r.IntN(3) * 1440)
		start := day + Minute(r.IntN(20)*30)
		end := start + Minute(60+r.IntN(16)*30)
		split := end
		if r.IntN(5) == 0 { // a daylight-saving split: two anchors, one end
			split = start + Minute(r.IntN(int(end-start)))
			open = append(open, Open{First: start, StartBefore: split, End: end})
			open = append(open, Open{First: split + Minute(r.IntN(60)), StartBefore: end, End: end})
		} else {
			open = append(open, Open{First: start, StartBefore: end, End: end})
		}
		day = end
	}
	horizon := open[len(open)-1].End
	var busy, off []Span
	for range r.IntN(12) {
		s := Minute(r.IntN(int(horizon)))
		busy = append(busy, Span{s, s + Minute(15+r.IntN(12)*15)})
	}
	for range r.IntN(3) {
		s := Minute(r.IntN(int(horizon)))
		off = append(off, Span{s, s + Minute(30+r.IntN(300))})
	}
	slices.SortFunc(busy, func(a, b Span) int { return int(a.Start - b.Start) })
	slices.SortFunc(off, func(a, b Span) int { return int(a.Start - b.Start) })
	slices.SortFunc(open, func(a, b Open) int { return int(a.First - b.First) })
	q.Earliest = Minute(r.IntN(int(horizon)/2 + 1))
	q.Latest = q.Earliest + Minute(r.IntN(int(horizon)+1))
	return open, busy, off, q
}
