package booking

import (
	"slices"
	"testing"
	"time"
)

func zone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// localStarts lists the free starts of one local day as "15:04 MST" strings.
func localStarts(t *testing.T, loc *time.Location, d Date, iv Interval, duration Minute) []string {
	t.Helper()
	h := Hours{Zone: loc, Grid: 15}
	h.Weekly[d.Weekday()] = []Interval{iv}
	free := FreeStarts(h.Opens(d, d.AddDays(1)), nil, nil, Query{Duration: duration, Grid: 15, Earliest: -1 << 40, Latest: 1 << 40}, nil)
	var out []string
	for _, m := range expand(free) {
		out = append(out, m.Time().In(loc).Format("15:04 MST"))
	}
	return out
}

func TestOpensAcrossDaylightSaving(t *testing.T) {
	tests := []struct {
		name     string
		zone     string
		date     Date
		iv       Interval
		duration Minute
		count    int
		has      []string // starts that must be offered
		hasNot   []string // starts that must not be
	}{
		{"New York spring forward: 02:xx does not exist", "America/New_York", Date{2026, 3, 8}, Interval{60, 300}, 60,
			// 01:00–01:45 EST, then 03:00–03:00 EDT (ends by 05:00 EDT): 4 + 5
			9, []string{"01:00 EST", "01:45 EST", "03:00 EDT", "04:00 EDT"}, []string{"02:00 EST", "02:00 EDT", "02:30 EDT"}},
		{"New York fall back: 01:xx offered once, the first", "America/New_York", Date{2026, 11, 1}, Interval{0, 240}, 60,
			// 00:00–01:45 EDT (8), 02:00–03:00 EST (5); the repeated 01:xx EST never
			13, []string{"00:00 EDT", "01:00 EDT", "01:45 EDT", "02:00 EST", "03:00 EST"}, []string{"01:00 EST", "01:30 EST"}},
		{"Berlin spring forward", "Europe/Berlin", Date{2026, 3, 29}, Interval{60, 300}, 60,
			9, []string{"01:45 CET", "03:00 CEST"}, []string{"02:15 CET", "02:15 CEST"}},
		{"Berlin fall back", "Europe/Berlin", Date{2026, 10, 25}, Interval{120, 300}, 60,
			// 02:00–02:45 CEST (4), then 03:00 CET … 04:00 CET (5); repeated 02:xx CET skipped
			9, []string{"02:00 CEST", "02:45 CEST", "03:00 CET", "04:00 CET"}, []string{"02:00 CET", "02:30 CET"}},
		{"Berlin fall back, ordinary day hours unchanged", "Europe/Berlin", Date{2026, 10, 25}, Interval{540, 1020}, 60,
			29, []string{"09:00 CET", "16:00 CET"}, []string{"17:00 CET"}},
		{"Phoenix has no daylight saving", "America/Phoenix", Date{2026, 3, 8}, Interval{540, 1020}, 60,
			29, []string{"09:00 MST", "16:00 MST"}, nil},
		{"a day ending at 24:00", "Europe/Berlin", Date{2026, 6, 1}, Interval{1320, 1440}, 60,
			5, []string{"22:00 CEST", "23:00 CEST"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := localStarts(t, zone(t, tt.zone), tt.date, tt.iv, tt.duration)
			if len(got) != tt.count {
				t.Errorf("%d starts, want %d: %v", len(got), tt.count, got)
			}
			for _, s := range tt.has {
				if !slices.Contains(got, s) {
					t.Errorf("missing %s in %v", s, got)
				}
			}
			for _, s := range tt.hasNot {
				if slices.Contains(got, s) {
					t.Errorf("%s offered: %v", s, got)
				}
			}
			seen := map[string]bool{}
			for _, s := range got {
				if seen[s] {
					t.Errorf("start %s offered twice", s)
				}
				seen[s] = true
			}
		})
	}
}

// Working hours keep their wall-clock time on both sides of a change.
func TestHoursKeepWallClock(t *testing.T) {
	berlin := zone(t, "Europe/Berlin")
	h := Hours{Zone: berlin, Grid: 15}
	for d := range 7 {
		h.Weekly[d] = []Interval{{540, 600}}
	}
	opens := h.Opens(Date{2026, 3, 28}, Date{2026, 3, 31})
	if len(opens) != 3 {
		t.Fatalf("%d opens, want 3", len(opens))
	}
	for _, o := range opens {
		if got := o.First.Time().In(berlin).Format("15:04"); got != "09:00" {
			t.Errorf("opens at %s local, want 09:00", got)
		}
	}
	if opens[1].First-opens[0].First != 1440-60 {
		t.Errorf("across the spring change 09:00 to 09:00 is %d minutes, want 1380", opens[1].First-opens[0].First)
	}
}

func TestResolve(t *testing.T) {
	ny := zone(t, "America/New_York")
	naive := func(s string) Minute {
		tm, _ := time.Parse("2006-01-02 15:04", s)
		return MinuteOf(tm)
	}
	for _, tt := range []struct{ wall, want string }{
		{"2026-03-08 01:30", "2026-03-08T06:30:00Z"}, // EST
		{"2026-03-08 02:30", "2026-03-08T07:00:00Z"}, // gap: the jump, 03:00 EDT
		{"2026-11-01 01:30", "2026-11-01T05:30:00Z"}, // repeated: the first, EDT
		{"2026-07-01 12:00", "2026-07-01T16:00:00Z"},
	} {
		if got := resolve(ny, naive(tt.wall)).Time().Format(time.RFC3339); got != tt.want {
			t.Errorf("resolve(%s) = %s, want %s", tt.wall, got, tt.want)
		}
	}
}
