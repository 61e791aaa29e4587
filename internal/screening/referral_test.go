package screening

import (
	"testing"
	"time"

	"github.com/knead/knead/internal/triage"
)

func TestAfterReferral(t *testing.T) {
	referred := time.Date(2026, 12, 1, 15, 0, 0, 0, time.UTC)
	cleared := &triage.Clearance{Clinician: "Dr Park", SeenOn: "2026-12-02"}
	screen := func(hours int, c *triage.Clearance) triage.Taken {
		return triage.Taken{At: referred.Add(time.Duration(hours) * time.Hour), Clearance: c}
	}
	blocked := triage.Verdict{Blocks: true, Problem: triage.ProblemBlocked, Reason: "urgent"}
	for _, tt := range []struct {
		name    string
		v       triage.Verdict
		history []triage.Taken // newest first
		ref     time.Time
		want    triage.Verdict
	}{
		{"no referral", triage.Verdict{}, []triage.Taken{screen(-2, nil)}, time.Time{}, triage.Verdict{}},
		{"no screening since", triage.Verdict{}, []triage.Taken{screen(-2, nil)}, referred,
			triage.Verdict{Blocks: true, Problem: triage.ProblemRequired, Reason: referredScreen}},
		{"cleared before it", triage.Verdict{}, []triage.Taken{screen(-2, cleared)}, referred,
			triage.Verdict{Blocks: true, Problem: triage.ProblemRequired, Reason: referredScreen}},
		{"a screening since, not cleared", triage.Verdict{}, []triage.Taken{screen(1, nil), screen(-2, cleared)}, referred,
			triage.Verdict{Blocks: true, Problem: triage.ProblemBlocked, Reason: referredReview, Clearable: true}},
		{"cleared since", triage.Verdict{}, []triage.Taken{screen(1, cleared), screen(-2, nil)}, referred, triage.Verdict{}},
		{"cleared since, a newer screening", triage.Verdict{}, []triage.Taken{screen(30, nil), screen(1, cleared)}, referred, triage.Verdict{}},
		{"taken at the same instant is not since", triage.Verdict{}, []triage.Taken{screen(0, cleared)}, referred,
			triage.Verdict{Blocks: true, Problem: triage.ProblemRequired, Reason: referredScreen}},
		{"the screenings' own block first", blocked, []triage.Taken{screen(1, nil)}, referred, blocked},
	} {
		if got := afterReferral(tt.v, tt.history, tt.ref); got != tt.want {
			t.Errorf("%s: %+v, want %+v", tt.name, got, tt.want)
		}
	}
}
