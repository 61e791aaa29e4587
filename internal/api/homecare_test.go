package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// careFix is a therapist with a client in their care: the client screened
// with diabetic neuropathy (CI-12, which rules out heat and cold) and
// booked a session.
type careFix struct {
	p                 practiceFix
	client, clientTok string
}

func (s *site) careFix(t *testing.T) careFix {
	t.Helper()
	p := s.newPractice(t, "ana@example.com", true)
	id, tok := s.client(t, "carla@example.com")
	s.expect(t, http.StatusCreated, call{method: "POST", path: "/api/v1/me/screenings", token: tok,
		body: answersExcept(map[string]string{"CI-12": "yes"})})
	s.book(t, tok, p, "2026-10-06T14:00:00Z")
	return careFix{p: p, client: id, clientTok: tok}
}

func TestHomeCareAPI(t *testing.T) {
	s := schedulingSite(t)
	f := s.careFix(t)
	path := "/api/v1/clients/" + f.client + "/care"

	plan := s.expect(t, http.StatusOK, call{method: "GET", path: path, token: f.p.token}).json(t)
	offered := map[string]any{}
	for _, o := range plan["offered"].([]any) {
		m := o.(map[string]any)
		offered[m["routine"].(string)] = m["excluded"]
	}
	if len(offered) != 8 || offered["cat-cow"] != nil || offered["heat"] == nil || offered["cold"] == nil {
		t.Fatalf("offered %v", offered)
	}
	if rules := offered["heat"].(map[string]any)["rules"].([]any); len(rules) != 1 || rules[0] != "CI-12" {
		t.Errorf("heat ruled out by %v", rules)
	}

	r := s.expect(t, http.StatusUnprocessableEntity, call{method: "POST", path: path, token: f.p.token,
		body: map[string]any{"routine": "heat", "times": 1, "per": "day"}})
	if msg, _ := r.json(t)["errors"].(map[string]any)["routine"].(string); !strings.Contains(msg, "(CI-12)") {
		t.Errorf("why heat is refused: %q", msg)
	}
	plan = s.expect(t, http.StatusCreated, call{method: "POST", path: path, token: f.p.token,
		body: map[string]any{"routine": "cat-cow", "times": 2, "per": "day", "note": "Morning and evening."}}).json(t)
	routine := plan["routines"].([]any)[0].(map[string]any)
	id := routine["id"].(string)
	if routine["url"] != "/care/cat-cow" || routine["assigned_by"] != f.p.id || routine["due_today"] != 2.0 {
		t.Errorf("assigned %v", routine)
	}

	var mine map[string]any
	for range 3 { // the third tap is not counted
		mine = s.expect(t, http.StatusOK, call{method: "POST", path: "/api/v1/me/care/" + id + "/done", token: f.clientTok}).json(t)
	}
	got := mine["routines"].([]any)[0].(map[string]any)["done_today"]
	week := mine["adherence"].(map[string]any)["last_7_days"].(map[string]any)
	if got != 2.0 || week["done"] != 2.0 || week["due"] != 2.0 || week["percent"] != 100.0 || mine["offered"] != nil {
		t.Errorf("after ticks: %v", mine)
	}
	// The therapist sees the same adherence.
	theirs := s.expect(t, http.StatusOK, call{method: "GET", path: path, token: f.p.token}).json(t)
	if fmt.Sprint(theirs["adherence"]) != fmt.Sprint(mine["adherence"]) {
		t.Errorf("therapist's adherence %v, client's %v", theirs["adherence"], mine["adherence"])
	}
	s.expect(t, http.StatusNoContent, call{method: "DELETE", path: path + "/" + id, token: f.p.token})
	s.expect(t, http.StatusNotFound, call{method: "DELETE", path: path + "/" + id, token: f.p.token})
	if n := s.count(t, "audit_event where record_type = 'home_care'"); n < 6 {
		t.Errorf("%d home-care audit entries", n)
	}
}

