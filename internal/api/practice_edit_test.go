package api_test

import (
	"net/http"
	"testing"
)

func TestChangeLocationAndService(t *testing.T) {
	t.Parallel()
	s := schedulingSite(t)
	p := s.newPractice(t, "ana@example.com", true)

	loc := locationBody()
	loc["name"], loc["address"] = "Midtown studio, 2nd floor", "350 5th Ave, Suite 200, New York, NY 10118"
	got := s.expect(t, http.StatusOK, call{method: "PUT", path: "/api/v1/me/locations/" + p.location, token: p.token, body: loc}).json(t)
	if got["name"] != loc["name"] || got["id"] != p.location {
		t.Errorf("changed location = %v", got)
	}
	svc := serviceBody(p.location)
	svc["duration_minutes"], svc["price"] = 90, map[string]any{"amount": 12000, "currency": "USD"}
	got = s.expect(t, http.StatusOK, call{method: "PUT", path: "/api/v1/me/services/" + p.service, token: p.token, body: svc}).json(t)
	if got["duration_minutes"] != float64(90) {
		t.Errorf("changed service = %v", got)
	}
	// The slots follow the new length: 09:00–17:00 with a 15-minute buffer
	// ends with a 90-minute session at 15:30.
	_, slots := s.slotsOf(t, p, "2026-10-06T13:00:00Z", "2026-10-06T22:00:00Z")
	if last := slots[len(slots)-1]["start"]; last != "2026-10-06T15:30:00-04:00" {
		t.Errorf("last slot %s, want 15:30 local", last)
	}
}

func TestChangeSetUpRefusesBadInput(t *testing.T) {
	t.Parallel()
	s := schedulingSite(t)
	ana := s.newPractice(t, "ana@example.com", true)
	bea := s.newPractice(t, "bea@example.com", false)
	_, client := s.client(t, "cleo@example.com")
	s.book(t, client, ana, "2026-10-07T10:00:00-04:00")
	berlin := locationBody()
	berlin["time_zone"] = "Europe/Berlin"
	noName := locationBody()
	noName["name"] = ""
	badSvc := serviceBody(ana.location)
	badSvc["technique"], badSvc["duration_minutes"] = "reiki", 7
	before := s.counts(t)
	for _, tt := range []struct {
		name   string
		c      call
		status int
		fields []string
		want   string
	}{
		{"zone change with sessions to come", call{method: "PUT", path: "/api/v1/me/locations/" + ana.location, token: ana.token, body: berlin}, 422, []string{"time_zone"}, "invalid"},
		{"missing name", call{method: "PUT", path: "/api/v1/me/locations/" + ana.location, token: ana.token, body: noName, breaksContract: true}, 422, []string{"name"}, "invalid"},
		{"bad service", call{method: "PUT", path: "/api/v1/me/services/" + ana.service, token: ana.token, body: badSvc, breaksContract: true}, 422, []string{"technique", "duration_minutes"}, "invalid"},
		{"another's location", call{method: "PUT", path: "/api/v1/me/locations/" + ana.location, token: bea.token, body: locationBody()}, 404, nil, "not-found"},
		{"another's service", call{method: "PUT", path: "/api/v1/me/services/" + ana.service, token: bea.token, body: serviceBody(bea.location)}, 404, nil, "not-found"},
		{"service moved to another's location", call{method: "PUT", path: "/api/v1/me/services/" + ana.service, token: ana.token, body: serviceBody(bea.location)}, 422, []string{"location_id"}, "invalid"},
		{"remove location with sessions", call{method: "DELETE", path: "/api/v1/me/locations/" + ana.location, token: ana.token}, 409, nil, "has-appointments"},
		{"remove service with sessions", call{method: "DELETE", path: "/api/v1/me/services/" + ana.service, token: ana.token}, 409, nil, "has-appointments"},
		{"remove another's location", call{method: "DELETE", path: "/api/v1/me/locations/" + ana.location, token: bea.token}, 404, nil, "not-found"},
		{"remove another's time off", call{method: "DELETE", path: "/api/v1/me/time-off/1", token: bea.token}, 404, nil, "not-found"},
		{"remove unknown extra hours", call{method: "DELETE", path: "/api/v1/me/extra-hours/x", token: ana.token}, 404, nil, "not-found"},
		{"a client", call{method: "DELETE", path: "/api/v1/me/services/" + ana.service, token: client}, 403, nil, "forbidden"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := s.expect(t, tt.status, tt.c)
			if got := r.problem(t); got != tt.want {
				t.Errorf("problem %q, want %q", got, tt.want)
			}
			if tt.fields != nil {
				checkFields(t, r, tt.fields...)
			}
		})
	}
	sameCounts(t, before, s.counts(t))
	if n := len(s.myAppointments(t, client, "")); n != 1 {
		t.Errorf("client has %d appointments, want 1", n)
	}
}

