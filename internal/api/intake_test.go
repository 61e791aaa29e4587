package api_test

import (
	"context"
	"net/http"
	"strconv"
	"testing"
)

// disability answers the synthetic 24-item instrument with ticks ticked.
func disability(ticks int) map[string]int {
	m := map[string]int{}
	for i := 1; i <= 24; i++ {
		m["s"+strconv.Itoa(i)] = 0
		if i <= ticks {
			m["s"+strconv.Itoa(i)] = 1
		}
	}
	return m
}

// steps are a clean intake's answers, step by step.
func steps(screeningID string) []struct {
	step string
	body any
} {
	return []struct {
		step string
		body any
	}{
		{"where", map[string]any{"regions": []string{"low_back_centre", "buttock_left"}}},
		{"pain", map[string]any{"since": "chronic", "now": 5, "average": 4, "worst": 8, "worse": "Sitting", "better": "Walking"}},
		{"care", map[string]any{"other": []string{"physiotherapy"}, "earlier_massage": "helped"}},
		{"preferences", map[string]any{"technique": "swedish", "pressure": "medium", "gender": "", "language": "en"}},
		{"goals", map[string]any{"goals": "Sit through a working day."}},
		{"measures", map[string]any{"answers": map[string]any{"synthetic-disability": disability(7)}}},
		{"screening", map[string]any{"screening_id": screeningID}},
	}
}

func TestIntakeStepsAndSubmit(t *testing.T) {
	s := newSite(t)
	tok := s.clientToken(t, "ann@example.com")
	s.expect(t, http.StatusNotFound, call{method: "GET", path: "/api/v1/me/intake", token: tok})
	sid := s.screen(t, tok, answersExcept(nil)).str(t, "id")

	bad := []struct {
		step   string
		body   any
		fields []string
	}{
		{"where", map[string]any{"regions": []string{}}, []string{"regions"}},
		{"where", map[string]any{"regions": []string{"elbow"}}, []string{"regions"}},
		{"pain", map[string]any{"since": "forever", "now": 11, "worst": -1}, []string{"since", "now", "average", "worst"}},
		{"care", map[string]any{"other": []string{"surgery"}}, []string{"other", "earlier_massage"}},
		{"preferences", map[string]any{"pressure": "crushing", "gender": "x", "language": "English"}, []string{"pressure", "gender", "language"}},
		{"goals", map[string]any{"goals": ""}, []string{"goals"}},
		{"measures", map[string]any{"answers": map[string]any{"synthetic-disability": map[string]int{"s1": 1}}},
			[]string{"synthetic-disability.s2", "synthetic-disability.s24"}},
		{"screening", map[string]any{"screening_id": "999999"}, []string{"screening_id"}},
	}
	for _, b := range bad {
		r := s.do(t, call{method: "PUT", path: "/api/v1/me/intake/steps/" + b.step, token: tok, body: b.body, breaksContract: true})
		if r.status != http.StatusUnprocessableEntity {
			t.Errorf("%s %v: %d, want 422", b.step, b.body, r.status)
			continue
		}
		errs, _ := r.json(t)["errors"].(map[string]any)
		for _, f := range b.fields {
			if errs[f] == nil {
				t.Errorf("%s: the 422 does not name %s: %v", b.step, f, errs)
			}
		}
	}

	// A draft resumes where it was left: next_step follows the saved steps.
	all := steps(sid)
	for i, st := range all {
		r := s.expect(t, http.StatusOK, call{method: "PUT", path: "/api/v1/me/intake/steps/" + st.step, token: tok, body: st.body})
		want := "consent"
		if i+1 < len(all) {
			want = all[i+1].step
		}
		if got := r.str(t, "next_step"); got != want {
			t.Errorf("after %s: next_step %q, want %q", st.step, got, want)
		}
		if i == 1 { // submitting early names every step left
			sub := s.do(t, call{method: "POST", path: "/api/v1/me/intake/submit", token: tok,
				body: map[string]string{"consent_name": "", "consent_version": "old"}, breaksContract: true})
			errs, _ := sub.json(t)["errors"].(map[string]any)
			for _, f := range []string{"care", "preferences", "goals", "measures", "screening", "consent_name", "consent_version"} {
				if errs[f] == nil {
					t.Errorf("early submit: %s not named: %v", f, errs)
				}
			}
		}
	}
	draft := s.expect(t, http.StatusOK, call{method: "GET", path: "/api/v1/me/intake", token: tok}).json(t)
	m := draft["measures"].([]any)[0].(map[string]any)
	if draft["status"] != "draft" || m["instrument"] != "synthetic-disability" || m["score"] != 7.0 || m["version"] != "test-1" {
		t.Fatalf("draft %v", draft)
	}
	r := s.expect(t, http.StatusOK, call{method: "POST", path: "/api/v1/me/intake/submit", token: tok,
		body: map[string]string{"consent_name": "Ann Lee", "consent_version": draft["consent_version"].(string)}})
	got := r.json(t)
	if got["status"] != "submitted" || got["next_step"] != nil || got["consent"].(map[string]any)["name"] != "Ann Lee" ||
		got["screening_id"] != sid {
		t.Errorf("submitted %v", got)
	}
	// The submitted pain-average is the baseline progress is measured from.
	prog := s.expect(t, http.StatusOK, call{method: "GET", path: "/api/v1/me/progress", token: tok}).json(t)
	if b, _ := prog["baseline"].(map[string]any); b == nil || b["value"] != 4.0 || b["source"] != "intake" {
		t.Errorf("progress baseline %v, want 4 from the intake", prog["baseline"])
	}
	// Submitted is final: a new step starts a new draft; the old one is kept.
	s.expect(t, http.StatusOK, call{method: "PUT", path: "/api/v1/me/intake/steps/where", token: tok, body: all[0].body})
	if n := s.count(t, "intake"); n != 2 {
		t.Errorf("%d intakes, want the submitted one and a new draft", n)
	}
	s.expect(t, http.StatusNotFound, call{method: "PUT", path: "/api/v1/me/intake/steps/consent", token: tok,
		body: map[string]any{}, breaksContract: true})
}

