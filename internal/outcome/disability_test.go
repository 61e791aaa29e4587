package outcome_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/instrument"
	"github.com/knead/knead/internal/outcome"
)

// disability loads the synthetic 24-item tick list (sum 0–24, meaningful:
// 5 points or 30 %) that stands for the RMDQ.
func disability(t *testing.T) instrument.Definition {
	t.Helper()
	set, err := instrument.Load("../instrument/testdata/instruments")
	if err != nil {
		t.Fatal(err)
	}
	defs := set.OfKind(instrument.Disability)
	if len(defs) != 1 {
		t.Fatalf("disability instruments: %d", len(defs))
	}
	return defs[0]
}

// ticks answers the tick list with the first n items ticked.
func ticks(n int) map[string]int {
	out := map[string]int{}
	for i := 1; i <= 24; i++ {
		out[fmt.Sprintf("s%d", i)] = 0
		if i <= n {
			out[fmt.Sprintf("s%d", i)] = 1
		}
	}
	return out
}

// The disability instrument is due at the PGIC's points, and its own
// responder rule against the intake's baseline counts in the verdict.
func TestInstrumentResponder(t *testing.T) {
	def := disability(t)
	tests := []struct {
		name     string
		baseline map[string]float64 // nil: no intake
		followUp int                // ticks at week 4; -1: not answered
		want     bool
	}{
		{"responder by 5 points", map[string]float64{def.ID: 12}, 7, true},
		{"responder by 30 percent", map[string]float64{def.ID: 6}, 4, true},
		{"non-responder: 2 points, 17 percent", map[string]float64{def.ID: 12}, 10, false},
		{"worse", map[string]float64{def.ID: 12}, 15, false},
		{"no baseline", nil, 0, false},
		{"no follow-up", map[string]float64{def.ID: 12}, -1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			ctx := context.Background()
			base := func(context.Context, db.Querier, int64) (map[string]float64, error) { return tt.baseline, nil }
			f.svc.WithDisability([]instrument.Definition{def}).WithInstrument(outcome.Responder([]instrument.Definition{def}, base))
			f.session(f.client, 30, "completed")
			p, err := f.svc.Progress(ctx, acc(f.client), f.client.UserID)
			f.must(err)
			if len(p.InstrumentsDue) != 1 || p.InstrumentsDue[0].Def.ID != def.ID || p.InstrumentsDue[0].Point.ID != "week4" {
				t.Fatalf("due: %+v", p.InstrumentsDue)
			}
			if tt.followUp >= 0 {
				m, err := f.svc.AnswerInstrument(ctx, acc(f.client), def.ID, "week4", ticks(tt.followUp))
				f.must(err)
				if m.Score != float64(tt.followUp) || m.Version != def.Version {
					t.Fatalf("answer %+v", m)
				}
			}
			p, err = f.svc.Progress(ctx, acc(f.client), f.client.UserID)
			f.must(err)
			if got := p.Verdict.ByInstrument; got != tt.want || (p.Verdict.Kind == outcome.Improved) != tt.want {
				t.Errorf("verdict %+v, want responder %v", p.Verdict, tt.want)
			}
			if answered := tt.followUp >= 0; answered == (len(p.InstrumentsDue) == 1) {
				t.Errorf("due after answering %v: %+v", answered, p.InstrumentsDue)
			}
		})
	}
}

func TestAnswerInstrument(t *testing.T) {
	def := disability(t)
	f := newFixture(t)
	ctx := context.Background()
	f.svc.WithDisability([]instrument.Definition{def})
	if _, err := f.svc.AnswerInstrument(ctx, acc(f.client), def.ID, "week4", ticks(3)); fields(err)["point"] == "" {
		t.Fatalf("before any session: %v", err)
	}
	f.session(f.client, 30, "completed")
	partial := ticks(3)
	delete(partial, "s2")
	delete(partial, "s24")
	tests := []struct {
		name, id, point string
		answers         map[string]int
		bad             []string
	}{
		{"not due at week 10", def.ID, "week10", ticks(3), []string{"point"}},
		{"not installed", "rmdq-24", "week4", ticks(3), []string{"instrument"}},
		{"items missing", def.ID, "week4", partial, []string{def.ID + ".s2", def.ID + ".s24"}},
		{"answer not offered", def.ID, "week4", map[string]int{"s1": 2}, nil}, // named with the 23 missing
		{"fine", def.ID, "week4", ticks(3), []string{}},
		{"twice", def.ID, "week4", ticks(3), []string{"point"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.svc.AnswerInstrument(ctx, acc(f.client), tt.id, tt.point, tt.answers)
			got := fields(err)
			if tt.bad == nil {
				if len(got) != 24 || got[def.ID+".s1"] == "" {
					t.Fatalf("errors %v", got)
				}
				return
			}
			if len(got) != len(tt.bad) || (len(tt.bad) == 0) != (err == nil) {
				t.Fatalf("errors %v (%v), want %v", got, err, tt.bad)
			}
			for _, k := range tt.bad {
				if got[k] == "" {
					t.Errorf("no error for %s: %v", k, got)
				}
			}
		})
	}
}

// An overdue disability instrument flags "measure overdue" on the
// therapist's dashboard even with the PGIC answered.
func TestInstrumentOverdueFlag(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.svc.WithDisability([]instrument.Definition{disability(t)})
	f.session(f.client, 50, "completed")
	_, err := f.svc.AnswerPGIC(ctx, acc(f.client), "week4", ip(4))
	f.must(err)
	rows, err := f.svc.Dashboard(ctx, acc(f.therapist), "")
	f.must(err)
	if len(rows) != 1 || !slices.Contains(rows[0].Flags, outcome.FlagOverdue) {
		t.Fatalf("dashboard %+v", rows)
	}
	_, err = f.svc.AnswerInstrument(ctx, acc(f.client), "synthetic-disability", "week4", ticks(3))
	f.must(err)
	if rows, _ := f.svc.Dashboard(ctx, acc(f.therapist), ""); len(rows) != 1 || slices.Contains(rows[0].Flags, outcome.FlagOverdue) {
		t.Errorf("after answering: %+v", rows)
	}
}
