package api_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/knead/knead/internal/store"
)

var shortForm = []string{"RF-01", "RF-02", "RF-03", "RF-04", "RF-05", "RF-06", "RF-07", "RF-11", "RF-13"}

// shortAnswers answers every short-form question "no" except those set.
func shortAnswers(set map[string]string) map[string]any {
	m := map[string]string{}
	for _, id := range shortForm {
		m[id] = "no"
	}
	for k, v := range set {
		m[k] = v
	}
	return map[string]any{"answers": m}
}

// apptAt stores an appointment of p's service for client at start,
// lasting d, as a booking does (booking itself is tested elsewhere and
// will soon require a screening).
func (s *site) apptAt(t *testing.T, p practiceFix, client string, start time.Time, d time.Duration) string {
	t.Helper()
	n := func(s string) int64 { v, _ := strconv.ParseInt(s, 10, 64); return v }
	id, err := store.InsertAppointment(context.Background(), s.db.W(), store.Appointment{TherapistID: n(p.id), ClientID: n(client),
		ServiceID: n(p.service), LocationID: n(p.location), Start: start, End: start.Add(d), BlocksUntil: start.Add(d),
		Status: "booked", CreatedBy: n(client)}, s.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	return strconv.FormatInt(id, 10)
}

func checkInPath(id string) string { return "/api/v1/appointments/" + id + "/check-in" }

// The clock reads 2026-12-01 12:00 in New York, the practice's zone.
var ny, _ = time.LoadLocation("America/New_York")

func at(day, hour, minute int) time.Time { return time.Date(2026, 12, day, hour, minute, 0, 0, ny) }

// Every short-form ID at each answer: any answer but "no" stops the
// session and refers the client, with emergency advice for a "yes" to an
// emergency question.
func TestCheckInEachAnswer(t *testing.T) {
	s := newSite(t)
	p := s.newPractice(t, "tess@example.com", true)
	cid, tok := s.client(t, "cal@example.com")
	emergency := map[string]bool{"RF-01": true, "RF-02": true, "RF-03": true, "RF-04": true, "RF-05": true, "RF-07": true, "RF-13": true}
	slot := 0
	for _, id := range shortForm {
		for _, answer := range []string{"yes", "not_sure", "no"} {
			t.Run(id+" "+answer, func(t *testing.T) {
				appt := s.apptAt(t, p, cid, at(1, 12, 30).Add(time.Duration(slot)*10*time.Minute), 10*time.Minute)
				slot++
				r := s.expect(t, http.StatusCreated, call{method: "POST", path: checkInPath(appt), token: tok,
					body: shortAnswers(map[string]string{id: answer})})
				m := r.json(t)
				c := m["check_in"].(map[string]any)
				tier := "urgent"
				switch {
				case answer == "no":
					tier = "none"
				case answer == "yes" && emergency[id]:
					tier = "emergency"
				}
				stops := answer != "no"
				if c["tier"] != tier || c["stops_session"] != stops || c["answered_by"] != "client" {
					t.Errorf("check-in %v, want tier %s stops %v", c, tier, stops)
				}
				status := map[bool]string{true: "referred", false: "booked"}[stops]
				if m["status"] != status || (m["referral"] != nil) != stops {
					t.Fatalf("status %v referral %v", m["status"], m["referral"])
				}
				if stops {
					ref := m["referral"].(map[string]any)
					advice, _ := ref["advice"].(string)
					if ref["source"] != "check_in" || ref["rule"] != id ||
						strings.Contains(advice, "Call emergency services") != (tier == "emergency") {
						t.Errorf("referral %v", ref)
					}
				}
			})
		}
	}
}

// Who may check in, read and refer: the client and the therapist of the
// appointment; other clients and therapists do not see it (404); a client
// cannot refer (403). Reads are audited.
func TestCheckInAccess(t *testing.T) {
	s := newSite(t)
	p := s.newPractice(t, "tom@example.com", true)
	other := s.newPractice(t, "ola@example.com", true)
	cid, tok := s.client(t, "cia@example.com")
	_, stranger := s.client(t, "sam@example.com")
	appt := s.apptAt(t, p, cid, at(1, 15, 0), time.Hour)
	clean := shortAnswers(nil)
	tests := []struct {
		name   string
		c      call
		status int
	}{
		{"another client checks in", call{method: "POST", path: checkInPath(appt), token: stranger, body: clean}, 404},
		{"another therapist checks in", call{method: "POST", path: checkInPath(appt), token: other.token, body: clean}, 404},
		{"another client reads", call{method: "GET", path: checkInPath(appt), token: stranger}, 404},
		{"another therapist reads", call{method: "GET", path: checkInPath(appt), token: other.token}, 404},
		{"another therapist refers", call{method: "POST", path: "/api/v1/appointments/" + appt + "/refer", token: other.token,
			body: map[string]string{"reason": "x"}}, 404},
		{"the client refers", call{method: "POST", path: "/api/v1/appointments/" + appt + "/refer", token: tok,
			body: map[string]string{"reason": "x"}}, 403},
		{"no such appointment", call{method: "GET", path: checkInPath("999999"), token: tok}, 404},
		{"signed out", call{method: "GET", path: checkInPath(appt), breaksContract: true}, 401},
		{"the client reads, nothing yet", call{method: "GET", path: checkInPath(appt), token: tok}, 200},
		{"the client checks in", call{method: "POST", path: checkInPath(appt), token: tok, body: clean}, 201},
		{"the therapist reads", call{method: "GET", path: checkInPath(appt), token: p.token}, 200},
		{"the therapist re-asks at the door", call{method: "POST", path: checkInPath(appt), token: p.token, body: clean}, 201},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { s.expect(t, tt.status, tt.c) })
	}
	m := s.expect(t, 200, call{method: "GET", path: checkInPath(appt), token: tok}).json(t)
	if c := m["check_in"].(map[string]any); c["answered_by"] != "therapist" || m["status"] != "booked" || m["check_in_open"] != true {
		t.Errorf("latest check-in %v", m)
	}
	// Two creates and four reads of a check-in (the first read found none).
	for action, want := range map[string]int{"create": 2, "read": 4} {
		if n := s.countWhere(t, "audit_event", "record_type = 'check_in' and action = '"+action+"'"); n != want {
			t.Errorf("%d check-in %s entries, want %d", n, action, want)
		}
	}
	if n := s.count(t, "check_in"); n != 2 {
		t.Errorf("%d check-ins stored, want 2 (refused calls write nothing)", n)
	}
}

