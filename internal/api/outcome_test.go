package api_test

import (
	"net/http"
	"testing"
)

func TestDiaryAPI(t *testing.T) {
	s := newSite(t)
	clientID, tok := s.client(t, "ann@example.com")
	for i, body := range []map[string]any{
		{"now": 6, "average": 5, "worst": 8, "date": "2026-11-29"},
		{"now": 5, "average": 5, "worst": 7, "note": "walked to work", "date": "2026-11-30"},
		{"now": 4, "average": 4, "worst": 6},
	} {
		r := s.expect(t, http.StatusCreated, call{method: "POST", path: "/api/v1/me/diary", token: tok, body: body})
		if i == 2 && r.str(t, "date") != "2026-12-01" {
			t.Errorf("today's entry dated %s", r.str(t, "date"))
		}
	}
	bad := []struct {
		body   any
		fields []string
	}{
		{map[string]any{}, []string{"now", "average", "worst"}},
		{map[string]any{"now": 11, "average": -1, "worst": 3}, []string{"now", "average"}},
		{map[string]any{"now": 1, "average": 1, "worst": 1, "date": "2026-12-05"}, []string{"date"}},
		{map[string]any{"now": "high", "average": 1, "worst": 1}, []string{"now"}},
	}
	for _, b := range bad {
		r := s.do(t, call{method: "POST", path: "/api/v1/me/diary", token: tok, body: b.body, breaksContract: true})
		if r.status != 422 {
			t.Fatalf("%v: %d %s", b.body, r.status, r.body)
		}
		checkFields(t, r, b.fields...)
	}
	first := s.expect(t, http.StatusOK, call{method: "GET", path: "/api/v1/me/diary?limit=2", token: tok}).json(t)
	entries, _ := first["entries"].([]any)
	if len(entries) != 2 || entries[0].(map[string]any)["date"] != "2026-12-01" || first["next_cursor"] == nil {
		t.Fatalf("first page %v", first)
	}
	rest := s.expect(t, http.StatusOK, call{method: "GET", path: "/api/v1/me/diary?cursor=" + first["next_cursor"].(string), token: tok}).json(t)
	if e, _ := rest["entries"].([]any); len(e) != 1 || e[0].(map[string]any)["note"] != "" || rest["next_cursor"] != nil {
		t.Fatalf("second page %v", rest)
	}

	// A therapist reads it only once in care; the client sees the read.
	p := s.newPractice(t, "thea@example.com", true)
	path := "/api/v1/clients/" + clientID + "/diary"
	if r := s.do(t, call{method: "GET", path: path, token: p.token}); r.status != 404 {
		t.Errorf("therapist not in care: %d", r.status)
	}
	if r := s.do(t, call{method: "GET", path: path, token: tok}); r.status != 403 {
		t.Errorf("a client on the therapists' route: %d", r.status)
	}
	_, slots := s.slotsOf(t, p, "2026-12-02T00:00:00-05:00", "2026-12-03T00:00:00-05:00")
	s.book(t, tok, p, slots[0]["start"])
	if r := s.expect(t, http.StatusOK, call{method: "GET", path: path, token: p.token}).json(t); len(r["entries"].([]any)) != 3 {
		t.Errorf("therapist in care: %v", r)
	}
	audit := s.expect(t, http.StatusOK, call{method: "GET", path: "/api/v1/me/audit?limit=1", token: tok}).json(t)
	e := audit["entries"].([]any)[0].(map[string]any)
	if e["record"].(map[string]any)["type"] != "pain_diary" || e["actor"].(map[string]any)["id"] != p.id {
		t.Errorf("the therapist's read is not the last audit entry: %v", e)
	}
}

func TestSessionPainAPI(t *testing.T) {
	s := newSite(t)
	_, tok := s.client(t, "ann@example.com")
	_, other := s.client(t, "bo@example.com")
	p := s.newPractice(t, "thea@example.com", true)
	_, slots := s.slotsOf(t, p, "2026-12-02T00:00:00-05:00", "2026-12-03T00:00:00-05:00")
	id := s.book(t, tok, p, slots[0]["start"])["id"].(string)
	path := "/api/v1/appointments/" + id + "/pain"
	r := s.expect(t, http.StatusOK, call{method: "POST", path: path, token: tok, body: map[string]any{"when": "before", "score": 7}})
	if r.str(t, "when") != "before" {
		t.Errorf("answer %s", r.body)
	}
	s.expect(t, http.StatusOK, call{method: "POST", path: path, token: p.token, body: map[string]any{"when": "after", "score": 3}})
	if r := s.do(t, call{method: "POST", path: path, token: other, body: map[string]any{"when": "after", "score": 3}}); r.status != 404 {
		t.Errorf("another client: %d", r.status)
	}
	r = s.do(t, call{method: "POST", path: path, token: tok, body: map[string]any{"when": "during", "score": 12}, breaksContract: true})
	if r.status != 422 {
		t.Fatalf("bad: %d", r.status)
	}
	checkFields(t, r, "when", "score")
	if n := s.count(t, "session_pain"); n != 2 {
		t.Errorf("%d session pains stored", n)
	}
}

func TestMeasuresAPI(t *testing.T) {
	s := newSite(t)
	_, tok := s.client(t, "ann@example.com")
	m := s.expect(t, http.StatusOK, call{method: "GET", path: "/api/v1/me/measures", token: tok}).json(t)
	if m["due"] != nil || len(m["answers"].([]any)) != 0 {
		t.Errorf("before any session: %v", m)
	}
	r := s.do(t, call{method: "POST", path: "/api/v1/me/measures", token: tok,
		body: map[string]any{"instrument": "pgic", "point": "week4", "score": 2}})
	if r.status != 422 {
		t.Fatalf("not due: %d", r.status)
	}
	checkFields(t, r, "point")
	r = s.do(t, call{method: "POST", path: "/api/v1/me/measures", token: tok, breaksContract: true,
		body: map[string]any{"instrument": "odi", "point": "week4", "score": 9}})
	checkFields(t, r, "instrument")
}

func TestProgressAPI(t *testing.T) {
	s := newSite(t)
	clientID, tok := s.client(t, "ann@example.com")
	s.expect(t, http.StatusCreated, call{method: "POST", path: "/api/v1/me/diary", token: tok, body: map[string]any{"now": 2, "average": 3, "worst": 4}})
	s.expect(t, http.StatusCreated, call{method: "POST", path: "/api/v1/me/diary", token: tok, body: map[string]any{"now": 5, "average": 5, "worst": 6}})
	m := s.expect(t, http.StatusOK, call{method: "GET", path: "/api/v1/me/progress", token: tok}).json(t)
	if m["baseline"] != nil || m["rescreen"] != true || m["verdict"].(map[string]any)["kind"] != "not_enough" {
		t.Errorf("progress %v", m)
	}
	p := s.newPractice(t, "thea@example.com", true)
	path := "/api/v1/clients/" + clientID + "/progress"
	if r := s.do(t, call{method: "GET", path: path, token: p.token}); r.status != 404 {
		t.Errorf("not in care: %d", r.status)
	}
	_, slots := s.slotsOf(t, p, "2026-12-02T00:00:00-05:00", "2026-12-03T00:00:00-05:00")
	s.book(t, tok, p, slots[0]["start"])
	if r := s.expect(t, http.StatusOK, call{method: "GET", path: path, token: p.token}).json(t); r["client_id"] != clientID {
		t.Errorf("in care: %v", r)
	}
}
