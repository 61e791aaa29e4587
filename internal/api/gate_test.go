package api_test

import (
	"context"
	"net/http"
	"slices"
	"testing"

	"github.com/knead/knead/internal/store"

	"github.com/knead/knead/internal/testkit"
)

// rescreen gives the client a new screening now, answered "no" but for set.
func (s *site) rescreen(t *testing.T, clientID string, set map[string]string) int64 {
	t.Helper()
	return testkit.Screened(t, s.db.W(), mustID(t, clientID), s.clock.Now(), set)
}

// The screening gates booking over the API too: the client's own, a
// therapist's for the client, a series, a waitlist entry and its offer.
func TestScreeningGatesBookingOverTheAPI(t *testing.T) {
	t.Parallel()
	s := schedulingSite(t)
	p := s.newPractice(t, "ana@example.com", true)
	bareID, bare := s.bareClient(t, "bare@example.com")
	blockedID, blocked := s.client(t, "blocked@example.com")
	s.rescreen(t, blockedID, map[string]string{"RF-10": "yes"}) // urgent
	thinnerID, thinner := s.client(t, "thinner@example.com")
	s.rescreen(t, thinnerID, map[string]string{"CI-03": "yes"}) // deep tissue excluded

	book := map[string]any{"therapist_id": p.id, "service_id": p.service, "start": tuesdayTen}
	series := map[string]any{"therapist_id": p.id, "service_id": p.service, "start": tuesdayTen, "every_weeks": 1, "count": 2}
	wait := map[string]any{"therapist_id": p.id, "service_id": p.service, "from": "2026-10-06", "to": "2026-10-07", "time_window": "10:00-11:00"}
	tests := []struct {
		name, token, path string
		body              map[string]any
		want              string
	}{
		{"no screening books", bare, "/api/v1/appointments", book, "screening-required"},
		{"no screening, series", bare, "/api/v1/series", series, "screening-required"},
		{"no screening joins a waitlist", bare, "/api/v1/waitlist", wait, "screening-required"},
		{"urgent books", blocked, "/api/v1/appointments", book, "booking-blocked"},
		{"urgent, series", blocked, "/api/v1/series", series, "booking-blocked"},
		{"urgent joins a waitlist", blocked, "/api/v1/waitlist", wait, "booking-blocked"},
		{"blood thinner books deep tissue", thinner, "/api/v1/appointments", book, "technique-excluded"},
		{"blood thinner waits for deep tissue", thinner, "/api/v1/waitlist", wait, "technique-excluded"},
		{"therapist books for a client without one", p.token, "/api/v1/appointments", with(book, "client_id", bareID), "screening-required"},
		{"therapist books for a blocked client", p.token, "/api/v1/appointments", with(book, "client_id", blockedID), "booking-blocked"},
		{"therapist books deep tissue for a blood thinner", p.token, "/api/v1/appointments", with(book, "client_id", thinnerID), "technique-excluded"},
		{"therapist books a series for a blocked client", p.token, "/api/v1/series", with(series, "client_id", blockedID), "booking-blocked"},
	}
	for _, tt := range tests {
		r := s.expect(t, http.StatusForbidden, call{method: "POST", path: tt.path, token: tt.token, body: tt.body})
		if got := r.problem(t); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
	if n := s.countWhere(t, "appointment", "1 = 1") + s.count(t, "waitlist_entry"); n != 0 {
		t.Fatalf("refused bookings wrote %d rows", n)
	}
}

func with(m map[string]any, k string, v any) map[string]any {
	out := map[string]any{k: v}
	for key, x := range m {
		out[key] = x
	}
	return out
}

// A waitlist offer goes past a client whose screening blocks by now, and
// an offer made before the screening changed cannot be accepted.
func TestScreeningGatesWaitlistOffers(t *testing.T) {
	t.Parallel()
	s := schedulingSite(t)
	p := s.newPractice(t, "ana@example.com", true)
	_, first := s.client(t, "first@example.com")
	waiterID, waiter := s.client(t, "waiter@example.com")
	nextID, next := s.client(t, "next@example.com")
	taken := s.book(t, first, p, tuesdayTen)
	s.join(t, waiter, p)
	s.join(t, next, p)

	s.rescreen(t, waiterID, map[string]string{"RF-01": "yes"}) // emergency
	s.expect(t, http.StatusOK, call{method: "POST", path: "/api/v1/appointments/" + taken["id"].(string) + "/cancel", token: first,
		body: map[string]any{"reason": "away"}})
	if e := s.entry(t, waiter); e["status"] != "waiting" || e["offer"] != nil {
		t.Fatalf("a blocked client was offered the slot: %v", e)
	}
	offer := offerID(t, s.entry(t, next))
	soon := s.rescreen(t, nextID, map[string]string{"RF-09": "yes"}) // soon: held until a clinician's review
	r := s.expect(t, http.StatusForbidden, call{method: "POST", path: "/api/v1/waitlist/offers/" + offer + "/accept", token: next})
	if r.problem(t) != "booking-blocked" {
		t.Fatalf("accepting while blocked: %s", r.problem(t))
	}
	if _, err := store.ClearScreening(context.Background(), s.db.W(), soon, "Dr Lee", "2026-10-05", "", s.clock.Now()); err != nil {
		t.Fatal(err)
	}
	s.expect(t, http.StatusCreated, call{method: "POST", path: "/api/v1/waitlist/offers/" + offer + "/accept", token: next})
}

// A client's search does not offer what their screening excludes; the
// public directory stays whole for everyone else.
func TestClientSearchLeavesOutExcludedTechniques(t *testing.T) {
	t.Parallel()
	s := schedulingSite(t)
	p := s.newPractice(t, "ana@example.com", true) // deep tissue only
	thinnerID, thinner := s.client(t, "thinner@example.com")
	s.rescreen(t, thinnerID, map[string]string{"CI-03": "yes"})
	_, clean := s.client(t, "clean@example.com")
	for _, tt := range []struct {
		name, token string
		found       bool
	}{{"visitor", "", true}, {"clean client", clean, true}, {"blood thinner", thinner, false}} {
		list := s.expect(t, http.StatusOK, call{method: "GET", path: "/api/v1/therapists", token: tt.token}).json(t)["therapists"].([]any)
		found := false
		for _, x := range list {
			found = found || x.(map[string]any)["id"] == p.id
		}
		if found != tt.found {
			t.Errorf("%s: found %v, want %v", tt.name, found, tt.found)
		}
	}
}

// A therapist offering Swedish and deep tissue is found by a client on
// blood thinners — through Swedish — without deep tissue even as a tag.
func TestClientSearchTagsLeaveOutExcludedTechniques(t *testing.T) {
	t.Parallel()
	s := schedulingSite(t)
	p := s.newPractice(t, "ana@example.com", true)
	s.swedish(t, p)
	thinnerID, thinner := s.client(t, "thinner@example.com")
	s.rescreen(t, thinnerID, map[string]string{"CI-03": "yes"})
	for _, tt := range []struct {
		name, token string
		deep        bool
	}{{"visitor", "", true}, {"blood thinner", thinner, false}} {
		list := s.expect(t, http.StatusOK, call{method: "GET", path: "/api/v1/therapists", token: tt.token}).json(t)["therapists"].([]any)
		if len(list) != 1 {
			t.Fatalf("%s: %d therapists, want Ana", tt.name, len(list))
		}
		techniques := anyStrings(list[0].(map[string]any)["techniques"])
		if slices.Contains(techniques, "deep_tissue") != tt.deep || !slices.Contains(techniques, "swedish") {
			t.Errorf("%s: techniques %v, deep tissue shown %v", tt.name, techniques, tt.deep)
		}
	}
}
