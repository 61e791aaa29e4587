package calendar_test

import (
	"strings"
	"testing"
	"time"

	"github.com/knead/knead/internal/calendar"
)

func zone(t *testing.T, name string) *time.Location {
	t.Helper()
	z, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return z
}

// lines unfolds a calendar (RFC 5545 §3.1) into its content lines.
func lines(t *testing.T, b []byte) []string {
	t.Helper()
	s := string(b)
	if !strings.HasSuffix(s, "\r\n") {
		t.Fatalf("the file does not end in CRLF:\n%s", s)
	}
	for l := range strings.SplitSeq(s, "\r\n") {
		if len(l) > 75 {
			t.Errorf("line over 75 octets: %q", l)
		}
	}
	return strings.Split(strings.TrimSuffix(strings.ReplaceAll(s, "\r\n ", ""), "\r\n"), "\r\n")
}

func has(all []string, want ...string) []string {
	var missing []string
	for _, w := range want {
		found := false
		for _, l := range all {
			found = found || l == w
		}
		if !found {
			missing = append(missing, w)
		}
	}
	return missing
}

func TestWriteSingleEvents(t *testing.T) {
	changed := time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)
	base := calendar.Event{UID: "appointment-7@knead.test", Summary: "Deep tissue with Anna Weber",
		Location: "Praxis Mitte, Torstraße 1; Hof, Berlin", Start: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC),
		End: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC), Sequence: 3600, Changed: changed}
	cancelled := base
	cancelled.Cancelled = true
	injected := base
	injected.Summary = "Swedish\r\nEND:VEVENT"
	tests := []struct {
		name string
		feed calendar.Feed
		ev   calendar.Event
		want []string
		not  []string
	}{
		{"booked, in UTC", calendar.Feed{}, base, []string{"BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//knead//knead//EN",
			"UID:appointment-7@knead.test", "DTSTART:20261201T090000Z", "DTEND:20261201T100000Z", "DTSTAMP:20261120T093000Z",
			"LAST-MODIFIED:20261120T093000Z", "SEQUENCE:3600", "SUMMARY:Deep tissue with Anna Weber",
			`LOCATION:Praxis Mitte\, Torstraße 1\; Hof\, Berlin`, "STATUS:CONFIRMED", "TRANSP:OPAQUE", "END:VCALENDAR"},
			[]string{"X-WR-CALNAME:knead", "RRULE", "TZID"}},
		{"cancelled", calendar.Feed{}, cancelled, []string{"STATUS:CANCELLED", "TRANSP:TRANSPARENT"}, []string{"STATUS:CONFIRMED"}},
		{"a feed is named and refreshed", calendar.Feed{Name: "knead", Refresh: time.Hour}, base,
			[]string{"X-WR-CALNAME:knead", "NAME:knead", "REFRESH-INTERVAL;VALUE=DURATION:PT60M", "X-PUBLISHED-TTL:PT60M"}, nil},
		{"a carriage return cannot end the line", calendar.Feed{}, injected, []string{`SUMMARY:Swedish\nEND:VEVENT`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := lines(t, calendar.Write(tt.feed, []calendar.Event{tt.ev}))
			if m := has(got, tt.want...); len(m) > 0 {
				t.Errorf("missing %q in\n%s", m, strings.Join(got, "\n"))
			}
			for _, l := range got {
				for _, n := range tt.not {
					if strings.HasPrefix(l, n) {
						t.Errorf("unexpected line %q", l)
					}
				}
			}
			if n := strings.Count(strings.Join(got, "\n"), "BEGIN:VEVENT"); n != 1 {
				t.Errorf("%d events, want 1", n)
			}
		})
	}
}

func TestAtReadsLocalTimesAsRFC5545Does(t *testing.T) {
	berlin, ny := zone(t, "Europe/Berlin"), zone(t, "America/New_York")
	wall := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, time.UTC) }
	tests := []struct {
		name string
		zone *time.Location
		wall time.Time
		want string
	}{
		{"Berlin winter", berlin, wall(2026, 3, 22, 2, 30), "2026-03-22T01:30:00Z"},
		{"Berlin skipped hour: the offset from before", berlin, wall(2026, 3, 29, 2, 30), "2026-03-29T01:30:00Z"},
		{"Berlin summer", berlin, wall(2026, 4, 5, 2, 30), "2026-04-05T00:30:00Z"},
		{"Berlin repeated hour: the first", berlin, wall(2026, 10, 25, 2, 30), "2026-10-25T00:30:00Z"},
		{"New York repeated hour: the first", ny, wall(2026, 11, 1, 1, 30), "2026-11-01T05:30:00Z"},
		{"New York skipped hour: the offset from before", ny, wall(2026, 3, 8, 2, 30), "2026-03-08T07:30:00Z"},
		{"New York after the change", ny, wall(2026, 11, 8, 1, 30), "2026-11-08T06:30:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := calendar.At(tt.zone, tt.wall).Format(time.RFC3339); got != tt.want {
				t.Errorf("At(%s, %s) = %s, want %s", tt.zone, tt.wall.Format("2006-01-02 15:04"), got, tt.want)
			}
		})
	}
}
