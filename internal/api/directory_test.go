package api_test

import (
	"net/http"
	"net/url"
	"slices"
	"testing"
)

// The directory search over the API: the answer's shape (checked against
// openapi.json by the harness), availability, pagination and bad input.
// internal/directory's tests cover every filter and sort on both databases.
func TestSearchTherapists(t *testing.T) {
	s := newSite(t)
	a := s.newPractice(t, "a@example.test", true)
	b := s.newPractice(t, "b@example.test", false)
	search := func(query string) map[string]any {
		t.Helper()
		return s.expect(t, http.StatusOK, call{method: "GET", path: "/api/v1/therapists?" + query}).json(t)
	}
	ids := func(body map[string]any) []string {
		var out []string
		for _, h := range body["therapists"].([]any) {
			out = append(out, h.(map[string]any)["id"].(string))
		}
		return out
	}

	got := search("near=40.7505,-73.9934")
	if !slices.Equal(ids(got), []string{a.id}) || got["next_cursor"] != nil {
		t.Fatalf("near Penn Station: %v", got)
	}
	hit := got["therapists"].([]any)[0].(map[string]any)
	licence := hit["licence"].(map[string]any)
	rating := hit["rating"].(map[string]any)
	if d := hit["distance_km"].(float64); d < 0.5 || d > 1.5 || licence["jurisdiction"] != "US-NY" || licence["verified"] != true ||
		rating["average"] != nil || rating["count"] != 0.0 || len(hit["next_slots"].([]any)) != 0 {
		t.Errorf("hit %v", hit)
	}

	// Monday 7 to Sunday 13 December, the last hour of the day.
	got = search("near=40.7505,-73.9934&from=2026-12-07&to=2026-12-14&time_window=16:00-17:00&duration=60&technique=deep_tissue")
	slots := got["therapists"].([]any)[0].(map[string]any)["next_slots"].([]any)
	var starts []string
	for _, sl := range slots {
		m := sl.(map[string]any)
		starts = append(starts, m["start"].(string))
		if m["service_id"] != a.service || m["location_id"] != a.location {
			t.Errorf("slot %v, want service %s at %s", m, a.service, a.location)
		}
	}
	if want := []string{"2026-12-07T16:00:00-05:00", "2026-12-08T16:00:00-05:00", "2026-12-09T16:00:00-05:00"}; !slices.Equal(starts, want) {
		t.Errorf("next slots %v, want %v", starts, want)
	}
	if got := search("from=2026-12-07&to=2026-12-14&time_window=17:00-21:00"); len(ids(got)) != 0 {
		t.Errorf("no evening hours, found %v", got)
	}

	// Without the verified filter, both; one page at a time.
	first := search("verified_only=false&limit=1")
	cursor, _ := first["next_cursor"].(string)
	second := search("verified_only=false&limit=1&cursor=" + url.QueryEscape(cursor))
	both := append(ids(first), ids(second)...)
	if slices.Sort(both); !slices.Equal(both, slices.Sorted(slices.Values([]string{a.id, b.id}))) || second["next_cursor"] != nil {
		t.Errorf("pages %v then %v", first, second)
	}
	for _, h := range append(first["therapists"].([]any), second["therapists"].([]any)...) {
		if m := h.(map[string]any); m["id"] == b.id && m["licence"] != nil {
			t.Errorf("unlicensed therapist with a licence: %v", m)
		}
	}
}

func TestSearchTherapistsBadInput(t *testing.T) {
	s := newSite(t)
	tests := []struct {
		query, field string
		contract     bool // the request itself is valid by the document
	}{
		{"near=91,0", "near", true},
		{"near=40.7,-74&radius_km=0", "radius_km", false},
		{"near=40.7,-74&radius_km=250", "radius_km", false},
		{"technique=shiatsu", "technique", true},
		{"focus=knees", "focus", false},
		{"from=2026-12-07&to=2027-02-01", "to", true},
		{"from=2026-12-07&to=2026-12-08&time_window=21:00-17:00", "time_window", true},
		{"from=2026-12-07&to=2026-12-08&time_window=evening", "time_window", false},
		{"max_price=5000", "currency", true},
		{"sort=distance", "sort", true},
		{"place=Atlantis", "place", true},
		{"limit=0", "limit", false},
		{"cursor=bm9wZQ", "cursor", true},
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			r := s.do(t, call{method: "GET", path: "/api/v1/therapists?" + tc.query, breaksContract: !tc.contract})
			if r.status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d: %s", r.status, r.body)
			}
			checkFields(t, r, tc.field)
		})
	}
}
