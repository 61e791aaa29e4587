package triage

import (
	"testing"
	"time"
)

var (
	taken = time.Date(2026, 12, 1, 17, 0, 0, 0, time.UTC)
	day   = 24 * time.Hour
	nanos = time.Nanosecond
)

func cleared() *Clearance {
	return &Clearance{Clinician: "Dr Who", SeenOn: "2026-12-02", AttestedAt: taken.Add(day)}
}

// BlocksAt reads one screening as the latest, at the exact boundaries.
func TestBlocksAt(t *testing.T) {
	tests := []struct {
		name      string
		set       map[ID]string
		dob       string
		clear     *Clearance
		after     time.Duration
		problem   string
		liftsIn   time.Duration // from taken; 0 for none
		clearable bool
	}{
		{"clean", nil, "", nil, 0, "", 0, false},
		{"caution allows", yes(RF15, CI03), "", nil, time.Hour, "", 0, false},
		{"clean at 90 days", nil, "", nil, 90 * day, "", 0, false},
		{"clean past 90 days", nil, "", nil, 90*day + nanos, ProblemRequired, 0, false},
		{"emergency", yes(RF01), "", nil, time.Hour, ProblemBlocked, day, false},
		{"emergency ignores clearance", yes(RF01), "", cleared(), 2 * day, ProblemBlocked, day, false},
		{"emergency past 90 days", yes(RF01), "", nil, 90*day + nanos, ProblemRequired, 0, false},
		{"urgent", yes(RF11), "", nil, time.Hour, ProblemBlocked, 14 * day, true},
		{"urgent does not lift by time alone", yes(RF11), "", nil, 20 * day, ProblemBlocked, 14 * day, true},
		{"urgent cleared", yes(RF11), "", cleared(), time.Hour, "", 0, false},
		{"soon", yes(RF18), "", nil, time.Hour, ProblemBlocked, 0, true},
		{"soon cleared", yes(RF18), "", cleared(), time.Hour, "", 0, false},
		{"under 18", nil, "2009-01-01", nil, time.Hour, ProblemBlocked, 31*day - 17*time.Hour, false},
		{"under 18 ignores clearance", nil, "2009-01-01", cleared(), time.Hour, ProblemBlocked, 31*day - 17*time.Hour, false},
		{"CI-01 cleared", yes(CI01), "", cleared(), time.Hour, "", 0, false},
		{"CI-02 postpones", yes(CI02), "", cleared(), time.Hour, ProblemBlocked, 0, false},
		{"CI-10", yes(CI10), "", nil, time.Hour, ProblemBlocked, 0, true},
		{"CI-10 cleared", yes(CI10), "", cleared(), time.Hour, "", 0, false},
		{"CI-14 cleared", yes(CI14), "", cleared(), time.Hour, "", 0, false},
		{"CI-15 postpones", yes(CI15), "", nil, time.Hour, ProblemBlocked, 0, false},
		{"urgent cleared, CI-15 still postpones", yes(RF11, CI15), "", cleared(), time.Hour, ProblemBlocked, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := screen(t, tt.set, tt.dob)
			v := BlocksAt(r, taken, tt.clear, taken.Add(tt.after))
			var lifts time.Duration
			if !v.LiftsAt.IsZero() {
				lifts = v.LiftsAt.Sub(taken)
			}
			if v.Blocks != (tt.problem != "") || v.Problem != tt.problem || lifts != tt.liftsIn || v.Clearable != tt.clearable {
				t.Errorf("%+v; want problem %q lifting %v after, clearable %v", v, tt.problem, tt.liftsIn, tt.clearable)
			}
			if v.Blocks && v.Reason == "" {
				t.Error("a block without a reason")
			}
		})
	}
}

