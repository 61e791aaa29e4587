package api_test

import (
	"context"
	"net/http"
	"slices"
	"testing"
	"time"
)

// answersExcept answers every question "no" except those in set.
func answersExcept(set map[string]string) map[string]any {
	answers, conditions := map[string]string{}, map[string]string{}
	for i := 1; i <= 21; i++ {
		if i != 19 {
			answers[id("RF", i)] = "no"
		}
	}
	for i := 1; i <= 18; i++ {
		conditions[id("CI", i)] = "no"
	}
	for k, v := range set {
		if k[:2] == "RF" {
			answers[k] = v
		} else {
			conditions[k] = v
		}
	}
	return map[string]any{"date_of_birth": "1980-04-23", "answers": answers, "conditions": conditions}
}

func id(prefix string, n int) string {
	return prefix + "-" + string(rune('0'+n/10)) + string(rune('0'+n%10))
}

// clientToken signs up a client and returns a token.
func (s *site) clientToken(t *testing.T, email string) string {
	t.Helper()
	_, tok := s.bareClient(t, email)
	return tok
}

func (s *site) screen(t *testing.T, tok string, body any) reply {
	t.Helper()
	return s.do(t, call{method: "POST", path: "/api/v1/me/screenings", token: tok, body: body})
}

func blocks(t *testing.T, r reply) bool {
	t.Helper()
	b, _ := r.json(t)["blocks_booking"].(bool)
	return b
}

func TestScreeningTakeReadAndAudit(t *testing.T) {
	s := newSite(t)
	tok := s.clientToken(t, "ann@example.com")
	if r := s.do(t, call{method: "GET", path: "/api/v1/me/screenings/latest", token: tok}); r.status != 404 {
		t.Fatalf("latest before any: %d", r.status)
	}
	r := s.screen(t, tok, answersExcept(map[string]string{"CI-03": "yes"}))
	if r.status != http.StatusCreated || r.str(t, "tier") != "caution" || blocks(t, r) {
		t.Fatalf("take: %d %s", r.status, r.body)
	}
	m := r.json(t)
	if ex, _ := m["excluded_techniques"].([]any); len(ex) != 3 || m["max_pressure"].(float64) != 2 {
		t.Errorf("blood thinner: excluded %v max %v", m["excluded_techniques"], m["max_pressure"])
	}
	sid := r.str(t, "id")
	latest := s.do(t, call{method: "GET", path: "/api/v1/me/screenings/latest", token: tok, from: "203.0.113.7"})
	one := s.do(t, call{method: "GET", path: "/api/v1/me/screenings/" + sid, token: tok})
	if latest.status != 200 || latest.str(t, "id") != sid || one.status != 200 || one.str(t, "id") != sid {
		t.Fatalf("reads: %d %s / %d", latest.status, latest.body, one.status)
	}
	// One entry per read, plus the creation; the address is kept.
	var n int
	var addr string
	err := s.db.R().QueryRowContext(context.Background(), `select count(*), max(address) from audit_event
		where record_type = 'screening' and action = 'read'`).Scan(&n, &addr)
	if err != nil || n != 2 || addr != "203.0.113.7" {
		t.Fatalf("audit reads %d %q %v", n, addr, err)
	}
	a := s.do(t, call{method: "GET", path: "/api/v1/me/audit?limit=2", token: tok})
	entries, _ := a.json(t)["entries"].([]any)
	if a.status != 200 || len(entries) != 2 || a.json(t)["next_cursor"] == nil {
		t.Fatalf("audit list: %d %s", a.status, a.body)
	}
	first := entries[0].(map[string]any)
	if first["action"] != "read" || first["record"].(map[string]any)["id"] != sid || first["actor"].(map[string]any)["role"] != "client" {
		t.Errorf("audit entry %v", first)
	}
	next := s.do(t, call{method: "GET", path: "/api/v1/me/audit?cursor=" + a.str(t, "next_cursor"), token: tok})
	if rest, _ := next.json(t)["entries"].([]any); len(rest) != 1 || rest[0].(map[string]any)["action"] != "create" {
		t.Errorf("audit page 2: %s", next.body)
	}
	// The log is append-only.
	if _, err := s.db.W().ExecContext(context.Background(), "delete from audit_event"); err == nil {
		t.Error("audit entries could be deleted")
	}
}