// Nobody else reaches a client's home care: other therapists and clients,
// site admins, and the wrong role on each path.
func TestHomeCareAccess(t *testing.T) {
	s := schedulingSite(t)
	f := s.careFix(t)
	path := "/api/v1/clients/" + f.client + "/care"
	plan := s.expect(t, http.StatusCreated, call{method: "POST", path: path, token: f.p.token,
		body: map[string]any{"routine": "cat-cow", "times": 1, "per": "day"}}).json(t)
	id := plan["routines"].([]any)[0].(map[string]any)["id"].(string)
	other := s.newPractice(t, "bo@example.com", true)
	_, stranger := s.client(t, "dora@example.com")
	boss := s.admin(t, "admin@example.com")
	assign := map[string]any{"routine": "pelvic-tilts", "times": 1, "per": "week"}
	tests := []struct {
		name   string
		c      call
		status int
	}{
		{"another therapist reads", call{method: "GET", path: path, token: other.token}, 404},
		{"another therapist assigns", call{method: "POST", path: path, token: other.token, body: assign}, 404},
		{"another therapist removes", call{method: "DELETE", path: path + "/" + id, token: other.token}, 404},
		{"an admin browsing", call{method: "GET", path: path, token: boss}, 404},
		{"an admin assigns", call{method: "POST", path: path, token: boss, body: assign}, 404},
		{"the client on the therapists' path", call{method: "GET", path: path, token: f.clientTok}, 404},
		{"another client", call{method: "GET", path: path, token: stranger}, 404},
		{"another client ticks", call{method: "POST", path: "/api/v1/me/care/" + id + "/done", token: stranger}, 404},
		{"a therapist on the clients' path", call{method: "GET", path: "/api/v1/me/care", token: f.p.token}, 403},
		{"nobody signed in", call{method: "GET", path: path, breaksContract: true}, 401},
		{"no such client", call{method: "GET", path: "/api/v1/clients/999999/care", token: f.p.token}, 404},
		{"not an id", call{method: "GET", path: "/api/v1/clients/x/care", token: f.p.token, breaksContract: true}, 404},
	}
	for _, tc := range tests {
		if r := s.do(t, tc.c); r.status != tc.status {
			t.Errorf("%s: %d, want %d: %s", tc.name, r.status, tc.status, r.body)
		}
	}
	mine := s.expect(t, http.StatusOK, call{method: "GET", path: "/api/v1/me/care", token: stranger}).json(t)
	if len(mine["routines"].([]any)) != 0 {
		t.Errorf("a stranger's plan %v", mine)
	}
}

func TestHomeCareBadInput(t *testing.T) {
	s := schedulingSite(t)
	f := s.careFix(t)
	path := "/api/v1/clients/" + f.client + "/care"
	tests := []struct {
		name   string
		body   any
		fields []string
	}{
		{"nothing", map[string]any{}, []string{"routine", "times", "per"}},
		{"unknown routine", map[string]any{"routine": "yoga", "times": 1, "per": "day"}, []string{"routine"}},
		{"times out of range", map[string]any{"routine": "cat-cow", "times": 11, "per": "day"}, []string{"times"}},
		{"a month", map[string]any{"routine": "cat-cow", "times": 1, "per": "month"}, []string{"per"}},
		{"a long note", map[string]any{"routine": "cat-cow", "times": 1, "per": "day", "note": strings.Repeat("x", 501)}, []string{"note"}},
	}
	for _, tc := range tests {
		r := s.do(t, call{method: "POST", path: path, token: f.p.token, body: tc.body, breaksContract: true})
		if r.status != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d %s", tc.name, r.status, r.body)
			continue
		}
		checkFields(t, r, tc.fields...)
	}
	if r := s.do(t, call{method: "POST", path: path, token: f.p.token, body: `{"routine": "cat-cow", "times": "two", "per": "day"}`,
		breaksContract: true}); r.status != 400 && r.status != 422 {
		t.Errorf("times as text: %d", r.status)
	}
	if n := s.count(t, "care_assignment"); n != 0 {
		t.Errorf("%d assignments written", n)
	}
}
