package calendar_test

// These tests read knead's files with another implementation (see
// calendartest): what Python finds must be what knead meant.

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/knead/knead/internal/calendar"
	"github.com/knead/knead/internal/calendar/calendartest"
)

type pyEvent = calendartest.Event

func TestPythonReadsSeriesAsKneadMeansThem(t *testing.T) {
	for _, tt := range seriesCases(t) {
		t.Run(tt.name, func(t *testing.T) {
			b, err := calendar.WriteSeries(tt.series)
			if err != nil {
				t.Fatal(err)
			}
			got := calendartest.LiveStarts(calendartest.Expand(t, b))
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
	got := calendartest.Expand(t, calendar.Write(calendar.Feed{Name: "knead", Refresh: time.Hour}, events))
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
