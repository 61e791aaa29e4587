package api_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/knead/knead/internal/calendar/calendartest"
)

// liveStartsOf lists, in UTC, the starts of the caller's appointments that
// take place, of one series or (seriesID "") all.
func (s *site) liveStartsOf(t *testing.T, token, seriesID string) []string {
	t.Helper()
	var out []string
	for _, a := range s.myAppointments(t, token, "") {
		if a["status"] == "cancelled" || seriesID != "" && a["series_id"] != seriesID {
			continue
		}
		out = append(out, mustTime(t, a["start"].(string)).UTC().Format(time.RFC3339))
	}
	slices.Sort(out)
	return out
}

// ics fetches a calendar file and checks its headers.
func (s *site) ics(t *testing.T, token, path, filename string) []byte {
	t.Helper()
	r := s.expect(t, http.StatusOK, call{method: "GET", path: path, token: token})
	if ct := r.header.Get("Content-Type"); ct != "text/calendar; charset=utf-8" {
		t.Errorf("%s: Content-Type %q", path, ct)
	}
	if cd := r.header.Get("Content-Disposition"); cd != `attachment; filename="`+filename+`"` {
		t.Errorf("%s: Content-Disposition %q", path, cd)
	}
	return r.body
}

func TestCalendarFiles(t *testing.T) {
	t.Parallel()
	s := schedulingSite(t)
	p := s.newPractice(t, "ana@example.com", true)
	_, tok := s.client(t, "carla@example.com")
	_, dora := s.client(t, "dora@example.com")

	a := s.book(t, tok, p, "2026-10-06T10:00:00-04:00")
	id := a["id"].(string)
	b := s.ics(t, tok, "/api/v1/appointments/"+id+"/ics", "appointment-"+id+".ics")
	text := strings.ReplaceAll(string(b), "\r\n ", "")
	for _, want := range []string{"UID:appointment-" + id + "@knead.test", "DTSTART:20261006T140000Z", "DTEND:20261006T150000Z",
		"SUMMARY:Deep tissue\\, 60 minutes with Test Person", "LOCATION:Midtown studio\\, 350 5th Ave\\, New York\\, NY 10118",
		"STATUS:CONFIRMED", "SEQUENCE:0"} {
		if !strings.Contains(text, want+"\r\n") {
			t.Errorf("missing %q in\n%s", want, text)
		}
	}
	if got := calendartest.LiveStarts(calendartest.Expand(t, b)); !slices.Equal(got, []string{"2026-10-06T14:00:00Z"}) {
		t.Errorf("Python reads %v", got)
	}
	s.ics(t, p.token, "/api/v1/appointments/"+id+"/ics", "appointment-"+id+".ics") // the therapist's too

	// A series on Thursdays across 1 November: Dora holds the 22 October
	// session, so it is skipped; the 5 November one is cancelled.
	s.book(t, dora, p, "2026-10-22T10:00:00-04:00")
	sr := s.expect(t, http.StatusCreated, call{method: "POST", path: "/api/v1/series", token: tok, body: map[string]any{
		"therapist_id": p.id, "service_id": p.service, "start": "2026-10-15T10:00:00-04:00", "every_weeks": 1, "count": 4,
		"skip_conflicts": true}}).json(t)
	seriesID := sr["id"].(string)
	occ := sr["appointments"].([]any)
	s.expect(t, http.StatusOK, call{method: "POST", path: "/api/v1/appointments/" + occ[2].(map[string]any)["id"].(string) + "/cancel",
		token: tok, body: map[string]any{"reason": "away"}})
	b = s.ics(t, tok, "/api/v1/series/"+seriesID+"/ics", "series-"+seriesID+".ics")
	text = strings.ReplaceAll(string(b), "\r\n ", "")
	for _, want := range []string{"DTSTART;TZID=America/New_York:20261015T100000", "RRULE:FREQ=WEEKLY;INTERVAL=1;COUNT=4",
		"EXDATE;TZID=America/New_York:20261022T100000", "EXDATE;TZID=America/New_York:20261105T100000"} {
		if !strings.Contains(text, want+"\r\n") {
			t.Errorf("missing %q in\n%s", want, text)
		}
	}
	got, want := calendartest.LiveStarts(calendartest.Expand(t, b)), s.liveStartsOf(t, tok, seriesID)
	if !slices.Equal(got, want) || len(want) != 2 {
		t.Errorf("Python reads %v, knead stored %v", got, want)
	}

	// Other people's records, unknown ids and no token.
	for _, c := range []call{
		{method: "GET", path: "/api/v1/appointments/" + id + "/ics", token: dora},
		{method: "GET", path: "/api/v1/series/" + seriesID + "/ics", token: dora},
		{method: "GET", path: "/api/v1/appointments/999999/ics", token: tok},
		{method: "GET", path: "/api/v1/series/999999/ics", token: tok},
		{method: "GET", path: "/api/v1/appointments/abc/ics", token: tok},
		{method: "GET", path: "/api/v1/series/0/ics", token: tok},
	} {
		if r := s.do(t, c); r.status != http.StatusNotFound || r.problem(t) != "not-found" {
			t.Errorf("%s %s: %d %s, want 404 not-found", c.method, c.path, r.status, r.body)
		}
	}
	s.expect(t, http.StatusUnauthorized, call{method: "GET", path: "/api/v1/appointments/" + id + "/ics", breaksContract: true})
}

