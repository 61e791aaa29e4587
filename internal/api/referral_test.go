package api_test

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func referPath(id string) string { return "/api/v1/appointments/" + id + "/refer" }

// A therapist stops and refers a session, before it or during it; the
// client sees the advice; the stopped session then cannot be checked in,
// cancelled, moved, marked a no-show or referred again, and its time stays
// taken on the therapist's calendar.
func TestReferral(t *testing.T) {
	s := newSite(t)
	p := s.newPractice(t, "tam@example.com", true)
	cid, tok := s.client(t, "cleo@example.com")
	appt := s.apptAt(t, p, cid, at(1, 14, 0), time.Hour)
	s.expect(t, 201, call{method: "POST", path: checkInPath(appt), token: tok, body: shortAnswers(nil)})
	bad := []struct {
		name string
		body map[string]string
		want string
	}{
		{"no reason", map[string]string{"reason": "  "}, "reason"},
		{"too long", map[string]string{"reason": strings.Repeat("x", 2001)}, "reason"},
		{"not a red flag", map[string]string{"reason": "x", "rule": "CI-01"}, "rule"},
	}
	for _, tt := range bad {
		r := s.do(t, call{method: "POST", path: referPath(appt), token: p.token, body: tt.body, breaksContract: true})
		if errs, _ := r.json(t)["errors"].(map[string]any); r.status != 422 || errs[tt.want] == nil {
			t.Errorf("%s: %d %s", tt.name, r.status, r.body)
		}
	}
	// A clean check-in does not stop the therapist: their flag overrides it.
	m := s.expect(t, 201, call{method: "POST", path: referPath(appt), token: p.token,
		body: map[string]string{"reason": "Numbness in both feet since this morning.", "rule": "RF-05"}}).json(t)
	ref := m["referral"].(map[string]any)
	if m["status"] != "referred" || ref["source"] != "therapist" || ref["rule"] != "RF-05" || ref["tier"] != "emergency" {
		t.Fatalf("refer: %v", m)
	}
	seen := s.expect(t, 200, call{method: "GET", path: checkInPath(appt), token: tok}).json(t)
	advice, _ := seen["referral"].(map[string]any)["advice"].(string)
	if !strings.Contains(advice, "Your therapist stopped today's session") || !strings.Contains(advice, "Call emergency services") {
		t.Errorf("client's advice %q", advice)
	}
	if a := s.expect(t, 200, call{method: "GET", path: "/api/v1/appointments/" + appt, token: tok}).json(t); a["status"] != "referred" {
		t.Errorf("appointment status %v", a["status"])
	}
	s.clock.Set(at(1, 14, 30)) // during the session
	after := []struct {
		name string
		c    call
	}{
		{"check in", call{method: "POST", path: checkInPath(appt), token: tok, body: shortAnswers(nil)}},
		{"therapist checks in", call{method: "POST", path: checkInPath(appt), token: p.token, body: shortAnswers(nil)}},
		{"refer again", call{method: "POST", path: referPath(appt), token: p.token, body: map[string]string{"reason": "again"}}},
		{"client cancels", call{method: "POST", path: "/api/v1/appointments/" + appt + "/cancel", token: tok, body: map[string]string{"reason": "x"}}},
		{"therapist cancels", call{method: "POST", path: "/api/v1/appointments/" + appt + "/cancel", token: p.token, body: map[string]string{"reason": "x"}}},
		{"no-show", call{method: "POST", path: "/api/v1/appointments/" + appt + "/no-show", token: p.token}},
		{"reschedule", call{method: "POST", path: "/api/v1/appointments/" + appt + "/reschedule", token: p.token,
			body: map[string]string{"start": "2026-12-03T10:00:00-05:00"}}},
	}
	for _, tt := range after {
		t.Run(tt.name, func(t *testing.T) {
			r := s.do(t, tt.c)
			if r.status != http.StatusConflict || r.problem(t) != "not-active" {
				t.Errorf("%d %s", r.status, r.body)
			}
		})
	}
	// Not a no-show nor a cancellation; still care, and still on the calendar.
	if n := s.countWhere(t, "appointment", "status = 'booked' and referred_at is not null and cancelled_at is null"); n != 1 {
		t.Errorf("%d stopped sessions kept as booked time", n)
	}
	list := s.myAppointments(t, p.token, "")
	if len(list) != 1 || list[0]["status"] != "referred" {
		t.Errorf("therapist's list %v", list)
	}
	s.expect(t, 200, call{method: "GET", path: checkInPath(appt), token: p.token})
	if n := s.countWhere(t, "audit_event", "record_type = 'referral' and action = 'create'"); n != 1 {
		t.Errorf("%d referral create entries", n)
	}
	// The client sees who read and wrote their check-in and referral.
	types := map[any]int{}
	for _, e := range s.expect(t, 200, call{method: "GET", path: "/api/v1/me/audit?limit=100", token: tok}).json(t)["entries"].([]any) {
		types[e.(map[string]any)["record"].(map[string]any)["type"]]++
	}
	if types["check_in"] == 0 || types["referral"] == 0 {
		t.Errorf("client's audit log by record type: %v", types)
	}
}

