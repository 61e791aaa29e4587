package outcome

import (
	"testing"
	"time"

	"github.com/knead/knead/internal/store"
)

func fp(f float64) *float64 { return &f }

func TestTabulate(t *testing.T) {
	clients := []ClientOutcome{
		{Technique: "swedish", Sessions: 4, Change: [2]*float64{fp(-3), nil}, Responder: true},
		{Technique: "swedish", Sessions: 9, Change: [2]*float64{fp(-1), fp(-2)}},
		{Technique: "swedish", Sessions: 5, Change: [2]*float64{fp(0), nil}, Responder: true},
		{Technique: "swedish", Sessions: 6, Change: [2]*float64{fp(-2), nil}},
		{Technique: "swedish", Sessions: 2},
		{Technique: "deep_tissue", Sessions: 8, Change: [2]*float64{fp(1), fp(2)}},
		{Technique: "thai", Sessions: 0}, // no session: not counted
	}
	tests := []struct {
		name     string
		suppress bool
		want     []TechniqueRow
	}{
		{"a therapist's own", false, []TechniqueRow{
			{Technique: "deep_tissue", Clients: 1, Median: [2]float64{1, 2}, MedianN: [2]int{1, 1}, Eligible: 1},
			{Technique: "swedish", Clients: 5, Median: [2]float64{-1.5, -2}, MedianN: [2]int{4, 1}, Eligible: 4, Responders: 2},
		}},
		{"deployment-wide: under 5 clients suppressed", true, []TechniqueRow{
			{Technique: "deep_tissue", Clients: 1, Median: [2]float64{1, 2}, MedianN: [2]int{1, 1}, Eligible: 1, Suppressed: true},
			{Technique: "swedish", Clients: 5, Median: [2]float64{-1.5, -2}, MedianN: [2]int{4, 1}, Eligible: 4, Responders: 2},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Tabulate(clients, tt.suppress)
			if len(got) != len(tt.want) {
				t.Fatalf("got %+v", got)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("row %d: got %+v, want %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

// The change after 4 sessions is the week after the 4th session against
// the baseline; sessions with other therapists do not count for one.
func TestSummarize(t *testing.T) {
	p := Progress{Zone: time.UTC, Today: day(30), Ref: References{Baseline: 6, BaselineSource: FromIntake, Now: 3, HasNow: true}}
	for i, d := range []int{0, 3, 6, 9, 12} {
		p.Sessions = append(p.Sessions, store.Session{Start: day(d).Add(10 * time.Hour), Technique: []string{"swedish", "thai"}[i%2],
			TherapistID: int64(1 + i/4)})
	}
	for d := 10; d <= 20; d++ { // week after the 4th session (day 9): days 10–16
		avg := 4
		if d > 16 {
			avg = 0
		}
		p.Diary = append(p.Diary, store.PainEntry{LocalDate: day(d).Format(time.DateOnly), AverageScore: avg})
	}
	p.Verdict = Decide(p.Ref, len(p.Sessions), 0, false)
	all, one := Summarize(p, 0), Summarize(p, 1)
	if all.Sessions != 5 || all.Technique != "swedish" || all.Change[0] == nil || *all.Change[0] != -2 || all.Change[1] != nil || !all.Responder {
		t.Errorf("all: %+v", all)
	}
	if one.Sessions != 4 || one.Change[0] == nil || *one.Change[0] != -2 {
		t.Errorf("therapist 1: %+v", one)
	}
}
