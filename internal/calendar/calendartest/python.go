// Package calendartest reads knead's calendar files with another
// implementation, for tests: Python's icalendar package parses them and
// python-dateutil expands their rules (calendar/testdata/expand.py), from
// Debian's python3-icalendar. Tests skip without it, except in CI, which
// installs it (.ci/run).
package calendartest

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
)

// Python is the interpreter the tests run; Debian's, whose python3-icalendar
// they need.
const Python = "/usr/bin/python3"

// Event is one event as expand.py read it: every start and end it expands
// to, as UTC instants in RFC 3339.
type Event struct {
	UID, Status, Summary, Location string
	Starts, Ends                   []string
}

// Expand reads a calendar file with Python and returns its events.
func Expand(t testing.TB, ics []byte) []Event {
	t.Helper()
	NeedPython(t)
	_, here, _, _ := runtime.Caller(0)
	script := filepath.Join(filepath.Dir(here), "..", "testdata", "expand.py")
	cmd := exec.Command(Python, script)
	cmd.Stdin = bytes.NewReader(ics)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("expand.py: %v\n%s\nthe file:\n%s", err, stderr.String(), ics)
	}
	var got struct{ Events []Event }
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("expand.py printed %q: %v", out, err)
	}
	return got.Events
}

// NeedPython skips the test when Python's icalendar is missing — but not
// under CI=true, where it must run.
func NeedPython(t testing.TB) {
	t.Helper()
	err := exec.Command(Python, "-c", "import icalendar, dateutil.rrule, zoneinfo").Run()
	if err == nil {
		return
	}
	msg := "needs " + Python + " with the icalendar module (Debian: apt-get install python3-icalendar): " + err.Error()
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// LiveStarts lists the starts of every event that is not cancelled, sorted.
func LiveStarts(events []Event) []string {
	var out []string
	for _, e := range events {
		if e.Status != "CANCELLED" {
			out = append(out, e.Starts...)
		}
	}
	slices.Sort(out)
	return out
}