func TestRemoveSetUp(t *testing.T) {
	t.Parallel()
	s := schedulingSite(t)
	p := s.newPractice(t, "ana@example.com", true)
	extra := s.expect(t, http.StatusCreated, call{method: "POST", path: "/api/v1/me/extra-hours", token: p.token,
		body: map[string]any{"location_id": p.location, "date": "2026-10-10", "start": "10:00", "end": "12:00"}}).str(t, "id")
	off := s.expect(t, http.StatusCreated, call{method: "POST", path: "/api/v1/me/time-off", token: p.token,
		body: map[string]any{"start": "2026-10-06T00:00:00-04:00", "end": "2026-10-07T00:00:00-04:00"}}).str(t, "id")
	list := func(path, key string) int {
		return len(s.expect(t, http.StatusOK, call{method: "GET", path: path, token: p.token}).json(t)[key].([]any))
	}
	if list("/api/v1/me/extra-hours", "extra_hours") != 1 || list("/api/v1/me/time-off", "time_off") != 1 {
		t.Fatal("extra hours or time off not listed")
	}
	// Saturday's extra hours offer slots until they are removed.
	if _, slots := s.slotsOf(t, p, "2026-10-10T00:00:00Z", "2026-10-11T00:00:00Z"); len(slots) == 0 {
		t.Error("no slots in the extra hours")
	}
	s.expect(t, http.StatusNoContent, call{method: "DELETE", path: "/api/v1/me/extra-hours/" + extra, token: p.token})
	if _, slots := s.slotsOf(t, p, "2026-10-10T00:00:00Z", "2026-10-11T00:00:00Z"); len(slots) != 0 {
		t.Errorf("%d slots after the extra hours were removed", len(slots))
	}
	// Tuesday is off until the time off is removed.
	if _, slots := s.slotsOf(t, p, "2026-10-06T04:00:00Z", "2026-10-07T04:00:00Z"); len(slots) != 0 {
		t.Errorf("%d slots on a day off", len(slots))
	}
	s.expect(t, http.StatusNoContent, call{method: "DELETE", path: "/api/v1/me/time-off/" + off, token: p.token})
	if _, slots := s.slotsOf(t, p, "2026-10-06T04:00:00Z", "2026-10-07T04:00:00Z"); len(slots) == 0 {
		t.Error("no slots after the time off was removed")
	}
	s.expect(t, http.StatusNotFound, call{method: "DELETE", path: "/api/v1/me/time-off/" + off, token: p.token})

	// A location without sessions to come is removed with its service: it
	// is no longer public, nor bookable.
	s.expect(t, http.StatusNoContent, call{method: "DELETE", path: "/api/v1/me/locations/" + p.location, token: p.token})
	pub := s.expect(t, http.StatusOK, call{method: "GET", path: "/api/v1/therapists/" + p.id}).json(t)
	if len(pub["locations"].([]any)) != 0 || len(pub["services"].([]any)) != 0 {
		t.Errorf("removed location still public: %v", pub)
	}
	_, client := s.client(t, "cleo@example.com")
	r := s.expect(t, http.StatusUnprocessableEntity, call{method: "POST", path: "/api/v1/appointments", token: client,
		body: map[string]any{"therapist_id": p.id, "service_id": p.service, "start": "2026-10-08T10:00:00-04:00"}})
	checkFields(t, r, "service_id")
	s.expect(t, http.StatusNotFound, call{method: "PUT", path: "/api/v1/me/locations/" + p.location, token: p.token, body: locationBody()})
}
