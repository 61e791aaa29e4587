package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/therapist"
)

// monday is the time the scheduling tests start at: Monday 2026-10-05,
// 08:00 in New York (EDT, UTC-4), four weeks before the clocks go back on
// 2026-11-01.
var monday = time.Date(2026, 10, 5, 12, 0, 0, 0, time.UTC)

// schedulingSite is a site whose clock stands at monday.
func schedulingSite(t *testing.T) *site {
	t.Helper()
	s := newSite(t)
	s.clock.Set(monday)
	return s
}

// practiceFix is a therapist whose practice was set up over the API: one
// location in New York, one 60-minute service with a 15-minute buffer,
// Monday to Friday 09:00–17:00, the default booking rules set explicitly.
type practiceFix struct {
	id, token, location, service string
}

// The bodies a fixture sends, kept for tests that resend or vary them.
func profileBody() map[string]any {
	return map[string]any{"bio": "Low back pain and sciatica since 2014.", "languages": []string{"pt", "en", "en"},
		"gender": "female", "back_pain_focus": []string{"sciatica", "low_back"}, "pressure_range": []int{2, 4}, "years_back_pain": 12}
}

func locationBody() map[string]any {
	return map[string]any{"name": "Midtown studio", "address": "350 5th Ave, New York, NY 10118", "lat": 40.7484, "lon": -73.9857,
		"time_zone": "America/New_York", "jurisdiction": "US-NY"}
}

func serviceBody(location string) map[string]any {
	return map[string]any{"name": "Deep tissue, 60 minutes", "technique": "deep_tissue", "duration_minutes": 60,
		"price": map[string]any{"amount": 9000, "currency": "USD"}, "buffer_minutes": 15, "location_id": location}
}

func hoursBody(location string) map[string]any {
	var weekly []map[string]string
	for _, d := range []string{"friday", "monday", "tuesday", "wednesday", "thursday"} {
		weekly = append(weekly, map[string]string{"weekday": d, "start": "09:00", "end": "17:00"})
	}
	return map[string]any{"location_id": location, "weekly": weekly}
}

func rulesBody() map[string]any {
	return map[string]any{"min_notice_hours": 2, "horizon_days": 90, "cancel_window_hours": 24}
}

// expect makes a call and stops the test unless it is answered with status.
func (s *site) expect(t *testing.T, status int, c call) reply {
	t.Helper()
	r := s.do(t, c)
	if r.status != status {
		t.Fatalf("%s %s: %d, want %d:\n%.1500s", c.method, c.path, r.status, status, r.body)
	}
	return r
}

// newPractice signs a therapist up and sets up their practice over the
// API; licensed adds a verified New York licence (admin verification is
// not an API call yet).
func (s *site) newPractice(t *testing.T, email string, licensed bool) practiceFix {
	t.Helper()
	p := practiceFix{id: s.signUp(t, email, "therapist")}
	p.token = s.token(t, email)
	s.expect(t, http.StatusOK, call{method: "PUT", path: "/api/v1/me/profile", token: p.token, body: profileBody()})
	p.location = s.expect(t, http.StatusCreated, call{method: "POST", path: "/api/v1/me/locations", token: p.token, body: locationBody()}).str(t, "id")
	p.service = s.expect(t, http.StatusCreated, call{method: "POST", path: "/api/v1/me/services", token: p.token,
		body: serviceBody(p.location)}).str(t, "id")
	s.expect(t, http.StatusOK, call{method: "PUT", path: "/api/v1/me/hours", token: p.token, body: hoursBody(p.location)})
	s.expect(t, http.StatusOK, call{method: "PUT", path: "/api/v1/me/booking-rules", token: p.token, body: rulesBody()})
	if licensed {
		s.license(t, p.id, "US-NY")
	}
	return p
}

// license stores a verified licence for the therapist, as a site admin's
// verification will.
func (s *site) license(t *testing.T, therapistID, jurisdiction string) {
	t.Helper()
	id, err := strconv.ParseInt(therapistID, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	now := s.clock.Now()
	if _, err := store.InsertCredential(context.Background(), s.db.W(), therapist.Credential{TherapistID: id, Kind: "licence",
		Number: "MT-" + therapistID, Jurisdiction: jurisdiction, Issuer: "NYSED", ExpiresOn: time.Date(2028, 6, 30, 0, 0, 0, 0, time.UTC),
		Status: "verified", VerifiedAt: &now}, now); err != nil {
		t.Fatal(err)
	}
}

// counts counts the rows of the scheduling tables, to show that refused
// calls write nothing.
func (s *site) counts(t *testing.T) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, table := range []string{"therapist", "location", "service", "weekly_hours", "time_off", "booking_rules",
		"appointment_series", "appointment"} {
		out[table] = s.count(t, table)
	}
	return out
}

func sameCounts(t *testing.T, before, after map[string]int) {
	t.Helper()
	if !reflect.DeepEqual(before, after) {
		t.Errorf("rows changed: before %v, after %v", before, after)
	}
}

