package api_test

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// The check-in page works without JavaScript: plain form posts, refused
// answers shown again with each question named, a conflict as a message.
func TestCheckInPages(t *testing.T) {
	s := newSite(t)
	p := s.newPractice(t, "tara@example.com", true)
	cid, _ := s.client(t, "cleve@example.com")
	s.client(t, "other@example.com")
	today := s.apptAt(t, p, cid, at(1, 15, 0), time.Hour)
	door := s.apptAt(t, p, cid, at(1, 16, 30), time.Hour)
	tomorrow := s.apptAt(t, p, cid, at(2, 10, 0), time.Hour)
	client, other := signInWithForm(t, s, "cleve@example.com"), signInWithForm(t, s, "other@example.com")
	therapist := signInWithForm(t, s, "tara@example.com")
	page := func(cookie, method, path, form string) (int, string) {
		r := newFormRequest(method, path, form)
		r.Header.Set("Cookie", cookie)
		rec := serve(s, r)
		return rec.Code, rec.Body.String()
	}
	clean := "RF-01=no&RF-02=no&RF-03=no&RF-04=no&RF-05=no&RF-06=no&RF-07=no&RF-11=no&RF-13=no"
	tests := []struct {
		name, cookie, method, path, form string
		status                           int
		contains                         string
	}{
		{"the form", client, "GET", "/appointments/" + today + "/check-in", "", 200, `name="RF-13" value="not_sure"`},
		{"another client", other, "GET", "/appointments/" + today + "/check-in", "", 404, ""},
		{"answers missing", client, "POST", "/appointments/" + today + "/check-in", "RF-01=no", 422, `href="#f-RF-13"`},
		{"not the day", client, "POST", "/appointments/" + tomorrow + "/check-in", clean, 409, "Check-in opens on the day of the session"},
		{"checked in", client, "POST", "/appointments/" + today + "/check-in", clean, 303, ""},
		{"the result", client, "GET", "/appointments/" + today + "/check-in", "", 200, "the session can go ahead"},
		{"the therapist sees it", therapist, "GET", "/appointments/" + today + "/check-in", "", 200, "Answered by"},
		{"a client cannot refer", client, "POST", "/appointments/" + door + "/refer", "reason=x", 403, ""},
		{"no reason", therapist, "POST", "/appointments/" + door + "/refer", "reason=", 422, "Say why you are stopping the session."},
		{"stop and refer", therapist, "POST", "/appointments/" + door + "/refer", "reason=Feverish+at+the+door&rule=RF-11", 303, ""},
		{"the client's advice", client, "GET", "/appointments/" + door + "/check-in", "", 200, "Contact your doctor today"},
		{"the list", client, "GET", "/appointments", "", 200, "Stopped — referred"},
		{"the calendar", therapist, "GET", "/therapist/calendar?view=day&date=2026-12-01", "", 200, "Why it was stopped"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := page(tt.cookie, tt.method, tt.path, tt.form)
			if status != tt.status || !strings.Contains(body, tt.contains) {
				t.Errorf("%d, want %d with %q:\n%.600s", status, tt.status, tt.contains, body)
			}
		})
	}
	if status, _ := page(client, "GET", "/appointments", ""); status != http.StatusOK {
		t.Errorf("list: %d", status)
	}
}