// A referral is refused on appointments with no session to stop, and a
// session whose day is over.
func TestReferralNotActive(t *testing.T) {
	s := newSite(t)
	p := s.newPractice(t, "tove@example.com", true)
	cid, tok := s.client(t, "cato@example.com")
	cancelled := s.apptAt(t, p, cid, at(3, 10, 0), time.Hour)
	s.expect(t, 200, call{method: "POST", path: "/api/v1/appointments/" + cancelled + "/cancel", token: tok, body: map[string]string{"reason": "x"}})
	yesterday := s.apptAt(t, p, cid, at(1, 9, 0), time.Hour)
	s.clock.Set(at(2, 0, 0))
	early := s.apptAt(t, p, cid, at(4, 10, 0), time.Hour) // before the session's day is fine
	for name, id := range map[string]string{"cancelled": cancelled, "day over": yesterday} {
		r := s.do(t, call{method: "POST", path: referPath(id), token: p.token, body: map[string]string{"reason": "x"}})
		if r.status != 409 || r.problem(t) != "not-active" {
			t.Errorf("%s: %d %s", name, r.status, r.body)
		}
	}
	m := s.expect(t, 201, call{method: "POST", path: referPath(early), token: p.token, body: map[string]string{"reason": "Called me with a fever."}}).json(t)
	if ref := m["referral"].(map[string]any); ref["rule"] != nil || ref["tier"] != "urgent" {
		t.Errorf("referral without a rule: %v", ref)
	}
}

// A check-in reads the combination bases of the client's latest screening:
// a history of cancer with worsening leg weakness is an emergency.
func TestCheckInCarriesScreening(t *testing.T) {
	s := newSite(t)
	p := s.newPractice(t, "tilde@example.com", true)
	cid, tok := s.client(t, "cyd@example.com")
	s.screen(t, tok, answersExcept(map[string]string{"RF-09": "yes"}))
	appt := s.apptAt(t, p, cid, at(1, 15, 0), time.Hour)
	m := s.expect(t, 201, call{method: "POST", path: checkInPath(appt), token: tok,
		body: shortAnswers(map[string]string{"RF-06": "yes"})}).json(t)
	c := m["check_in"].(map[string]any)
	if c["tier"] != "emergency" || len(c["combinations"].([]any)) != 1 || c["combinations"].([]any)[0] != "RF-09+RF-06" {
		t.Errorf("check-in %v", c)
	}
	if n := s.countWhere(t, "audit_event", "record_type = 'screening' and action = 'read'"); n != 1 {
		t.Errorf("%d screening reads recorded, want 1 (the check-in's)", n)
	}
}

// A stopped and referred session overrides the client's answers: the
// client cannot book again, whatever a new screening says, until a
// clinician's review is recorded on a screening taken after the referral
// (domain-clinical.md §1.2). A clearance on an older screening does not
// count; a therapist booking for them is stopped too.
func TestReferralGatesBooking(t *testing.T) {
	s := newSite(t)
	p := s.newPractice(t, "ines@example.com", true)
	cid, tok := s.client(t, "remy@example.com")
	appt := s.apptAt(t, p, cid, at(1, 14, 0), time.Hour)
	book := map[string]any{"therapist_id": p.id, "service_id": p.service, "start": "2026-12-03T10:00:00-05:00"}
	bookFor := map[string]any{"therapist_id": p.id, "service_id": p.service, "client_id": cid, "start": "2026-12-03T14:00:00-05:00"}
	latest := func() map[string]any {
		return s.expect(t, 200, call{method: "GET", path: "/api/v1/me/screenings/latest", token: tok}).json(t)
	}
	// Cleared before the referral: it does not count afterwards.
	first := latest()["id"].(string)
	s.expect(t, 200, call{method: "POST", path: "/api/v1/me/screenings/" + first + "/clearance", token: tok,
		body: map[string]string{"clinician": "Dr Ada Park", "seen_on": "2026-12-01"}})
	s.expect(t, 201, call{method: "POST", path: referPath(appt), token: p.token,
		body: map[string]string{"reason": "Numbness in both feet since this morning.", "rule": "RF-05"}})

	steps := []struct {
		name   string
		before func()
		status int
		want   string // the problem of a 403
	}{
		{"after the referral", func() {}, 403, "screening-required"},
		{"a clean screening after it", func() {
			s.clock.Set(at(1, 15, 0))
			s.expect(t, 201, call{method: "POST", path: "/api/v1/me/screenings", token: tok, body: answersExcept(nil)})
		}, 403, "booking-blocked"},
		{"a clinician's review recorded on it", func() {
			m := latest()
			block, _ := m["block"].(map[string]any)
			if block == nil || block["clearable"] != true || block["screening_id"] != m["id"] {
				t.Fatalf("latest screening's block %v, want one clearable on it", m)
			}
			s.expect(t, 200, call{method: "POST", path: "/api/v1/me/screenings/" + m["id"].(string) + "/clearance", token: tok,
				body: map[string]string{"clinician": "Dr Ada Park", "seen_on": "2026-12-01", "note": "Seen in A&E, scan clear."}})
		}, 201, ""},
	}
	for _, st := range steps {
		st.before()
		for who, c := range map[string]call{
			"client":    {method: "POST", path: "/api/v1/appointments", token: tok, body: book},
			"therapist": {method: "POST", path: "/api/v1/appointments", token: p.token, body: bookFor},
		} {
			r := s.do(t, c)
			if r.status != st.status || st.want != "" && r.problem(t) != st.want {
				t.Errorf("%s, %s books: %d %s, want %d %s", st.name, who, r.status, r.body, st.status, st.want)
			}
		}
	}
}
