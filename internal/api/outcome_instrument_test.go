package api_test

import (
	"net/http"
	"testing"
	"time"
)

// An installed disability instrument is due at the PGIC's points; its
// follow-up answer, compared with the intake's baseline by its own rule,
// counts in the verdict.
func TestMeasuresInstrumentAPI(t *testing.T) {
	s := schedulingSite(t)
	p := s.newPractice(t, "ana@example.com", true)
	client, tok := s.client(t, "carla@example.com")
	sid := s.screen(t, tok, answersExcept(nil)).str(t, "id")
	for _, st := range steps(sid) { // the baseline: 7 of 24 ticked
		s.expect(t, http.StatusOK, call{method: "PUT", path: "/api/v1/me/intake/steps/" + st.step, token: tok, body: st.body})
	}
	draft := s.expect(t, http.StatusOK, call{method: "GET", path: "/api/v1/me/intake", token: tok}).json(t)
	s.expect(t, http.StatusOK, call{method: "POST", path: "/api/v1/me/intake/submit", token: tok,
		body: map[string]string{"consent_name": "Carla", "consent_version": draft["consent_version"].(string)}})

	m := s.expect(t, http.StatusOK, call{method: "GET", path: "/api/v1/me/measures", token: tok}).json(t)
	if due := m["instruments_due"].([]any); len(due) != 0 {
		t.Fatalf("before any session: %v", due)
	}
	s.apptAt(t, p, client, s.clock.Now().AddDate(0, 0, -30), time.Hour)
	m = s.expect(t, http.StatusOK, call{method: "GET", path: "/api/v1/me/measures", token: tok}).json(t)
	due := m["instruments_due"].([]any)
	if len(due) != 1 || due[0].(map[string]any)["instrument"] != "synthetic-disability" || due[0].(map[string]any)["point"] != "week4" {
		t.Fatalf("due %v", due)
	}

	bad := []struct {
		name   string
		body   map[string]any
		fields []string
	}{
		{"items missing", map[string]any{"instrument": "synthetic-disability", "point": "week4", "answers": map[string]int{"s1": 1}},
			[]string{"synthetic-disability.s2", "synthetic-disability.s24"}},
		{"not due", map[string]any{"instrument": "synthetic-disability", "point": "week10", "answers": disability(2)}, []string{"point"}},
		{"not installed", map[string]any{"instrument": "rmdq-24", "point": "week4", "answers": disability(2)}, []string{"instrument"}},
	}
	for _, b := range bad {
		r := s.do(t, call{method: "POST", path: "/api/v1/me/measures", token: tok, body: b.body})
		if r.status != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d, want 422", b.name, r.status)
			continue
		}
		errs, _ := r.json(t)["errors"].(map[string]any)
		for _, f := range b.fields {
			if errs[f] == nil {
				t.Errorf("%s: the 422 does not name %s: %v", b.name, f, errs)
			}
		}
	}
	r := s.do(t, call{method: "POST", path: "/api/v1/me/measures", token: tok, breaksContract: true,
		body: map[string]any{"instrument": "synthetic-disability", "point": "week4"}})
	if errs, _ := r.json(t)["errors"].(map[string]any); r.status != http.StatusUnprocessableEntity || len(errs) != 24 {
		t.Errorf("no answers: %d %v, want each of the 24 items named", r.status, errs)
	}
	before := s.count(t, "audit_event")
	a := s.expect(t, http.StatusCreated, call{method: "POST", path: "/api/v1/me/measures", token: tok,
		body: map[string]any{"instrument": "synthetic-disability", "point": "week4", "answers": disability(2)}}).json(t)
	if a["score"] != 2.0 || a["version"] != "test-1" || len(a["answers"].([]any)) != 24 {
		t.Errorf("answer %v", a)
	}
	if n := s.count(t, "audit_event"); n != before+1 {
		t.Errorf("%d audit rows for the answer, want 1", n-before)
	}
	r = s.do(t, call{method: "POST", path: "/api/v1/me/measures", token: tok,
		body: map[string]any{"instrument": "synthetic-disability", "point": "week4", "answers": disability(2)}})
	checkFields(t, r, "point")

	m = s.expect(t, http.StatusOK, call{method: "GET", path: "/api/v1/me/measures", token: tok}).json(t)
	if len(m["instruments_due"].([]any)) != 0 || len(m["instrument_answers"].([]any)) != 1 {
		t.Errorf("after answering: %v", m)
	}
	// 7 → 2 is 5 points better: a responder by the instrument's own rule.
	prog := s.expect(t, http.StatusOK, call{method: "GET", path: "/api/v1/me/progress", token: tok}).json(t)
	if v := prog["verdict"].(map[string]any); v["kind"] != "improved" || v["by_pgic"] != false {
		t.Errorf("verdict %v", v)
	}
}