func TestScreeningBadInput(t *testing.T) {
	s := newSite(t)
	tok := s.clientToken(t, "bo@example.com")
	tests := []struct {
		name   string
		body   any
		fields []string
	}{
		{"nothing answered", map[string]any{"date_of_birth": "1980-04-23"}, nil},
		{"one missing", func() any { b := answersExcept(nil); delete(b["answers"].(map[string]string), "RF-13"); return b }(), []string{"RF-13"}},
		{"unknown IDs", func() any {
			b := answersExcept(nil)
			b["answers"].(map[string]string)["RF-19"] = "no"
			b["conditions"].(map[string]string)["CI-40"] = "no"
			return b
		}(), []string{"RF-19", "CI-40"}},
		{"answers not yes/no/not_sure", func() any {
			b := answersExcept(nil)
			b["answers"] = map[string]any{}
			for k, v := range answersExcept(nil)["answers"].(map[string]string) {
				b["answers"].(map[string]any)[k] = v
			}
			b["answers"].(map[string]any)["RF-01"] = true
			b["answers"].(map[string]any)["RF-02"] = "maybe"
			return b
		}(), []string{"RF-01", "RF-02"}},
		{"bad date", func() any { b := answersExcept(nil); b["date_of_birth"] = "1980-13-01"; return b }(), []string{"date_of_birth"}},
		{"future date", func() any { b := answersExcept(nil); b["date_of_birth"] = "2027-01-01"; return b }(), []string{"date_of_birth"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := s.do(t, call{method: "POST", path: "/api/v1/me/screenings", token: tok, body: tt.body, breaksContract: true})
			if r.status != 422 {
				t.Fatalf("%d %s", r.status, r.body)
			}
			errs, _ := r.json(t)["errors"].(map[string]any)
			if tt.fields == nil && len(errs) != 20+18 {
				t.Errorf("nothing answered names %d fields, want 38: %v", len(errs), errs)
			}
			for _, f := range tt.fields {
				if errs[f] == nil {
					t.Errorf("%s not named: %v", f, errs)
				}
			}
			if tt.fields != nil && len(errs) != len(tt.fields) {
				t.Errorf("errors %v, want only %v", errs, tt.fields)
			}
		})
	}
	if r := s.do(t, call{method: "POST", path: "/api/v1/me/screenings", token: tok, body: "{", breaksContract: true}); r.status != 400 {
		t.Errorf("malformed: %d", r.status)
	}
	if n := s.count(t, "screening"); n != 0 {
		t.Errorf("%d screenings stored from bad input", n)
	}
}

// Emergency: a clearance never lifts it, nor a new screening within 24 h.
func TestScreeningEmergency(t *testing.T) {
	s := newSite(t)
	tok := s.clientToken(t, "cy@example.com")
	r := s.screen(t, tok, answersExcept(map[string]string{"RF-01": "yes"}))
	if r.str(t, "tier") != "emergency" || !blocks(t, r) {
		t.Fatalf("saddle numbness: %s", r.body)
	}
	first := r.str(t, "id")
	c := s.do(t, call{method: "POST", path: "/api/v1/me/screenings/" + first + "/clearance", token: tok,
		body: map[string]string{"clinician": "Dr A", "seen_on": "2026-12-01"}})
	if c.status != 409 || c.problem(t) != "clearance-not-allowed" {
		t.Fatalf("clearing an emergency: %d %s", c.status, c.body)
	}
	s.clock.Advance(24*time.Hour - time.Second)
	r = s.screen(t, tok, answersExcept(nil))
	block, _ := r.json(t)["block"].(map[string]any)
	if !blocks(t, r) || block["screening_id"] != first || block["problem"] != "booking-blocked" {
		t.Fatalf("a clean screening 1 s short of 24 h: %s", r.body)
	}
	s.clock.Advance(time.Second)
	if r = s.screen(t, tok, answersExcept(nil)); blocks(t, r) || r.json(t)["block"] != nil {
		t.Fatalf("a clean screening 24 h later: %s", r.body)
	}
}

