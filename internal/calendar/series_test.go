package calendar_test

import (
	"strings"
	"testing"
	"time"

	"github.com/knead/knead/internal/calendar"
)

// seriesCase is a series, the lines its file must have, and the instants
// at which its sessions take place.
type seriesCase struct {
	name   string
	series calendar.Series
	want   []string
	live   []string // UTC starts, in order, of every session the file shows
}

func live(uid string, start time.Time, d time.Duration) calendar.Event {
	return calendar.Event{UID: uid, Start: start.UTC(), End: start.Add(d).UTC(), Summary: "Deep tissue with Anna Weber",
		Changed: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
}

func seriesCases(t *testing.T) []seriesCase {
	berlin, ny := zone(t, "Europe/Berlin"), zone(t, "America/New_York")
	b := func(m time.Month, d, h, min int) time.Time { return time.Date(2026, m, d, h, min, 0, 0, berlin) }
	n := func(m time.Month, d, h, min int) time.Time { return time.Date(2026, m, d, h, min, 0, 0, ny) }
	hour := time.Hour
	head := calendar.Event{UID: "series-3@knead.test", Summary: "Deep tissue with Anna Weber", Location: "Praxis, Torstraße 1",
		Sequence: 60, Changed: time.Date(2026, 2, 1, 12, 0, 0, 0, time.UTC)}
	series := func(zone *time.Location, first time.Time, rule string, occ ...calendar.Event) calendar.Series {
		return calendar.Series{Event: head, Zone: zone, FirstStart: first, Duration: hour, RRule: rule, Live: occ}
	}
	return []seriesCase{
		{
			// 10:00 is 09:00Z in winter and 08:00Z from 29 March; the 22 March
			// session was cancelled and the 5 April one moved to the 6th.
			name: "Berlin across 2026-03-29, a cancellation and a move",
			series: series(berlin, b(3, 15, 10, 0), "FREQ=WEEKLY;INTERVAL=1;COUNT=4",
				live("appointment-1@knead.test", b(3, 15, 10, 0), hour), live("appointment-3@knead.test", b(3, 29, 10, 0), hour),
				live("appointment-4@knead.test", b(4, 6, 11, 0), hour)),
			want: []string{"DTSTART;TZID=Europe/Berlin:20260315T100000", "DTEND;TZID=Europe/Berlin:20260315T110000",
				"RRULE:FREQ=WEEKLY;INTERVAL=1;COUNT=4", "EXDATE;TZID=Europe/Berlin:20260322T100000",
				"EXDATE;TZID=Europe/Berlin:20260405T100000", "UID:series-3@knead.test", "STATUS:CONFIRMED", "SEQUENCE:60",
				"UID:appointment-4@knead.test", "DTSTART:20260406T090000Z"},
			live: []string{"2026-03-15T09:00:00Z", "2026-03-29T08:00:00Z", "2026-04-06T09:00:00Z"},
		},
		{
			// 02:30 does not exist on 29 March: booking skipped it.
			name: "Berlin, the skipped hour is excluded",
			series: series(berlin, b(3, 22, 2, 30), "FREQ=WEEKLY;INTERVAL=1;COUNT=3",
				live("appointment-1@knead.test", b(3, 22, 2, 30), hour), live("appointment-3@knead.test", b(4, 5, 2, 30), hour)),
			want: []string{"DTSTART;TZID=Europe/Berlin:20260322T023000", "EXDATE;TZID=Europe/Berlin:20260329T023000"},
			live: []string{"2026-03-22T01:30:00Z", "2026-04-05T00:30:00Z"},
		},
		{
			// 01:30 happens twice on 1 November: the first (EDT) is meant.
			name: "New York across 2026-11-01, the repeated hour",
			series: series(ny, n(10, 25, 1, 30), "FREQ=WEEKLY;INTERVAL=1;COUNT=3",
				live("appointment-1@knead.test", n(10, 25, 1, 30), hour),
				live("appointment-2@knead.test", time.Date(2026, 11, 1, 5, 30, 0, 0, time.UTC), hour),
				live("appointment-3@knead.test", n(11, 8, 1, 30), hour)),
			want: []string{"DTSTART;TZID=America/New_York:20261025T013000", "DTEND;TZID=America/New_York:20261025T023000"},
			live: []string{"2026-10-25T05:30:00Z", "2026-11-01T05:30:00Z", "2026-11-08T06:30:00Z"},
		},
		{
			name: "New York every 2 weeks across 2026-11-01, the middle one skipped",
			series: series(ny, n(10, 20, 17, 0), "FREQ=WEEKLY;INTERVAL=2;COUNT=3",
				live("appointment-1@knead.test", n(10, 20, 17, 0), hour), live("appointment-3@knead.test", n(11, 17, 17, 0), hour)),
			want: []string{"RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=3", "EXDATE;TZID=America/New_York:20261103T170000"},
			live: []string{"2026-10-20T21:00:00Z", "2026-11-17T22:00:00Z"},
		},
		{
			name:   "nothing left",
			series: series(berlin, b(3, 15, 10, 0), "FREQ=WEEKLY;INTERVAL=4;COUNT=2"),
			want: []string{"STATUS:CANCELLED", "EXDATE;TZID=Europe/Berlin:20260315T100000",
				"EXDATE;TZID=Europe/Berlin:20260412T100000"},
		},
	}
}

func TestWriteSeries(t *testing.T) {
	for _, tt := range seriesCases(t) {
		t.Run(tt.name, func(t *testing.T) {
			b, err := calendar.WriteSeries(tt.series)
			if err != nil {
				t.Fatal(err)
			}
			got := lines(t, b)
			if m := has(got, tt.want...); len(m) > 0 {
				t.Errorf("missing %q in\n%s", m, strings.Join(got, "\n"))
			}
			for _, l := range got {
				if strings.HasPrefix(l, "BEGIN:VTIMEZONE") || strings.HasPrefix(l, "RECURRENCE-ID") {
					t.Errorf("unexpected %q", l)
				}
			}
		})
	}
}

func TestInstances(t *testing.T) {
	berlin := zone(t, "Europe/Berlin")
	first := time.Date(2026, 3, 15, 10, 0, 0, 0, berlin)
	tests := []struct {
		rule string
		want []string
	}{
		{"FREQ=WEEKLY;INTERVAL=1;COUNT=3", []string{"2026-03-15T09:00:00Z", "2026-03-22T09:00:00Z", "2026-03-29T08:00:00Z"}},
		{"FREQ=WEEKLY;INTERVAL=2;UNTIL=20260412T100000", []string{"2026-03-15T09:00:00Z", "2026-03-29T08:00:00Z", "2026-04-12T08:00:00Z"}},
		// 08:00Z on 12 April is 10:00 there: UNTIL in UTC is inclusive too.
		{"FREQ=WEEKLY;INTERVAL=2;UNTIL=20260412T080000Z", []string{"2026-03-15T09:00:00Z", "2026-03-29T08:00:00Z", "2026-04-12T08:00:00Z"}},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			got, err := calendar.Instances(tt.rule, first)
			if err != nil {
				t.Fatal(err)
			}
			var at []string
			for _, in := range got {
				at = append(at, in.At.Format(time.RFC3339))
				if in.Wall.Hour() != 10 {
					t.Errorf("instance at wall-clock %v, want 10:00", in.Wall)
				}
			}
			if strings.Join(at, " ") != strings.Join(tt.want, " ") {
				t.Errorf("got %v, want %v", at, tt.want)
			}
		})
	}
	if _, err := calendar.Instances("FREQ=SOMETIMES", first); err == nil {
		t.Error("a bad rule was accepted")
	}
	if _, err := calendar.WriteSeries(calendar.Series{RRule: "FREQ=WEEKLY;COUNT=1"}); err == nil {
		t.Error("a series without a zone was written")
	}
}