// Check-in opens on the session's day in the location's zone (409
// check-in-not-open otherwise, for the client and the therapist alike),
// and closes when the session ends (409 not-active).
func TestCheckInDay(t *testing.T) {
	s := newSite(t)
	p := s.newPractice(t, "tia@example.com", true)
	cid, tok := s.client(t, "cole@example.com")
	tomorrow := s.apptAt(t, p, cid, at(2, 0, 30), time.Hour)
	today := s.apptAt(t, p, cid, at(1, 12, 30), time.Hour)
	clean := shortAnswers(nil)
	for _, who := range []string{tok, p.token} {
		r := s.expect(t, 409, call{method: "POST", path: checkInPath(tomorrow), token: who, body: clean})
		if r.problem(t) != "check-in-not-open" || !strings.Contains(r.str(t, "detail"), "Wednesday 2 December 2026") {
			t.Errorf("tomorrow: %s", r.body)
		}
	}
	if m := s.expect(t, 200, call{method: "GET", path: checkInPath(tomorrow), token: tok}).json(t); m["check_in_open"] != false {
		t.Errorf("open a day early: %v", m)
	}
	// 23:59 UTC on 1 December is still the 1st in New York: the 2nd's
	// session is not open yet; at 00:00 local it is.
	s.clock.Set(at(1, 23, 59))
	s.expect(t, 409, call{method: "POST", path: checkInPath(tomorrow), token: tok, body: clean})
	s.clock.Set(at(2, 0, 0))
	s.expect(t, 201, call{method: "POST", path: checkInPath(tomorrow), token: tok, body: clean})
	r := s.expect(t, 409, call{method: "POST", path: checkInPath(today), token: tok, body: clean})
	if r.problem(t) != "not-active" {
		t.Errorf("ended session: %s", r.body)
	}
}

// Missing answers are never read as "no": 422 naming each, nothing stored.
func TestCheckInBadInput(t *testing.T) {
	s := newSite(t)
	p := s.newPractice(t, "tal@example.com", true)
	cid, tok := s.client(t, "cruz@example.com")
	appt := s.apptAt(t, p, cid, at(1, 15, 0), time.Hour)
	tests := []struct {
		name   string
		body   any
		fields []string
	}{
		{"nothing", map[string]any{"answers": map[string]string{}}, shortForm},
		{"no answers member", map[string]any{}, shortForm},
		{"one missing", func() any { b := shortAnswers(nil); delete(b["answers"].(map[string]string), "RF-11"); return b }(), []string{"RF-11"}},
		{"not an answer", shortAnswers(map[string]string{"RF-02": "maybe"}), []string{"RF-02"}},
		{"not asked at check-in", shortAnswers(map[string]string{"RF-09": "no"}), []string{"RF-09"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := s.do(t, call{method: "POST", path: checkInPath(appt), token: tok, body: tt.body, breaksContract: true})
			errs, _ := r.json(t)["errors"].(map[string]any)
			if r.status != 422 || len(errs) != len(tt.fields) {
				t.Fatalf("%d %s", r.status, r.body)
			}
			for _, f := range tt.fields {
				if errs[f] == nil {
					t.Errorf("%s not named: %v", f, errs)
				}
			}
		})
	}
	if n := s.count(t, "check_in"); n != 0 {
		t.Errorf("%d check-ins stored from bad input", n)
	}
}