// A series at 01:30 in New York, through the store and back: the repeated
// hour on 1 November is the first one; 14 March 2027 has no 02:30, so the
// series skipped it and the file excludes it.
func TestSeriesFilesOnNightsTheClocksChange(t *testing.T) {
	t.Parallel()
	s := schedulingSite(t)
	p := s.nightPractice(t, "ana@example.com")
	_, tok := s.client(t, "carla@example.com")
	for _, tc := range []struct{ start, exdate string }{
		{"2026-10-25T01:30:00-04:00", ""},
		{"2027-03-07T02:30:00-05:00", "EXDATE;TZID=America/New_York:20270314T023000"},
	} {
		sr := s.expect(t, http.StatusCreated, call{method: "POST", path: "/api/v1/series", token: tok, body: map[string]any{
			"therapist_id": p.id, "service_id": p.service, "start": tc.start, "every_weeks": 1, "count": 3, "skip_conflicts": true}}).json(t)
		id := sr["id"].(string)
		b := s.ics(t, tok, "/api/v1/series/"+id+"/ics", "series-"+id+".ics")
		if tc.exdate != "" && !strings.Contains(string(b), tc.exdate+"\r\n") {
			t.Errorf("missing %q in\n%s", tc.exdate, b)
		}
		got, want := calendartest.LiveStarts(calendartest.Expand(t, b)), s.liveStartsOf(t, tok, id)
		if !slices.Equal(got, want) {
			t.Errorf("series from %s: Python reads %v, knead stored %v\n%s", tc.start, got, want, b)
		}
	}
}

// feed fetches a feed URL as a calendar program does: no session, no token.
func (s *site) feed(t *testing.T, feedURL string) *httptest.ResponseRecorder {
	t.Helper()
	u, err := url.Parse(feedURL)
	if err != nil || u.Host != "knead.test" {
		t.Fatalf("feed URL %q", feedURL)
	}
	return serve(s, httptest.NewRequest("GET", u.Path, nil))
}

func TestCalendarFeed(t *testing.T) {
	t.Parallel()
	s := schedulingSite(t)
	p := s.newPractice(t, "ana@example.com", true)
	_, tok := s.client(t, "carla@example.com")
	_, dora := s.client(t, "dora@example.com")
	s.book(t, tok, p, "2026-10-06T10:00:00-04:00")
	cancelled := s.book(t, tok, p, "2026-10-07T10:00:00-04:00")
	s.expect(t, http.StatusOK, call{method: "POST", path: "/api/v1/appointments/" + cancelled["id"].(string) + "/cancel",
		token: tok, body: map[string]any{"reason": "sore throat"}})
	s.book(t, dora, p, "2026-10-08T10:00:00-04:00")

	first := s.expect(t, http.StatusCreated, call{method: "POST", path: "/api/v1/me/calendar-feed", token: tok}).str(t, "url")
	rec := s.feed(t, first)
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "text/calendar; charset=utf-8" ||
		!strings.Contains(rec.Header().Get("Cache-Control"), "no-store") {
		t.Fatalf("the feed: %d %v\n%s", rec.Code, rec.Header(), rec.Body)
	}
	body := rec.Body.Bytes()
	if strings.Contains(string(body), "sore throat") {
		t.Error("the feed shows a cancellation reason")
	}
	events := calendartest.Expand(t, body)
	if got, want := calendartest.LiveStarts(events), s.liveStartsOf(t, tok, ""); !slices.Equal(got, want) || len(events) != 2 {
		t.Errorf("the feed has %d events, live at %v; knead stored %v", len(events), got, want)
	}

	// The therapist's feed names the clients.
	tf := s.expect(t, http.StatusCreated, call{method: "POST", path: "/api/v1/me/calendar-feed", token: p.token}).str(t, "url")
	if rec := s.feed(t, tf); rec.Code != http.StatusOK || strings.Count(rec.Body.String(), "SUMMARY:Test Person – Deep tissue") != 3 {
		t.Errorf("the therapist's feed: %d\n%s", rec.Code, rec.Body)
	}

	// A new URL replaces the old one; DELETE ends it; wrong tokens are 404.
	second := s.expect(t, http.StatusCreated, call{method: "POST", path: "/api/v1/me/calendar-feed", token: tok}).str(t, "url")
	if second == first {
		t.Fatal("the new feed URL is the old one")
	}
	token := strings.TrimSuffix(strings.TrimPrefix(second, "http://knead.test/calendar/"), ".ics")
	for name, u := range map[string]string{"replaced": first, "wrong": "http://knead.test/calendar/" + strings.Repeat("A", len(token)) + ".ics",
		"no .ics": "http://knead.test/calendar/" + token, "short": "http://knead.test/calendar/abc.ics"} {
		if rec := s.feed(t, u); rec.Code != http.StatusNotFound {
			t.Errorf("%s feed URL: %d, want 404", name, rec.Code)
		}
	}
	if rec := s.feed(t, second); rec.Code != http.StatusOK {
		t.Errorf("the new feed URL: %d", rec.Code)
	}
	s.expect(t, http.StatusNoContent, call{method: "DELETE", path: "/api/v1/me/calendar-feed", token: tok})
	if rec := s.feed(t, second); rec.Code != http.StatusNotFound {
		t.Errorf("a revoked feed URL: %d, want 404", rec.Code)
	}
	s.expect(t, http.StatusNoContent, call{method: "DELETE", path: "/api/v1/me/calendar-feed", token: tok})
	if rec := s.feed(t, tf); rec.Code != http.StatusOK {
		t.Errorf("the client's DELETE ended the therapist's feed: %d", rec.Code)
	}
	s.expect(t, http.StatusUnauthorized, call{method: "POST", path: "/api/v1/me/calendar-feed", breaksContract: true})
	s.expect(t, http.StatusUnauthorized, call{method: "DELETE", path: "/api/v1/me/calendar-feed", breaksContract: true})
}