// A therapist sets up a whole practice over the API, and the public
// profile shows it.
func TestPracticeSetUp(t *testing.T) {
	t.Parallel()
	s := schedulingSite(t)
	id := s.signUp(t, "ana@example.com", "therapist")
	tok := s.token(t, "ana@example.com")
	s.expect(t, http.StatusNotFound, call{method: "GET", path: "/api/v1/therapists/" + id})

	prof := s.expect(t, http.StatusOK, call{method: "PUT", path: "/api/v1/me/profile", token: tok, body: profileBody()}).json(t)
	want := map[string]any{"id": id, "name": "Test Person", "bio": "Low back pain and sciatica since 2014.",
		"languages": []any{"en", "pt"}, "gender": "female", "back_pain_focus": []any{"low_back", "sciatica"},
		"pressure_range": []any{2.0, 4.0}, "years_back_pain": 12.0, "accessibility": []any{}, "accessibility_note": "",
		"first_session": "", "photo": nil}
	if !reflect.DeepEqual(prof, want) {
		t.Errorf("profile\n got %v\nwant %v", prof, want)
	}

	loc := s.expect(t, http.StatusCreated, call{method: "POST", path: "/api/v1/me/locations", token: tok, body: locationBody()}).json(t)
	locID, _ := loc["id"].(string)
	if locID == "" || loc["time_zone"] != "America/New_York" || loc["jurisdiction"] != "US-NY" || loc["lat"] != 40.7484 {
		t.Errorf("location %v", loc)
	}

	svc := s.expect(t, http.StatusCreated, call{method: "POST", path: "/api/v1/me/services", token: tok, body: serviceBody(locID)}).json(t)
	if svc["location_id"] != locID || svc["duration_minutes"] != 60.0 || svc["buffer_minutes"] != 15.0 ||
		!reflect.DeepEqual(svc["price"], map[string]any{"amount": 9000.0, "currency": "USD"}) {
		t.Errorf("service %v", svc)
	}
	// An ID may be sent as a JSON number; it comes back as a string.
	n, _ := strconv.Atoi(locID)
	b := serviceBody(locID)
	b["location_id"], b["name"] = n, "Swedish, 30 minutes"
	b["technique"], b["duration_minutes"], b["buffer_minutes"] = "swedish", 30, 0
	if r := s.expect(t, http.StatusCreated, call{method: "POST", path: "/api/v1/me/services", token: tok, body: b}); r.json(t)["location_id"] != locID {
		t.Errorf("service with a numeric location_id: %s", r.body)
	}

	hours := s.expect(t, http.StatusOK, call{method: "PUT", path: "/api/v1/me/hours", token: tok, body: map[string]any{
		"location_id": locID, "weekly": []map[string]string{
			{"weekday": "tuesday", "start": "13:00", "end": "24:00"},
			{"weekday": "monday", "start": "13:00", "end": "17:00"},
			{"weekday": "monday", "start": "09:00", "end": "12:00"},
		}}}).json(t)
	wantHours := map[string]any{"location_id": locID, "weekly": []any{
		map[string]any{"weekday": "monday", "start": "09:00", "end": "12:00"},
		map[string]any{"weekday": "monday", "start": "13:00", "end": "17:00"},
		map[string]any{"weekday": "tuesday", "start": "13:00", "end": "24:00"},
	}}
	if !reflect.DeepEqual(hours, wantHours) {
		t.Errorf("hours\n got %v\nwant %v", hours, wantHours)
	}
	if n := s.count(t, "weekly_hours"); n != 3 {
		t.Errorf("%d weekly hours stored, want 3", n)
	}
	// PUT replaces: the full week, then none.
	s.expect(t, http.StatusOK, call{method: "PUT", path: "/api/v1/me/hours", token: tok, body: hoursBody(locID)})
	if n := s.count(t, "weekly_hours"); n != 5 {
		t.Errorf("%d weekly hours stored, want 5", n)
	}

	off := s.expect(t, http.StatusCreated, call{method: "POST", path: "/api/v1/me/time-off", token: tok, body: map[string]any{
		"location_id": locID, "start": "2026-12-24T00:00:00-05:00", "end": "2026-12-27T00:00:00-05:00", "reason": "Holidays"}}).json(t)
	if off["location_id"] != locID || off["start"] != "2026-12-24T00:00:00-05:00" || off["reason"] != "Holidays" {
		t.Errorf("time off %v", off)
	}
	everywhere := s.expect(t, http.StatusCreated, call{method: "POST", path: "/api/v1/me/time-off", token: tok, body: map[string]any{
		"location_id": nil, "start": "2027-01-04T14:00:00Z", "end": "2027-01-04T18:00:00Z"}}).json(t)
	if _, ok := everywhere["location_id"]; ok || everywhere["end"] != "2027-01-04T18:00:00Z" {
		t.Errorf("time off everywhere %v", everywhere)
	}

	rules := s.expect(t, http.StatusOK, call{method: "PUT", path: "/api/v1/me/booking-rules", token: tok, body: rulesBody()}).json(t)
	if !reflect.DeepEqual(rules, map[string]any{"min_notice_hours": 2.0, "horizon_days": 90.0, "cancel_window_hours": 24.0, "grid_minutes": 15.0}) {
		t.Errorf("rules %v", rules)
	}
	r := rulesBody()
	r["grid_minutes"], r["min_notice_hours"] = 30, 0
	if got := s.expect(t, http.StatusOK, call{method: "PUT", path: "/api/v1/me/booking-rules", token: tok, body: r}).json(t); got["grid_minutes"] != 30.0 || got["min_notice_hours"] != 0.0 {
		t.Errorf("rules %v", got)
	}

	// Anyone sees the practice, without a token.
	pub := s.expect(t, http.StatusOK, call{method: "GET", path: "/api/v1/therapists/" + id}).json(t)
	locs, _ := pub["locations"].([]any)
	svcs, _ := pub["services"].([]any)
	if pub["id"] != id || pub["bio"] != want["bio"] || len(locs) != 1 || len(svcs) != 2 {
		t.Fatalf("public profile %v", pub)
	}
	if l := locs[0].(map[string]any); l["id"] != locID || l["time_zone"] != "America/New_York" || l["jurisdiction"] != "US-NY" {
		t.Errorf("public location %v", l)
	}

	// The same Idempotency-Key and body answer the first location again.
	key := map[string]string{"Idempotency-Key": "loc-2"}
	first := s.expect(t, http.StatusCreated, call{method: "POST", path: "/api/v1/me/locations", token: tok, body: locationBody(), header: key})
	again := s.expect(t, http.StatusCreated, call{method: "POST", path: "/api/v1/me/locations", token: tok, body: locationBody(), header: key})
	if again.header.Get("Idempotent-Replayed") != "true" || string(again.body) != string(first.body) || s.count(t, "location") != 2 {
		t.Errorf("replay: %s, %d locations", again.body, s.count(t, "location"))
	}
}