// Urgent and soon lift with an attested review; it is recorded once.
func TestScreeningClearance(t *testing.T) {
	s := newSite(t)
	tok := s.clientToken(t, "di@example.com")
	r := s.screen(t, tok, answersExcept(map[string]string{"RF-11": "yes"}))
	sid := r.str(t, "id")
	if r.str(t, "tier") != "urgent" || !blocks(t, r) {
		t.Fatalf("fever: %s", r.body)
	}
	path := "/api/v1/me/screenings/" + sid + "/clearance"
	for _, bad := range []struct {
		body  map[string]string
		field string
	}{
		{map[string]string{"seen_on": "2026-12-01"}, "clinician"},
		{map[string]string{"clinician": "Dr B", "seen_on": "2026-12-03"}, "seen_on"},
		{map[string]string{"clinician": "Dr B", "seen_on": "2026-11-29"}, "seen_on"},
		{map[string]string{"clinician": "Dr B", "seen_on": "1 Dec"}, "seen_on"},
	} {
		c := s.do(t, call{method: "POST", path: path, token: tok, body: bad.body, breaksContract: true})
		if errs, _ := c.json(t)["errors"].(map[string]any); c.status != 422 || errs[bad.field] == nil {
			t.Errorf("%v: %d %s", bad.body, c.status, c.body)
		}
	}
	c := s.do(t, call{method: "POST", path: path, token: tok,
		body: map[string]string{"clinician": "Dr B", "seen_on": "2026-12-01", "note": "seen at urgent care"}})
	if c.status != 200 || blocks(t, c) || c.json(t)["cleared"] != true {
		t.Fatalf("clearance: %d %s", c.status, c.body)
	}
	if again := s.do(t, call{method: "POST", path: path, token: tok,
		body: map[string]string{"clinician": "Dr C", "seen_on": "2026-12-01"}}); again.status != 409 {
		t.Errorf("second clearance: %d", again.status)
	}
	// 90 days on it no longer counts.
	s.clock.Advance(90*24*time.Hour + time.Second)
	tok = s.token(t, "di@example.com") // tokens last 30 days
	l := s.do(t, call{method: "GET", path: "/api/v1/me/screenings/latest", token: tok})
	if block, _ := l.json(t)["block"].(map[string]any); !blocks(t, l) || block["problem"] != "screening-required" {
		t.Errorf("after 90 days: %s", l.body)
	}
}

func TestScreeningUnder18(t *testing.T) {
	s := newSite(t)
	tok := s.clientToken(t, "ed@example.com")
	b := answersExcept(nil)
	b["date_of_birth"] = "2008-12-02" // 18 tomorrow
	r := s.screen(t, tok, b)
	flags, _ := r.json(t)["flags"].([]any)
	if !blocks(t, r) || !slices.Contains(flags, any("RF-19")) {
		t.Fatalf("17-year-old: %s", r.body)
	}
}

// Only the client themself reads their screenings.
func TestScreeningOthers(t *testing.T) {
	s := newSite(t)
	ann, bo := s.clientToken(t, "ann@example.com"), s.clientToken(t, "bo@example.com")
	sid := s.screen(t, ann, answersExcept(nil)).str(t, "id")
	if r := s.do(t, call{method: "GET", path: "/api/v1/me/screenings/" + sid, token: bo}); r.status != 404 {
		t.Errorf("another client's screening: %d", r.status)
	}
	if r := s.do(t, call{method: "POST", path: "/api/v1/me/screenings/" + sid + "/clearance", token: bo,
		body: map[string]string{"clinician": "Dr X", "seen_on": "2026-12-01"}}); r.status != 404 {
		t.Errorf("clearing another client's screening: %d", r.status)
	}
	s.signUp(t, "thea@example.com", "therapist")
	th := s.token(t, "thea@example.com")
	for _, p := range []string{"/api/v1/me/screenings/latest", "/api/v1/me/screenings/" + sid, "/api/v1/me/audit"} {
		if r := s.do(t, call{method: "GET", path: p, token: th}); r.status != 403 {
			t.Errorf("therapist GET %s: %d", p, r.status)
		}
	}
	a := s.do(t, call{method: "GET", path: "/api/v1/me/audit", token: bo})
	if entries, _ := a.json(t)["entries"].([]any); len(entries) != 0 {
		t.Errorf("bo sees ann's audit entries: %s", a.body)
	}
}
