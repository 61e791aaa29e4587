package api_test

import (
	"net/http"
	"slices"
	"strconv"
	"testing"
	"time"
)

// The therapist sees the client's limits on the appointment and may read
// their latest screening while in care with them (audit.MayRead); every
// read is audited; another therapist, a site admin, and the therapist once
// care has ended get not-found.
func TestTherapistSeesClientLimitsWhileInCare(t *testing.T) {
	t.Parallel()
	s := schedulingSite(t)
	p := s.newPractice(t, "ana@example.com", true)
	other := s.newPractice(t, "bea@example.com", true)
	admin := s.admin(t, "root@example.com")
	clientID, client := s.client(t, "cleo@example.com")
	sid := s.rescreen(t, clientID, map[string]string{"CI-03": "yes", "RF-15": "not_sure"})
	latest := "/api/v1/clients/" + clientID + "/screenings/latest"

	// Before any booking, nobody but the client.
	s.expect(t, http.StatusNotFound, call{method: "GET", path: latest, token: p.token})
	swedish := s.swedish(t, p)
	a := s.expect(t, http.StatusCreated, call{method: "POST", path: "/api/v1/appointments", token: client,
		body: map[string]any{"therapist_id": p.id, "service_id": swedish, "start": tuesdayTen}}).json(t)
	apptPath := "/api/v1/appointments/" + a["id"].(string)

	got := s.expect(t, http.StatusOK, call{method: "GET", path: apptPath, token: p.token}).json(t)
	lim, ok := got["client_screening"].(map[string]any)
	if !ok {
		t.Fatalf("the therapist's appointment has no client_screening: %v", got)
	}
	cautions := []string{}
	for _, c := range lim["cautions"].([]any) {
		cautions = append(cautions, c.(map[string]any)["text"].(string))
	}
	if lim["tier"] != "caution" || !slices.Contains(anyStrings(lim["excluded_techniques"]), "deep_tissue") ||
		len(cautions) != 2 || !slices.ContainsFunc(cautions, func(c string) bool { return c[:8] == "Not sure" }) {
		t.Errorf("limits %v", lim)
	}
	if mine := s.expect(t, http.StatusOK, call{method: "GET", path: apptPath, token: client}).json(t); mine["client_screening"] != nil {
		t.Errorf("the client's own appointment carries the therapist's view: %v", mine)
	}
	if r := s.expect(t, http.StatusOK, call{method: "GET", path: latest, token: p.token}).json(t); r["cautions"] == nil || r["tier"] != "caution" {
		t.Errorf("latest for the therapist: %v", r)
	}
	for _, who := range []struct{ name, token string }{{"another therapist", other.token}, {"a site admin", admin}} {
		s.expect(t, http.StatusNotFound, call{method: "GET", path: latest, token: who.token})
	}
	if n := s.countWhere(t, "audit_event", "record_type = 'screening' and action = 'read' and record_id = "+strconv.FormatInt(sid, 10)+
		" and actor_id = "+p.id); n != 2 {
		t.Errorf("%d reads by the therapist audited, want 2", n)
	}

	// Care ends a year after the last session.
	s.clock.Advance(370 * 24 * time.Hour)
	p.token = s.token(t, "ana@example.com") // the first has expired
	s.expect(t, http.StatusNotFound, call{method: "GET", path: latest, token: p.token})
	if got := s.expect(t, http.StatusOK, call{method: "GET", path: apptPath, token: p.token}).json(t); got["client_screening"] != nil {
		t.Errorf("limits shown after care ended: %v", got["client_screening"])
	}
}

// With every booking cancelled there is no care relationship.
func TestTherapistLosesAccessWhenEveryBookingIsCancelled(t *testing.T) {
	t.Parallel()
	s := schedulingSite(t)
	p := s.newPractice(t, "ana@example.com", true)
	clientID, client := s.client(t, "cleo@example.com")
	latest := "/api/v1/clients/" + clientID + "/screenings/latest"
	a := s.book(t, client, p, tuesdayTen)
	s.expect(t, http.StatusOK, call{method: "GET", path: latest, token: p.token})
	s.expect(t, http.StatusOK, call{method: "POST", path: "/api/v1/appointments/" + a["id"].(string) + "/cancel", token: p.token,
		body: map[string]any{"reason": "ill"}})
	s.expect(t, http.StatusNotFound, call{method: "GET", path: latest, token: p.token})
}

// swedish adds a 60-minute Swedish service to p's location and returns its id.
func (s *site) swedish(t *testing.T, p practiceFix) string {
	t.Helper()
	b := serviceBody(p.location)
	b["technique"], b["name"] = "swedish", "Swedish, 60 minutes"
	return s.expect(t, http.StatusCreated, call{method: "POST", path: "/api/v1/me/services", token: p.token, body: b}).str(t, "id")
}

func anyStrings(x any) []string {
	var out []string
	for _, v := range x.([]any) {
		out = append(out, v.(string))
	}
	return out
}