// Only therapists set up a practice: a client is refused every set-up call
// with 403 forbidden, and nothing is written; without a token, 401.
func TestPracticeSetUpIsForTherapists(t *testing.T) {
	t.Parallel()
	s := schedulingSite(t)
	p := s.newPractice(t, "ana@example.com", false)
	s.signUp(t, "carla@example.com", "client")
	client := s.token(t, "carla@example.com")
	calls := []call{
		{method: "PUT", path: "/api/v1/me/profile", body: profileBody()},
		{method: "POST", path: "/api/v1/me/locations", body: locationBody()},
		{method: "POST", path: "/api/v1/me/services", body: serviceBody(p.location)},
		{method: "PUT", path: "/api/v1/me/hours", body: hoursBody(p.location)},
		{method: "POST", path: "/api/v1/me/time-off", body: map[string]any{"start": "2026-12-24T00:00:00-05:00", "end": "2026-12-25T00:00:00-05:00"}},
		{method: "PUT", path: "/api/v1/me/booking-rules", body: rulesBody()},
		{method: "POST", path: "/api/v1/appointments/1/no-show"},
	}
	before := s.counts(t)
	for _, c := range calls {
		c.token = client
		if r := s.expect(t, http.StatusForbidden, c); r.problem(t) != "forbidden" {
			t.Errorf("%s %s: problem %s", c.method, c.path, r.problem(t))
		}
		c.token, c.breaksContract = "", true
		if r := s.expect(t, http.StatusUnauthorized, c); r.problem(t) != "unauthenticated" {
			t.Errorf("%s %s without a token: problem %s", c.method, c.path, r.problem(t))
		}
	}
	sameCounts(t, before, s.counts(t))
}

// A practice's set-up is its own: another therapist's location cannot be
// used, and nothing of it changes.
func TestPracticeSetUpOwnLocationsOnly(t *testing.T) {
	t.Parallel()
	s := schedulingSite(t)
	ana := s.newPractice(t, "ana@example.com", false)
	bea := s.newPractice(t, "bea@example.com", false)
	before := s.counts(t)
	for _, c := range []call{
		{method: "POST", path: "/api/v1/me/services", body: serviceBody(ana.location)},
		{method: "PUT", path: "/api/v1/me/hours", body: map[string]any{"location_id": ana.location, "weekly": []any{}}},
		{method: "POST", path: "/api/v1/me/time-off", body: map[string]any{"location_id": ana.location,
			"start": "2026-12-24T00:00:00-05:00", "end": "2026-12-25T00:00:00-05:00"}},
	} {
		c.token = bea.token
		checkFields(t, s.expect(t, http.StatusUnprocessableEntity, c), "location_id")
	}
	sameCounts(t, before, s.counts(t))
	var pub map[string]any
	if err := json.Unmarshal(s.expect(t, http.StatusOK, call{method: "GET", path: "/api/v1/therapists/" + ana.id}).body, &pub); err != nil {
		t.Fatal(err)
	}
	if svcs := pub["services"].([]any); len(svcs) != 1 {
		t.Errorf("ana has %d services, want 1", len(svcs))
	}
}
