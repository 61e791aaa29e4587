package calendar_test

// These tests read knead's files with another implementation: Python's
// icalendar package parses them and python-dateutil expands the rules
// (testdata/expand.py), from Debian's python3-icalendar. They skip when
// that is not installed, except in CI, which installs it (.ci/run).

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/knead/knead/internal/calendar"
)

const python = "/usr/bin/python3"

// pyEvent is one event as expand.py read it.
type pyEvent struct {
	UID, Status, Summary, Location string
	Starts, Ends                   []string
}

// expandWithPython runs expand.py on a calendar file.
func expandWithPython(t *testing.T, ics []byte) []pyEvent {
	t.Helper()
	needPython(t)
	_, here, _, _ := runtime.Caller(0)
	cmd := exec.Command(python, filepath.Join(filepath.Dir(here), "testdata", "expand.py"))
	cmd.Stdin = bytes.NewReader(ics)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("expand.py: %v\n%s\nthe file:\n%s", err, stderr.String(), ics)
	}
	var got struct{ Events []pyEvent }
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("expand.py printed %q: %v", out, err)
	}
	return got.Events
}

// needPython skips the test when Python's icalendar is missing — but not
// in CI, where it must run.
func needPython(t *testing.T) {
	t.Helper()
	err := exec.Command(python, "-c", "import icalendar, dateutil.rrule, zoneinfo").Run()
	if err == nil {
		return
	}
	msg := "needs " + python + " with the icalendar module (Debian: apt-get install python3-icalendar): " + err.Error()
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// liveStarts lists the starts of every event that is not cancelled, sorted.
func liveStarts(events []pyEvent) []string {
	var out []string
	for _, e := range events {
		if e.Status != "CANCELLED" {
			out = append(out, e.Starts...)
		}
	}
	slices.Sort(out)
	return out
}

func TestPythonReadsSeriesAsKneadMeansThem(t *testing.T) {
	for _, tt := range seriesCases(t) {
		t.Run(tt.name, func(t *testing.T) {
			b, err := calendar.WriteSeries(tt.series)
			if err != nil {
				t.Fatal(err)
			}
			got := liveStarts(expandWithPython(t, b))
			if strings.Join(got, " ") != strings.Join(tt.live, " ") {
				t.Errorf("Python reads sessions at %v, want %v\n%s", got, tt.live, b)
			}
		})
	}
}

func TestPythonReadsSingleEventsAndFeeds(t *testing.T) {
	start := time.Date(2026, 11, 1, 5, 30, 0, 0, time.UTC)
	events := []calendar.Event{
		{UID: "appointment-1@knead.test", Start: start, End: start.Add(time.Hour), Summary: "Swedish with Anna Weber",
			Location: "Praxis, Torstraße 1, Berlin", Changed: start.Add(-time.Hour)},
		{UID: "appointment-2@knead.test", Start: start.Add(48 * time.Hour), End: start.Add(49 * time.Hour),
			Summary: "Alex Client – Deep tissue", Cancelled: true, Changed: start},
	}
	got := expandWithPython(t, calendar.Write(calendar.Feed{Name: "knead", Refresh: time.Hour}, events))
	if len(got) != 2 {
		t.Fatalf("Python read %d events, want 2: %+v", len(got), got)
	}
	want := []pyEvent{
		{UID: "appointment-1@knead.test", Status: "CONFIRMED", Summary: "Swedish with Anna Weber", Location: "Praxis, Torstraße 1, Berlin",
			Starts: []string{"2026-11-01T05:30:00Z"}, Ends: []string{"2026-11-01T06:30:00Z"}},
		{UID: "appointment-2@knead.test", Status: "CANCELLED", Summary: "Alex Client – Deep tissue",
			Starts: []string{"2026-11-03T05:30:00Z"}, Ends: []string{"2026-11-03T06:30:00Z"}},
	}
	for i := range want {
		if g, w := got[i], want[i]; g.UID != w.UID || g.Status != w.Status || g.Summary != w.Summary ||
			g.Location != w.Location || !slices.Equal(g.Starts, w.Starts) || !slices.Equal(g.Ends, w.Ends) {
			t.Errorf("event %d: Python read %+v, want %+v", i, g, w)
		}
	}
}
