package outcome

import (
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/knead/knead/internal/store"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// sample is two weeks of diary falling from 7 to 4 with four sessions,
// three of them with pain before and after.
func sample() Progress {
	p := Progress{Zone: time.UTC, Today: day(13)}
	for i := range 14 {
		avg := 7 - i*3/13
		p.Diary = append(p.Diary, store.PainEntry{ID: int64(i + 1), LocalDate: day(i).Format(time.DateOnly), NowScore: avg, AverageScore: avg})
	}
	p.Diary = append(p.Diary, store.PainEntry{ID: 99, LocalDate: day(13).Format(time.DateOnly), NowScore: 2, AverageScore: 2})
	techniques := []string{"deep_tissue", "swedish", "trigger_point", "thai"}
	for i, d := range []int{1, 5, 8, 12} {
		s := store.Session{AppointmentID: int64(i + 1), Start: day(d).Add(15 * time.Hour), Technique: techniques[i], Before: 7 - i, After: 4 - i/2}
		if i == 2 {
			s.After = -1
		}
		p.Sessions = append(p.Sessions, s)
	}
	days := make([]Day, len(p.Diary))
	for i, e := range p.Diary {
		d, _ := time.Parse(time.DateOnly, e.LocalDate)
		days[i] = Day{Date: d, Now: e.NowScore, Average: e.AverageScore}
	}
	p.Ref = Reference(days, nil, p.Today)
	p.Verdict = Decide(p.Ref, len(p.Sessions), 0, false)
	return p
}

func TestCharts(t *testing.T) {
	tests := []struct {
		name  string
		chart func(Progress) string
		p     Progress
		want  []string
	}{
		{"pain", func(p Progress) string { return string(PainChart(p)) }, sample(), []string{"Baseline 6.7", "Meaningful: 4.7 or less", ">TP<"}},
		{"pain-empty", func(p Progress) string { return string(PainChart(p)) }, Progress{Zone: time.UTC, Today: day(0)}, []string{"No diary entries yet."}},
		{"prepost", func(p Progress) string { return string(PrePostChart(p)) }, sample(), []string{"3 sessions; pain fell by 2.0 points"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.chart(tt.p)
			if err := xml.Unmarshal([]byte(got), new(struct{})); err != nil {
				t.Errorf("not well-formed: %v", err)
			}
			for _, w := range append(tt.want, "<title id=", "<desc id=") {
				if !strings.Contains(got, w) {
					t.Errorf("missing %q", w)
				}
			}
			golden := filepath.Join("testdata", tt.name+".svg")
			if *update {
				if err := os.WriteFile(golden, []byte(got+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to write it)", err)
			}
			if got+"\n" != string(want) {
				t.Errorf("differs from %s (run go test -update and look at the file):\n%s", golden, got)
			}
		})
	}
}
