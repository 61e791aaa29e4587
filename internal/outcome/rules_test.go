package outcome

import (
	"testing"
	"time"
)

func day(n int) time.Time { return time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n) }

// diary makes one entry a day from day 0, with these averages (now equal).
func diary(averages ...int) []Day {
	out := make([]Day, len(averages))
	for i, a := range averages {
		out[i] = Day{Date: day(i), Now: a, Average: a}
	}
	return out
}

func ptr(n int) *int { return &n }

func TestDecide(t *testing.T) {
	tests := []struct {
		name       string
		base       float64
		source     Source
		now        float64
		hasNow     bool
		sessions   int
		pgic       int
		instrument bool
		want       Kind
		threshold  float64
	}{
		{"no baseline", 0, NoSource, 0, false, 8, 0, false, NotEnough, 0},
		{"no baseline, PGIC much improved", 0, NoSource, 0, false, 3, 2, false, Improved, 0},
		{"baseline, no recent diary", 6, FromIntake, 0, false, 8, 0, false, NotEnough, 4},
		{"baseline 2: 2 points is 100 %", 2, FromIntake, 0, true, 1, 0, false, Improved, 0},
		{"baseline 2: 1.5 points is 75 % but under 2", 2, FromIntake, 0.5, true, 7, 0, false, NoChange, 0},
		{"baseline 2: worse at 4", 2, FromIntake, 4, true, 1, 0, false, Worse, 0},
		{"baseline 10: 3 points is exactly 30 %", 10, FromIntake, 7, true, 2, 0, false, Improved, 7},
		{"baseline 10: 2.9 points is short of 30 %", 10, FromIntake, 7.1, true, 2, 0, false, TooEarly, 7},
		{"baseline 10 cannot get 2 worse", 10, FromIntake, 10, true, 6, 0, false, NoChange, 7},
		{"baseline 5: exactly 2 points (40 %)", 5, FromDiary, 3, true, 0, 0, false, Improved, 3},
		{"baseline 5: 1.9 points", 5, FromDiary, 3.1, true, 5, 0, false, TooEarly, 3},
		{"baseline 8, now 5.6: exactly 30 %", 8, FromDiary, 5.6, true, 1, 0, false, Improved, 5.6},
		{"baseline 8, now 5.7: 2.3 points, short of 30 %", 8, FromDiary, 5.7, true, 1, 0, false, TooEarly, 5.6},
		{"exactly 2 points worse", 4, FromIntake, 6, true, 1, 0, false, Worse, 2},
		{"1.9 points worse, 6 sessions", 4, FromIntake, 5.9, true, 6, 0, false, NoChange, 2},
		{"5 sessions, no change", 6, FromIntake, 6, true, 5, 0, false, TooEarly, 4},
		{"6 sessions, no change", 6, FromIntake, 6, true, 6, 0, false, NoChange, 4},
		{"PGIC minimally improved does not count", 6, FromIntake, 6, true, 6, 3, false, NoChange, 4},
		{"PGIC very much improved counts against the diary", 6, FromIntake, 8, true, 6, 1, false, Improved, 4},
		{"an instrument's responder counts", 6, FromIntake, 6, true, 6, 4, true, Improved, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := Decide(References{Baseline: tt.base, BaselineSource: tt.source, Now: tt.now, HasNow: tt.hasNow}, tt.sessions, tt.pgic, tt.instrument)
			if v.Kind != tt.want {
				t.Errorf("kind %s, want %s", v.Kind, tt.want)
			}
			if d := v.Threshold - tt.threshold; d > 1e-9 || d < -1e-9 {
				t.Errorf("threshold %v, want %v", v.Threshold, tt.threshold)
			}
			if v.Says() == "" || v.Advise() != (tt.want == Worse || tt.want == NoChange) {
				t.Errorf("says %q, advise %v", v.Says(), v.Advise())
			}
		})
	}
}

func TestReference(t *testing.T) {
	tests := []struct {
		name     string
		diary    []Day
		intake   *int
		today    time.Time
		base     float64
		source   Source
		now      float64
		hasNow   bool
		rescreen bool
	}{
		{"nothing", nil, nil, day(0), 0, NoSource, 0, false, false},
		{"a single entry, no intake: too early for a baseline", diary(6), nil, day(0), 0, NoSource, 0, false, false},
		{"a single entry with an intake", diary(4), ptr(6), day(0), 6, FromIntake, 4, true, false},
		{"intake baseline wins over the diary", diary(2, 2, 2, 2, 2, 2, 2, 2), ptr(7), day(7), 7, FromIntake, 2, true, false},
		{"the first week is not yet over", diary(6, 6, 6, 6, 6, 6), nil, day(6), 0, NoSource, 0, false, false},
		{"week over, nothing since", diary(6, 6, 6, 6, 6, 6, 4), nil, day(7), 40.0 / 7, FromDiary, 0, false, false},
		{"two weeks: now is the second", diary(6, 6, 6, 6, 6, 6, 6, 4, 4, 4, 4, 4, 4, 3), nil, day(13), 6, FromDiary, 27.0 / 7, true, false},
		{"now is the last 7 days only", diary(8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 2, 2, 2, 2, 2, 2, 2), nil, day(19), 8, FromDiary, 2, true, false},
		{"nothing in the last 7 days", diary(5, 5), ptr(5), day(20), 5, FromIntake, 0, false, false},
		{"rise of 3 calls the re-screen", diary(3, 6), ptr(5), day(1), 5, FromIntake, 4.5, true, true},
		{"rise of 2 does not", diary(3, 5), ptr(5), day(1), 5, FromIntake, 4, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Reference(tt.diary, tt.intake, tt.today)
			if r.BaselineSource != tt.source || !near(r.Baseline, tt.base) || r.HasNow != tt.hasNow || !near(r.Now, tt.now) || r.Rescreen != tt.rescreen {
				t.Errorf("got %+v, want baseline %v (%q) now %v (%v) rescreen %v", r, tt.base, tt.source, tt.now, tt.hasNow, tt.rescreen)
			}
		})
	}
}

func near(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }

func TestDuePGIC(t *testing.T) {
	start := day(0)
	tests := []struct {
		name     string
		start    time.Time
		today    int
		answered map[string]bool
		want     string
		overdue  bool
	}{
		{"no session yet", time.Time{}, 40, nil, "", false},
		{"day 27", start, 27, nil, "", false},
		{"day 28", start, 28, nil, "week4", false},
		{"day 42", start, 42, nil, "week4", false},
		{"day 43: overdue", start, 43, nil, "week4", true},
		{"answered", start, 30, map[string]bool{"week4": true}, "", false},
		{"day 70: the next point supersedes", start, 70, nil, "week10", false},
		{"day 200", start, 200, map[string]bool{"week26": false}, "week26", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, ok := DuePGIC(tt.start, day(tt.today), tt.answered)
			if ok != (tt.want != "") || d.Point.ID != tt.want || d.Overdue != tt.overdue {
				t.Errorf("got %+v %v, want %q overdue %v", d, ok, tt.want, tt.overdue)
			}
		})
	}
}