func TestIntakeTherapistReadsInCare(t *testing.T) {
	s := schedulingSite(t)
	p := s.newPractice(t, "ana@example.com", true)
	carla, tok := s.client(t, "carla@example.com")
	sid := s.screen(t, tok, answersExcept(nil)).str(t, "id")
	for _, st := range steps(sid) {
		s.expect(t, http.StatusOK, call{method: "PUT", path: "/api/v1/me/intake/steps/" + st.step, token: tok, body: st.body})
	}
	path := "/api/v1/clients/" + carla + "/intake"
	// Before any booking, not even the future therapist may read it.
	s.expect(t, http.StatusNotFound, call{method: "GET", path: path, token: p.token})
	s.expect(t, http.StatusOK, call{method: "POST", path: "/api/v1/me/intake/submit", token: tok,
		body: map[string]string{"consent_name": "Carla", "consent_version": "2026-11.1"}})
	s.book(t, tok, p, "2026-10-06T14:00:00Z")
	r := s.expect(t, http.StatusOK, call{method: "GET", path: path, token: p.token})
	if r.str(t, "status") != "submitted" || r.str(t, "client_id") != carla {
		t.Errorf("therapist's read %s", r.body)
	}
	other := s.newPractice(t, "cleo@example.com", true)
	s.expect(t, http.StatusNotFound, call{method: "GET", path: path, token: other.token})
	_, dora := s.client(t, "dora@example.com")
	s.expect(t, http.StatusNotFound, call{method: "GET", path: path, token: dora})
	var n int
	err := s.db.R().QueryRowContext(context.Background(), `select count(*) from audit_event
		where record_type = 'intake' and action = 'read' and actor_id = $1`, p.id).Scan(&n)
	if err != nil || n != 1 {
		t.Errorf("the therapist's read is audited %d times (%v), want 1", n, err)
	}
	s.expect(t, http.StatusOK, call{method: "GET", path: "/api/v1/instruments", token: p.token})
}

// PUT /api/v1/me/intake saves several steps at once, all or none.
func TestIntakePutDraft(t *testing.T) {
	s := newSite(t)
	tok := s.clientToken(t, "eve@example.com")
	bad := s.do(t, call{method: "PUT", path: "/api/v1/me/intake", token: tok, breaksContract: true,
		body: map[string]any{"where": map[string]any{"regions": []string{"neck"}}, "pain": map[string]any{"since": "acute", "now": 12}}})
	errs, _ := bad.json(t)["errors"].(map[string]any)
	if bad.status != http.StatusUnprocessableEntity || errs["pain.now"] == nil || errs["pain.average"] == nil {
		t.Fatalf("a bad step: %d %v", bad.status, errs)
	}
	if n := s.count(t, "intake"); n != 0 {
		t.Errorf("a refused draft left %d intakes", n)
	}
	r := s.expect(t, http.StatusOK, call{method: "PUT", path: "/api/v1/me/intake", token: tok,
		body: map[string]any{"where": map[string]any{"regions": []string{"neck"}}, "goals": map[string]any{"goals": "Sleep"}}})
	if r.str(t, "next_step") != "pain" || len(r.json(t)["done"].([]any)) != 2 {
		t.Errorf("draft %s", r.body)
	}
}

// Two first saves at once make one draft, both saved.
func TestIntakeFirstSavesRace(t *testing.T) {
	s := newSite(t)
	tok := s.clientToken(t, "fay@example.com")
	done := make(chan reply, 2)
	for _, body := range []map[string]any{{"where": map[string]any{"regions": []string{"neck"}}}, {"goals": map[string]any{"goals": "Sleep"}}} {
		go func() {
			done <- s.do(t, call{method: "PUT", path: "/api/v1/me/intake", token: tok, body: body})
		}()
	}
	for range 2 {
		if r := <-done; r.status != http.StatusOK {
			t.Errorf("a first save: %d %s", r.status, r.body)
		}
	}
	if n := s.count(t, "intake"); n != 1 {
		t.Errorf("%d drafts, want 1", n)
	}
	// Saves of one draft at once keep every step (no lost update).
	steps := []string{"care", "preferences", "pain"}
	bodies := []any{map[string]any{"earlier_massage": "never"}, map[string]any{"pressure": "light"},
		map[string]any{"since": "acute", "now": 1, "average": 1, "worst": 2}}
	for i := range steps {
		go func() {
			done <- s.do(t, call{method: "PUT", path: "/api/v1/me/intake/steps/" + steps[i], token: tok, body: bodies[i]})
		}()
	}
	for range steps {
		<-done
	}
	got := s.expect(t, http.StatusOK, call{method: "GET", path: "/api/v1/me/intake", token: tok}).json(t)
	if d, _ := got["done"].([]any); len(d) != 5 {
		t.Errorf("steps saved %v, want all 5", got["done"])
	}
}