// Standing reads a history: answering differently in a new screening does
// not get round an earlier block until its time has passed.
func TestStanding(t *testing.T) {
	clean := func(after time.Duration) Taken { return Taken{Result: screen(t, nil, ""), At: taken.Add(after)} }
	old := func(set map[ID]string, c *Clearance) Taken {
		return Taken{Result: screen(t, set, ""), At: taken, Clearance: c}
	}
	minor := Taken{Result: screen(t, nil, "2009-01-01"), At: taken}
	tests := []struct {
		name    string
		history []Taken
		now     time.Duration
		problem string
		from    int
	}{
		{"no screening", nil, 0, ProblemRequired, 0},
		{"emergency, new one 24 h later", []Taken{clean(day), old(yes(RF01), nil)}, day, "", 0},
		{"emergency, new one just under 24 h", []Taken{clean(day - nanos), old(yes(RF01), nil)}, day, ProblemBlocked, 1},
		{"emergency not sure is urgent: cleared lifts", []Taken{clean(time.Hour), old(map[ID]string{RF01: NotSure}, cleared())}, day, "", 0},
		{"urgent, new one 14 days later", []Taken{clean(14 * day), old(yes(RF11), nil)}, 14 * day, "", 0},
		{"urgent, new one just under 14 days", []Taken{clean(14*day - nanos), old(yes(RF11), nil)}, 14 * day, ProblemBlocked, 1},
		{"urgent cleared, new one next day", []Taken{clean(day), old(yes(RF11), cleared())}, day, "", 0},
		{"soon stands until cleared", []Taken{clean(60 * day), old(yes(RF09), nil)}, 60 * day, ProblemBlocked, 1},
		{"soon cleared", []Taken{clean(day), old(yes(RF09), cleared())}, day, "", 0},
		{"CI-10 stands until cleared", []Taken{clean(30 * day), old(yes(CI10), nil)}, 30 * day, ProblemBlocked, 1},
		{"CI-02 lifts with a new screening", []Taken{clean(time.Hour), old(yes(CI02), nil)}, time.Hour, "", 0},
		{"CI-15 lifts with a new screening", []Taken{clean(time.Hour), old(yes(CI15), nil)}, time.Hour, "", 0},
		{"under 18, new date of birth before the birthday", []Taken{clean(day), minor}, day, ProblemBlocked, 1},
		{"under 18, new one on the 18th birthday", []Taken{clean(31*day - 17*time.Hour), minor}, 31 * day, "", 0},
		{"latest blocks first", []Taken{old(yes(RF01), nil), clean(-day)}, time.Hour, ProblemBlocked, 0},
		{"latest past 90 days", []Taken{clean(0), old(yes(RF09), nil)}, 90*day + nanos, ProblemRequired, 0},
		{"emergency superseded, urgent before it still stands", []Taken{clean(2 * day), old(yes(RF01), nil),
			{Result: screen(t, yes(RF11), ""), At: taken.Add(-3 * day)}}, 2 * day, ProblemBlocked, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := Standing(tt.history, taken.Add(tt.now))
			if v.Blocks != (tt.problem != "") || v.Problem != tt.problem || v.From != tt.from {
				t.Errorf("%+v; want problem %q from %d", v, tt.problem, tt.from)
			}
		})
	}
}

func TestClearanceAllowed(t *testing.T) {
	tests := []struct {
		name string
		r    Result
		ok   bool
	}{
		{"emergency", screen(t, yes(RF13), ""), false},
		{"emergency not sure is urgent", screen(t, map[ID]string{RF13: NotSure}, ""), true},
		{"combination emergency", screen(t, yes(RF09, RF05), ""), false},
		{"under 18", screen(t, nil, "2010-01-01"), false},
		{"urgent", screen(t, yes(RF10), ""), true},
		{"soon", screen(t, yes(RF20), ""), true},
		{"clean", screen(t, nil, ""), true},
	}
	for _, tt := range tests {
		if ok, why := ClearanceAllowed(tt.r); ok != tt.ok || ok == (why != "") {
			t.Errorf("%s: %v %q, want %v", tt.name, ok, why, tt.ok)
		}
	}
}
