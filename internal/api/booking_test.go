package api_test

import (
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/knead/knead/internal/testkit"
)

// slotsOf asks for the slots of p's service in [from, to).
func (s *site) slotsOf(t *testing.T, p practiceFix, from, to string) (zone string, slots []map[string]string) {
	t.Helper()
	q := url.Values{"service_id": {p.service}, "from": {from}, "to": {to}}
	r := s.expect(t, http.StatusOK, call{method: "GET", path: "/api/v1/therapists/" + p.id + "/slots?" + q.Encode()})
	m := r.json(t)
	zone, _ = m["time_zone"].(string)
	for _, x := range m["slots"].([]any) {
		sl := x.(map[string]any)
		slots = append(slots, map[string]string{"start": sl["start"].(string), "end": sl["end"].(string)})
	}
	return zone, slots
}

func starts(slots []map[string]string) []string {
	out := make([]string, len(slots))
	for i, s := range slots {
		out[i] = s["start"]
	}
	return out
}

// book books p's service at start for the caller with token.
func (s *site) book(t *testing.T, token string, p practiceFix, start string) map[string]any {
	t.Helper()
	return s.expect(t, http.StatusCreated, call{method: "POST", path: "/api/v1/appointments", token: token,
		body: map[string]any{"therapist_id": p.id, "service_id": p.service, "start": start}}).json(t)
}

// client signs a client up, with a clean safety screening so that they
// may book, and returns their id and token.
func (s *site) client(t *testing.T, email string) (id, token string) {
	t.Helper()
	id, token = s.bareClient(t, email)
	testkit.Screened(t, s.db.W(), mustID(t, id), s.clock.Now())
	return id, token
}

// bareClient signs a client up without a screening.
func (s *site) bareClient(t *testing.T, email string) (id, token string) {
	t.Helper()
	return s.signUp(t, email, "client"), s.token(t, email)
}

func mustID(t *testing.T, id string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		t.Fatalf("id %q: %v", id, err)
	}
	return n
}

// myAppointments lists every appointment the caller sees, following cursors.
func (s *site) myAppointments(t *testing.T, token, query string) []map[string]any {
	t.Helper()
	var out []map[string]any
	cursor := ""
	for range 100 {
		q, _ := url.ParseQuery(query)
		if cursor != "" {
			q.Set("cursor", cursor)
		}
		m := s.expect(t, http.StatusOK, call{method: "GET", path: "/api/v1/appointments?" + q.Encode(), token: token}).json(t)
		for _, a := range m["appointments"].([]any) {
			out = append(out, a.(map[string]any))
		}
		next, _ := m["next_cursor"].(string)
		if next == "" {
			return out
		}
		cursor = next
	}
	t.Fatal("the cursor never ended")
	return nil
}

func ids(as []map[string]any) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i], _ = a["id"].(string)
	}
	return out
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatalf("%q: %v", s, err)
	}
	return v
}

// Slots are ascending, in the location's offset, on the grid, outside the
// notice period and inside working hours, which keep their local time
// across the change from daylight saving time.
func TestSlots(t *testing.T) {
	t.Parallel()
	s := schedulingSite(t)
	p := s.newPractice(t, "ana@example.com", true)

	// Monday 08:00 EDT: with 2 hours' notice the first start is 10:00; the
	// last start of a 60-minute session before 17:00 is 16:00.
	zone, slots := s.slotsOf(t, p, "2026-10-05T12:00:00Z", "2026-10-07T12:00:00Z")
	if zone != "America/New_York" {
		t.Errorf("time_zone %q", zone)
	}
	if len(slots) != 25+29 {
		t.Errorf("%d slots, want 54 (25 on Monday from 10:00, 29 on Tuesday from 09:00): %v", len(slots), starts(slots))
	}
	var prev time.Time
	for _, sl := range slots {
		start, end := mustTime(t, sl["start"]), mustTime(t, sl["end"])
		if !strings.HasSuffix(sl["start"], "-04:00") || !strings.HasSuffix(sl["end"], "-04:00") {
			t.Errorf("slot %v is not in New York's offset", sl)
		}
		if start.Minute()%15 != 0 || start.Second() != 0 {
			t.Errorf("slot %v is off the 15-minute grid", sl)
		}
		if start.Before(monday.Add(2 * time.Hour)) {
			t.Errorf("slot %v is inside the 2 hours' notice", sl)
		}
		if end.Sub(start) != time.Hour {
			t.Errorf("slot %v does not last the service's 60 minutes", sl)
		}
		if local := start.In(mustZone(t, zone)); local.Hour() < 9 || local.Hour() > 16 {
			t.Errorf("slot %v outside 09:00–17:00", sl)
		}
		if !start.After(prev) {
			t.Errorf("slot %v is not after the one before", sl)
		}
		prev = start
	}
	if len(slots) > 0 && (slots[0]["start"] != "2026-10-05T10:00:00-04:00" || slots[len(slots)-1]["start"] != "2026-10-06T16:00:00-04:00") {
		t.Errorf("first and last slots %v … %v", slots[0], slots[len(slots)-1])
	}

	// Friday before and Monday after 2026-11-01: 09:00 local both times.
	_, slots = s.slotsOf(t, p, "2026-10-30T00:00:00-04:00", "2026-11-03T00:00:00-05:00")
	got := starts(slots)
	for _, want := range []string{"2026-10-30T09:00:00-04:00", "2026-10-30T16:00:00-04:00", "2026-11-02T09:00:00-05:00", "2026-11-02T16:00:00-05:00"} {
		if !slices.Contains(got, want) {
			t.Errorf("no slot at %s around the change of the clocks", want)
		}
	}
	if len(got) != 58 {
		t.Errorf("%d slots on Friday and Monday, want 2×29", len(got))
	}

	// An unencoded "+" of an offset arrives as a space and is still read.
	r := s.expect(t, http.StatusOK, call{method: "GET", breaksContract: true,
		path: "/api/v1/therapists/" + p.id + "/slots?service_id=" + p.service + "&from=2026-10-06T15:00:00+02:00&to=2026-10-06T17:00:00+02:00"})
	if sl := r.json(t)["slots"].([]any); len(sl) != 8 || sl[0].(map[string]any)["start"] != "2026-10-06T09:00:00-04:00" {
		t.Errorf("slots from 09:00 to 11:00 EDT asked with +02:00: %s", r.body)
	}
}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	z, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return z
}

// Without a verified licence for the location's jurisdiction a therapist
// has no slots and cannot be booked.
func TestNotBookableWithoutLicence(t *testing.T) {
	t.Parallel()
	s := schedulingSite(t)
	p := s.newPractice(t, "ana@example.com", false)
	_, tok := s.client(t, "carla@example.com")
	if _, slots := s.slotsOf(t, p, "2026-10-05T12:00:00Z", "2026-10-07T12:00:00Z"); len(slots) != 0 {
		t.Errorf("%d slots without a licence", len(slots))
	}
	r := s.expect(t, http.StatusUnprocessableEntity, call{method: "POST", path: "/api/v1/appointments", token: tok,
		body: map[string]any{"therapist_id": p.id, "service_id": p.service, "start": "2026-10-06T10:00:00-04:00"}})
	checkNotBookable(t, r, "therapist_id")
	s.license(t, p.id, "US-CA") // another jurisdiction's licence does not count
	r = s.expect(t, http.StatusUnprocessableEntity, call{method: "POST", path: "/api/v1/appointments", token: tok,
		body: map[string]any{"therapist_id": p.id, "service_id": p.service, "start": "2026-10-06T10:00:00-04:00"}})
	checkNotBookable(t, r, "therapist_id")
	s.license(t, p.id, "US-NY")
	s.book(t, tok, p, "2026-10-06T10:00:00-04:00")
}

// checkNotBookable checks a 422 not-bookable answer names exactly these fields.
func checkNotBookable(t *testing.T, r reply, fields ...string) {
	t.Helper()
	if r.status != http.StatusUnprocessableEntity || r.problem(t) != "not-bookable" {
		t.Fatalf("answer %d %s, want 422 not-bookable: %s", r.status, r.problem(t), r.body)
	}
	errs, _ := r.json(t)["errors"].(map[string]any)
	var got []string
	for k := range errs {
		got = append(got, k)
	}
	slices.Sort(got)
	if !slices.Equal(got, fields) {
		t.Errorf("fields %v, want %v: %s", got, fields, r.body)
	}
}

// A client books a slot; the same slot again is 409 slot-taken with the
// three nearest free starts.
func TestBookAppointment(t *testing.T) {
	t.Parallel()
	s := schedulingSite(t)
	p := s.newPractice(t, "ana@example.com", true)
	carla, tok := s.client(t, "carla@example.com")
	_, other := s.client(t, "dora@example.com")

	// Asked in UTC, answered in New York's offset.
	a := s.book(t, tok, p, "2026-10-06T14:00:00Z")
	id, _ := a["id"].(string)
	want := map[string]any{"id": id, "status": "booked", "therapist_id": p.id, "client_id": carla, "service_id": p.service,
		"location_id": p.location, "start": "2026-10-06T10:00:00-04:00", "end": "2026-10-06T11:00:00-04:00"}
	if id == "" || !reflect.DeepEqual(a, want) {
		t.Errorf("appointment\n got %v\nwant %v", a, want)
	}
	got := s.expect(t, http.StatusOK, call{method: "GET", path: "/api/v1/appointments/" + id, token: tok}).json(t)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("GET the appointment\n got %v\nwant %v", got, want)
	}
	// The therapist also learns whether the client's email is verified.
	got = s.expect(t, http.StatusOK, call{method: "GET", path: "/api/v1/appointments/" + id, token: p.token}).json(t)
	if got["client_email_verified"] != false || got["start"] != want["start"] {
		t.Errorf("the therapist's view %v", got)
	}

	// The session and its 15-minute buffer block starts from 09:00 (which
	// would run into 10:00) to 11:00.
	_, slots := s.slotsOf(t, p, "2026-10-06T09:00:00-04:00", "2026-10-06T12:00:00-04:00")
	if st := starts(slots); !slices.Equal(st, []string{"2026-10-06T11:15:00-04:00", "2026-10-06T11:30:00-04:00",
		"2026-10-06T11:45:00-04:00"}) {
		t.Errorf("slots around the booking %v", st)
	}

	before := s.counts(t)
	r := s.expect(t, http.StatusConflict, call{method: "POST", path: "/api/v1/appointments", token: other,
		body: map[string]any{"therapist_id": p.id, "service_id": p.service, "start": "2026-10-06T10:00:00-04:00"}})
	if r.problem(t) != "slot-taken" {
		t.Fatalf("problem %s", r.problem(t))
	}
	wantAlts := []any{
		map[string]any{"start": "2026-10-06T11:15:00-04:00", "end": "2026-10-06T12:15:00-04:00"},
		map[string]any{"start": "2026-10-06T11:30:00-04:00", "end": "2026-10-06T12:30:00-04:00"},
		map[string]any{"start": "2026-10-06T11:45:00-04:00", "end": "2026-10-06T12:45:00-04:00"},
	}
	if alts := r.json(t)["alternatives"]; !reflect.DeepEqual(alts, wantAlts) {
		t.Errorf("alternatives\n got %v\nwant %v", alts, wantAlts)
	}
	// A start that would run into the booking is taken too.
	r = s.expect(t, http.StatusConflict, call{method: "POST", path: "/api/v1/appointments", token: other,
		body: map[string]any{"therapist_id": p.id, "service_id": p.service, "start": "2026-10-06T09:15:00-04:00"}})
	if alts, _ := r.json(t)["alternatives"].([]any); r.problem(t) != "slot-taken" || len(alts) != 3 ||
		alts[0].(map[string]any)["start"] != "2026-10-06T11:15:00-04:00" {
		t.Errorf("09:15: %s", r.body)
	}
	sameCounts(t, before, s.counts(t))

	// A retry with the same Idempotency-Key books once.
	key := map[string]string{"Idempotency-Key": "book-1"}
	body := map[string]any{"therapist_id": p.id, "service_id": p.service, "start": "2026-10-06T13:00:00-04:00"}
	first := s.expect(t, http.StatusCreated, call{method: "POST", path: "/api/v1/appointments", token: other, body: body, header: key})
	again := s.expect(t, http.StatusCreated, call{method: "POST", path: "/api/v1/appointments", token: other, body: body, header: key})
	if string(first.body) != string(again.body) || again.header.Get("Idempotent-Replayed") != "true" {
		t.Errorf("replay %s", again.body)
	}
	if n := s.count(t, "appointment"); n != before["appointment"]+1 {
		t.Errorf("%d appointments, want %d", n, before["appointment"]+1)
	}
	// A refusal is replayed too, even once the slot is free again.
	key = map[string]string{"Idempotency-Key": "book-2"}
	taken := map[string]any{"therapist_id": p.id, "service_id": p.service, "start": "2026-10-06T10:00:00-04:00"}
	s.expect(t, http.StatusConflict, call{method: "POST", path: "/api/v1/appointments", token: other, body: taken, header: key})
	s.expect(t, http.StatusOK, call{method: "POST", path: "/api/v1/appointments/" + id + "/cancel", token: tok, body: map[string]any{}})
	if r := s.expect(t, http.StatusConflict, call{method: "POST", path: "/api/v1/appointments", token: other, body: taken, header: key}); r.header.Get("Idempotent-Replayed") != "true" {
		t.Error("the refusal was not replayed")
	}
	s.book(t, other, p, "2026-10-06T10:00:00-04:00") // free again
}

// A therapist books in their own calendar for a client, naming them with
// client_id; clients book only for themselves.
func TestTherapistBooksForClient(t *testing.T) {
	t.Parallel()
	s := schedulingSite(t)
	p := s.newPractice(t, "ana@example.com", true)
	q := s.newPractice(t, "bea@example.com", true)
	carla, tok := s.client(t, "carla@example.com")
	dora, _ := s.client(t, "dora@example.com")
	before := s.counts(t)

	a := s.expect(t, http.StatusCreated, call{method: "POST", path: "/api/v1/appointments", token: p.token,
		body: map[string]any{"therapist_id": p.id, "service_id": p.service, "client_id": carla, "start": "2026-10-06T10:00:00-04:00"}}).json(t)
	if a["client_id"] != carla || a["therapist_id"] != p.id || a["status"] != "booked" || a["client_email_verified"] != false {
		t.Errorf("appointment %v", a)
	}
	if mine := s.myAppointments(t, tok, ""); len(mine) != 1 || mine[0]["id"] != a["id"] {
		t.Errorf("the client's appointments %v", mine)
	}
	series := s.expect(t, http.StatusCreated, call{method: "POST", path: "/api/v1/series", token: p.token,
		body: map[string]any{"therapist_id": p.id, "service_id": p.service, "client_id": carla, "start": "2026-10-07T10:00:00-04:00",
			"every_weeks": 2, "count": 2}}).json(t)
	if apps := series["appointments"].([]any); len(apps) != 2 || apps[1].(map[string]any)["start"] != "2026-10-21T10:00:00-04:00" ||
		apps[1].(map[string]any)["client_id"] != carla {
		t.Errorf("series %v", series)
	}
	after := s.counts(t)

	start := "2026-10-08T10:00:00-04:00"
	for _, tt := range []struct {
		name   string
		token  string
		body   map[string]any
		status int
		field  string
	}{
		{"therapist without client_id", p.token, map[string]any{"therapist_id": p.id, "service_id": p.service, "start": start}, 422, "client_id"},
		{"therapist for a therapist", p.token, map[string]any{"therapist_id": p.id, "service_id": p.service, "client_id": q.id, "start": start}, 422, "client_id"},
		{"therapist for no one", p.token, map[string]any{"therapist_id": p.id, "service_id": p.service, "client_id": "999999", "start": start}, 422, "client_id"},
		{"therapist in another's calendar", p.token, map[string]any{"therapist_id": q.id, "service_id": q.service, "client_id": carla, "start": start}, 403, ""},
		{"client for another client", tok, map[string]any{"therapist_id": p.id, "service_id": p.service, "client_id": dora, "start": start}, 403, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := s.expect(t, tt.status, call{method: "POST", path: "/api/v1/appointments", token: tt.token, body: tt.body})
			if tt.field != "" {
				checkFields(t, r, tt.field)
			} else if r.problem(t) != "forbidden" {
				t.Errorf("problem %s", r.problem(t))
			}
		})
	}
	// A client naming themself is fine.
	self := s.expect(t, http.StatusCreated, call{method: "POST", path: "/api/v1/appointments", token: tok,
		body: map[string]any{"therapist_id": p.id, "service_id": p.service, "client_id": carla, "start": start}}).json(t)
	if self["client_id"] != carla {
		t.Errorf("appointment %v", self)
	}
	after["appointment"]++
	sameCounts(t, after, s.counts(t))
	if before["appointment"]+4 != after["appointment"] {
		t.Errorf("appointments %d → %d", before["appointment"], after["appointment"])
	}
}

// A weekly series keeps its local time across the change of the clocks; a
// conflicting one is refused whole, unless conflicts are skipped.
func TestSeries(t *testing.T) {
	t.Parallel()
	s := schedulingSite(t)
	p := s.newPractice(t, "ana@example.com", true)
	carla, tok := s.client(t, "carla@example.com")
	_, dora := s.client(t, "dora@example.com")

	sr := s.expect(t, http.StatusCreated, call{method: "POST", path: "/api/v1/series", token: tok, body: map[string]any{
		"therapist_id": p.id, "service_id": p.service, "start": "2026-10-15T14:00:00Z", "every_weeks": 1, "count": 6}}).json(t)
	seriesID, _ := sr["id"].(string)
	apps := sr["appointments"].([]any)
	wantStarts := []string{"2026-10-15T10:00:00-04:00", "2026-10-22T10:00:00-04:00", "2026-10-29T10:00:00-04:00",
		"2026-11-05T10:00:00-05:00", "2026-11-12T10:00:00-05:00", "2026-11-19T10:00:00-05:00"}
	var seriesIDs []string
	for i, x := range apps {
		a := x.(map[string]any)
		if a["start"] != wantStarts[min(i, 5)] || a["series_id"] != seriesID || a["client_id"] != carla || a["status"] != "booked" {
			t.Errorf("occurrence %d: %v", i, a)
		}
		if end := mustTime(t, a["end"].(string)); end.Sub(mustTime(t, a["start"].(string))) != time.Hour {
			t.Errorf("occurrence %d ends %v", i, a["end"])
		}
		seriesIDs = append(seriesIDs, a["id"].(string))
	}
	if seriesID == "" || len(apps) != 6 || len(sr["skipped"].([]any)) != 0 {
		t.Fatalf("series %v", sr)
	}
	if got := s.expect(t, http.StatusOK, call{method: "GET", path: "/api/v1/appointments/" + seriesIDs[4], token: tok}).json(t); got["series_id"] != seriesID {
		t.Errorf("GET an occurrence: %v", got)
	}

	// Dora holds Wednesday 2026-10-21 10:00; Carla's Wednesday series runs into it.
	s.book(t, dora, p, "2026-10-21T10:00:00-04:00")
	wed := map[string]any{"therapist_id": p.id, "service_id": p.service, "start": "2026-10-14T10:00:00-04:00", "every_weeks": 1, "count": 3}
	mine, before := s.myAppointments(t, tok, ""), s.counts(t)
	r := s.expect(t, http.StatusConflict, call{method: "POST", path: "/api/v1/series", token: tok, body: wed})
	if r.problem(t) != "series-conflict" {
		t.Fatalf("problem %s", r.problem(t))
	}
	conflicts, _ := r.json(t)["conflicts"].([]any)
	if len(conflicts) != 1 {
		t.Fatalf("conflicts %v", conflicts)
	}
	c := conflicts[0].(map[string]any)
	alts, _ := c["alternatives"].([]any)
	if c["start"] != "2026-10-21T10:00:00-04:00" || c["reason"] == "" || len(alts) != 3 ||
		alts[0].(map[string]any)["start"] != "2026-10-21T11:15:00-04:00" {
		t.Errorf("conflict %v", c)
	}
	if after := s.myAppointments(t, tok, ""); !reflect.DeepEqual(after, mine) {
		t.Errorf("a refused series changed the client's appointments: %d → %d", len(mine), len(after))
	}
	sameCounts(t, before, s.counts(t))

	wed["skip_conflicts"] = true
	sk := s.expect(t, http.StatusCreated, call{method: "POST", path: "/api/v1/series", token: tok, body: wed}).json(t)
	booked, skipped := sk["appointments"].([]any), sk["skipped"].([]any)
	if len(booked) != 2 || booked[0].(map[string]any)["start"] != "2026-10-14T10:00:00-04:00" ||
		booked[1].(map[string]any)["start"] != "2026-10-28T10:00:00-04:00" {
		t.Errorf("booked %v", booked)
	}
	if len(skipped) != 1 || skipped[0].(map[string]any)["start"] != "2026-10-21T10:00:00-04:00" || skipped[0].(map[string]any)["reason"] == "" {
		t.Errorf("skipped %v", skipped)
	}

	// Every occurrence conflicting is 409 even with skip_conflicts.
	before = s.counts(t)
	r = s.expect(t, http.StatusConflict, call{method: "POST", path: "/api/v1/series", token: dora, body: map[string]any{
		"therapist_id": p.id, "service_id": p.service, "start": "2026-10-22T10:00:00-04:00", "every_weeks": 1, "count": 2, "skip_conflicts": true}})
	if cs, _ := r.json(t)["conflicts"].([]any); r.problem(t) != "series-conflict" || len(cs) != 2 {
		t.Errorf("all conflicting: %s", r.body)
	}
	// More than 52 sessions.
	r = s.expect(t, http.StatusUnprocessableEntity, call{method: "POST", path: "/api/v1/series", token: tok, breaksContract: true, body: map[string]any{
		"therapist_id": p.id, "service_id": p.service, "start": "2026-10-16T10:00:00-04:00", "every_weeks": 1, "count": 53}})
	checkFields(t, r, "count")
	sameCounts(t, before, s.counts(t))

	// until, inclusive, a local date; the horizon binds the first occurrence only.
	u := s.expect(t, http.StatusCreated, call{method: "POST", path: "/api/v1/series", token: dora, body: map[string]any{
		"therapist_id": p.id, "service_id": p.service, "start": "2026-12-25T15:00:00-05:00", "every_weeks": 4, "until": "2027-03-19"}}).json(t)
	if ua := u["appointments"].([]any); len(ua) != 4 || ua[3].(map[string]any)["start"] != "2027-03-19T15:00:00-04:00" {
		t.Errorf("series until 2027-03-19: %v", ua)
	}

	// Cancelling from the third occurrence cancels it and every later one.
	cancelled := s.expect(t, http.StatusOK, call{method: "POST", path: "/api/v1/series/" + seriesID + "/cancel", token: tok,
		body: map[string]any{"from": "2026-10-29T10:00:00-04:00", "reason": "Moving away"}}).json(t)
	if got := toStrings(cancelled["cancelled"]); !slices.Equal(got, seriesIDs[2:]) || len(toStrings(cancelled["kept"])) != 0 {
		t.Errorf("cancelled %v, want %v", cancelled, seriesIDs[2:])
	}
	for i, id := range seriesIDs {
		status := s.expect(t, http.StatusOK, call{method: "GET", path: "/api/v1/appointments/" + id, token: tok}).str(t, "status")
		if want := map[bool]string{true: "booked", false: "cancelled"}[i < 2]; status != want {
			t.Errorf("occurrence %d is %s, want %s", i, status, want)
		}
	}
	// Someone else's series is not found.
	s.expect(t, http.StatusNotFound, call{method: "POST", path: "/api/v1/series/" + seriesID + "/cancel", token: dora,
		body: map[string]any{"from": "2026-10-15T10:00:00-04:00"}})
}

func toStrings(v any) []string {
	xs, _ := v.([]any)
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i], _ = x.(string)
	}
	return out
}

// A client cancels outside the cancellation window; inside it only the
// therapist may. Rescheduling keeps the id and refuses a taken slot.
func TestCancelAndReschedule(t *testing.T) {
	t.Parallel()
	s := schedulingSite(t) // Monday 08:00 EDT; the window is 24 hours
	p := s.newPractice(t, "ana@example.com", true)
	_, tok := s.client(t, "carla@example.com")
	_, dora := s.client(t, "dora@example.com")
	path := func(id, what string) string { return "/api/v1/appointments/" + id + "/" + what }

	far := s.book(t, tok, p, "2026-10-07T10:00:00-04:00")["id"].(string)
	r := s.expect(t, http.StatusOK, call{method: "POST", path: path(far, "cancel"), token: tok, body: map[string]any{"reason": "Feeling better"}}).json(t)
	if r["status"] != "cancelled" || r["id"] != far {
		t.Errorf("cancelled %v", r)
	}
	if _, late := r["late_cancel"]; late {
		t.Errorf("a cancellation outside the window is late: %v", r)
	}
	if again := s.expect(t, http.StatusConflict, call{method: "POST", path: path(far, "cancel"), token: tok, body: map[string]any{}}); again.problem(t) != "not-active" {
		t.Errorf("cancelling twice: %s", again.body)
	}

	near := s.book(t, tok, p, "2026-10-05T15:00:00-04:00")["id"].(string)
	w := s.expect(t, http.StatusConflict, call{method: "POST", path: path(near, "cancel"), token: tok, body: map[string]any{"reason": "Busy"}})
	if w.problem(t) != "cancel-window" || !strings.Contains(w.str(t, "detail"), "therapist") {
		t.Errorf("cancel inside the window: %s", w.body)
	}
	if w := s.expect(t, http.StatusConflict, call{method: "POST", path: path(near, "reschedule"), token: tok,
		body: map[string]any{"start": "2026-10-08T09:00:00-04:00"}}); w.problem(t) != "cancel-window" {
		t.Errorf("reschedule inside the window: %s", w.body)
	}
	if st := s.expect(t, http.StatusOK, call{method: "GET", path: "/api/v1/appointments/" + near, token: tok}).str(t, "status"); st != "booked" {
		t.Errorf("after refused changes the appointment is %s", st)
	}
	r = s.expect(t, http.StatusOK, call{method: "POST", path: path(near, "cancel"), token: p.token, body: map[string]any{"reason": "Ill"}}).json(t)
	if r["status"] != "cancelled" || r["late_cancel"] != true {
		t.Errorf("the therapist's late cancellation %v", r)
	}

	moving := s.book(t, tok, p, "2026-10-07T13:00:00-04:00")["id"].(string)
	moved := s.expect(t, http.StatusOK, call{method: "POST", path: path(moving, "reschedule"), token: tok,
		body: map[string]any{"start": "2026-10-08T13:00:00Z"}}).json(t)
	if moved["id"] != moving || moved["start"] != "2026-10-08T09:00:00-04:00" || moved["end"] != "2026-10-08T10:00:00-04:00" || moved["status"] != "booked" {
		t.Errorf("moved %v", moved)
	}
	if _, slots := s.slotsOf(t, p, "2026-10-07T13:00:00-04:00", "2026-10-07T13:15:00-04:00"); len(slots) != 1 {
		t.Error("the old time is not free again")
	}
	// Onto a taken slot: 409 with alternatives, and the appointment stays.
	s.book(t, dora, p, "2026-10-08T14:00:00-04:00")
	before := s.counts(t)
	taken := s.expect(t, http.StatusConflict, call{method: "POST", path: path(moving, "reschedule"), token: tok,
		body: map[string]any{"start": "2026-10-08T14:00:00-04:00"}})
	if alts, _ := taken.json(t)["alternatives"].([]any); taken.problem(t) != "slot-taken" || len(alts) == 0 {
		t.Errorf("reschedule onto a taken slot: %s", taken.body)
	}
	if got := s.expect(t, http.StatusOK, call{method: "GET", path: "/api/v1/appointments/" + moving, token: tok}).json(t); got["start"] != moved["start"] {
		t.Errorf("after a refused move %v", got)
	}
	// Onto its own time, or nearby overlapping itself, is fine.
	if got := s.expect(t, http.StatusOK, call{method: "POST", path: path(moving, "reschedule"), token: tok,
		body: map[string]any{"start": "2026-10-08T09:30:00-04:00"}}).json(t); got["start"] != "2026-10-08T09:30:00-04:00" {
		t.Errorf("moved by half an hour %v", got)
	}
	// The therapist may move an appointment inside the window.
	soon := s.book(t, tok, p, "2026-10-05T16:00:00-04:00")["id"].(string)
	if got := s.expect(t, http.StatusOK, call{method: "POST", path: path(soon, "reschedule"), token: p.token,
		body: map[string]any{"start": "2026-10-05T14:00:00-04:00"}}).json(t); got["start"] != "2026-10-05T14:00:00-04:00" || got["id"] != soon {
		t.Errorf("the therapist's move %v", got)
	}
	before["appointment"]++
	sameCounts(t, before, s.counts(t))

	// Another client's appointment is not found, whatever they do with it.
	for _, c := range []call{
		{method: "GET", path: "/api/v1/appointments/" + moving},
		{method: "POST", path: path(moving, "cancel"), body: map[string]any{}},
		{method: "POST", path: path(moving, "reschedule"), body: map[string]any{"start": "2026-10-09T09:00:00-04:00"}},
	} {
		c.token = dora
		if r := s.expect(t, http.StatusNotFound, c); r.problem(t) != "not-found" {
			t.Errorf("%s %s: %s", c.method, c.path, r.body)
		}
	}
	q := s.newPractice(t, "bea@example.com", true)
	s.expect(t, http.StatusNotFound, call{method: "GET", path: "/api/v1/appointments/" + moving, token: q.token})
	s.expect(t, http.StatusNotFound, call{method: "POST", path: path(moving, "no-show"), token: q.token})
	if got := s.expect(t, http.StatusOK, call{method: "GET", path: "/api/v1/appointments/" + moving, token: tok}).json(t); got["status"] != "booked" {
		t.Errorf("after others' attempts %v", got)
	}
}

// The therapist records a no-show once the session has started.
func TestNoShow(t *testing.T) {
	t.Parallel()
	s := schedulingSite(t)
	p := s.newPractice(t, "ana@example.com", true)
	_, tok := s.client(t, "carla@example.com")
	id := s.book(t, tok, p, "2026-10-06T10:00:00-04:00")["id"].(string)
	if r := s.expect(t, http.StatusConflict, call{method: "POST", path: "/api/v1/appointments/" + id + "/no-show", token: p.token}); r.problem(t) != "not-active" {
		t.Errorf("before the session: %s", r.body)
	}
	s.clock.Set(time.Date(2026, 10, 6, 14, 20, 0, 0, time.UTC)) // 10:20 EDT
	s.expect(t, http.StatusForbidden, call{method: "POST", path: "/api/v1/appointments/" + id + "/no-show", token: tok})
	got := s.expect(t, http.StatusOK, call{method: "POST", path: "/api/v1/appointments/" + id + "/no-show", token: p.token}).json(t)
	if got["status"] != "no_show" || got["id"] != id {
		t.Errorf("no-show %v", got)
	}
	if st := s.expect(t, http.StatusOK, call{method: "GET", path: "/api/v1/appointments/" + id, token: tok}).str(t, "status"); st != "no_show" {
		t.Errorf("status %s", st)
	}
	if r := s.expect(t, http.StatusConflict, call{method: "POST", path: "/api/v1/appointments/" + id + "/cancel", token: p.token, body: map[string]any{}}); r.problem(t) != "not-active" {
		t.Errorf("cancelling a no-show: %s", r.body)
	}
	// An appointment that has ended reads as completed.
	other := s.book(t, tok, p, "2026-10-06T13:00:00-04:00")["id"].(string)
	s.clock.Set(time.Date(2026, 10, 6, 18, 0, 0, 0, time.UTC)) // 14:00 EDT
	if st := s.expect(t, http.StatusOK, call{method: "GET", path: "/api/v1/appointments/" + other, token: tok}).str(t, "status"); st != "completed" {
		t.Errorf("an ended appointment is %s", st)
	}
}

// GET /appointments pages through the caller's own appointments by start
// with a cursor, and filters by from/to.
func TestListAppointments(t *testing.T) {
	t.Parallel()
	s := schedulingSite(t)
	p := s.newPractice(t, "ana@example.com", true)
	_, tok := s.client(t, "carla@example.com")
	_, dora := s.client(t, "dora@example.com")
	s.expect(t, http.StatusCreated, call{method: "POST", path: "/api/v1/series", token: tok, body: map[string]any{
		"therapist_id": p.id, "service_id": p.service, "start": "2026-10-08T10:00:00-04:00", "every_weeks": 1, "count": 5}})
	s.book(t, tok, p, "2026-10-07T09:00:00-04:00")
	s.book(t, tok, p, "2026-10-07T11:00:00-04:00")
	doras := s.book(t, dora, p, "2026-10-07T15:00:00-04:00")["id"].(string)

	all := s.myAppointments(t, tok, "limit=100")
	if len(all) != 7 {
		t.Fatalf("%d appointments, want 7", len(all))
	}
	for i := 1; i < len(all); i++ {
		if !mustTime(t, all[i]["start"].(string)).After(mustTime(t, all[i-1]["start"].(string))) {
			t.Errorf("not by start: %v then %v", all[i-1]["start"], all[i]["start"])
		}
	}
	if slices.Contains(ids(all), doras) {
		t.Error("another client's appointment is listed")
	}
	// Three pages of 3, 3 and 1, each with a cursor but the last.
	first := s.expect(t, http.StatusOK, call{method: "GET", path: "/api/v1/appointments?limit=3", token: tok}).json(t)
	if len(first["appointments"].([]any)) != 3 || first["next_cursor"] == nil {
		t.Errorf("first page %v", first)
	}
	paged := s.myAppointments(t, tok, "limit=3")
	if !slices.Equal(ids(paged), ids(all)) {
		t.Errorf("pages %v, want %v", ids(paged), ids(all))
	}
	if last := s.expect(t, http.StatusOK, call{method: "GET", path: "/api/v1/appointments", token: tok}).json(t); last["next_cursor"] != nil {
		t.Errorf("one page of 7 has a next cursor: %v", last["next_cursor"])
	}
	// from/to: half-open, in any offset.
	window := s.myAppointments(t, tok, url.Values{"from": {"2026-10-07T13:00:00Z"}, "to": {"2026-10-15T10:00:00-04:00"}, "limit": {"1"}}.Encode())
	if got := ids(window); !slices.Equal(got, ids(all)[0:3]) {
		t.Errorf("from/to %v, want %v", got, ids(all)[0:3])
	}
	// The therapist sees every appointment with them.
	if th := s.myAppointments(t, p.token, "limit=2"); len(th) != 8 {
		t.Errorf("the therapist sees %d, want 8", len(th))
	}
	// Without a token, 401.
	s.expect(t, http.StatusUnauthorized, call{method: "GET", path: "/api/v1/appointments", breaksContract: true})
}

// nightPractice is a practice open on Sundays from 00:00 to 04:00, across
// the hours the clocks change, with a two-year horizon.
func (s *site) nightPractice(t *testing.T, email string) practiceFix {
	t.Helper()
	p := s.newPractice(t, email, true)
	s.expect(t, http.StatusOK, call{method: "PUT", path: "/api/v1/me/hours", token: p.token, body: map[string]any{
		"location_id": p.location, "weekly": []map[string]string{{"weekday": "sunday", "start": "00:00", "end": "04:00"}}}})
	s.expect(t, http.StatusOK, call{method: "PUT", path: "/api/v1/me/booking-rules", token: p.token, body: map[string]any{
		"min_notice_hours": 2, "horizon_days": 730, "cancel_window_hours": 24}})
	return p
}

// A repeated local time is offered once (the first); a local time that
// does not exist is never offered.
func TestSlotsOnNightsTheClocksChange(t *testing.T) {
	t.Parallel()
	s := schedulingSite(t)
	p := s.nightPractice(t, "ana@example.com")

	// 2026-11-01: 01:00–02:00 happens twice (EDT, then EST).
	_, slots := s.slotsOf(t, p, "2026-11-01T00:00:00-04:00", "2026-11-02T00:00:00-05:00")
	want := []string{"2026-11-01T00:00:00-04:00", "2026-11-01T00:15:00-04:00", "2026-11-01T00:30:00-04:00", "2026-11-01T00:45:00-04:00",
		"2026-11-01T01:00:00-04:00", "2026-11-01T01:15:00-04:00", "2026-11-01T01:30:00-04:00", "2026-11-01T01:45:00-04:00",
		"2026-11-01T02:00:00-05:00", "2026-11-01T02:15:00-05:00", "2026-11-01T02:30:00-05:00", "2026-11-01T02:45:00-05:00",
		"2026-11-01T03:00:00-05:00"}
	if got := starts(slots); !slices.Equal(got, want) {
		t.Errorf("slots on 2026-11-01\n got %v\nwant %v", got, want)
	}
	for _, sl := range slots {
		if d := mustTime(t, sl["end"]).Sub(mustTime(t, sl["start"])); d != time.Hour {
			t.Errorf("slot %v lasts %v", sl, d)
		}
	}
	// 2027-03-14: 02:00–03:00 does not exist.
	_, slots = s.slotsOf(t, p, "2027-03-14T00:00:00-05:00", "2027-03-15T00:00:00-04:00")
	want = []string{"2027-03-14T00:00:00-05:00", "2027-03-14T00:15:00-05:00", "2027-03-14T00:30:00-05:00", "2027-03-14T00:45:00-05:00",
		"2027-03-14T01:00:00-05:00", "2027-03-14T01:15:00-05:00", "2027-03-14T01:30:00-05:00", "2027-03-14T01:45:00-05:00",
		"2027-03-14T03:00:00-04:00"}
	if got := starts(slots); !slices.Equal(got, want) {
		t.Errorf("slots on 2027-03-14\n got %v\nwant %v", got, want)
	}
}

// A series keeps its wall-clock time; where that time does not exist, the
// occurrence is a conflict, skipped on request.
func TestSeriesOnNightsTheClocksChange(t *testing.T) {
	t.Parallel()
	s := schedulingSite(t)
	p := s.nightPractice(t, "ana@example.com")
	_, tok := s.client(t, "carla@example.com")

	sr := s.expect(t, http.StatusCreated, call{method: "POST", path: "/api/v1/series", token: tok, body: map[string]any{
		"therapist_id": p.id, "service_id": p.service, "start": "2026-10-25T01:30:00-04:00", "every_weeks": 1, "count": 3}}).json(t)
	var got []string
	for _, a := range sr["appointments"].([]any) {
		got = append(got, a.(map[string]any)["start"].(string))
	}
	if want := []string{"2026-10-25T01:30:00-04:00", "2026-11-01T01:30:00-04:00", "2026-11-08T01:30:00-05:00"}; !slices.Equal(got, want) {
		t.Errorf("series across the repeated hour %v, want %v", got, want)
	}

	body := map[string]any{"therapist_id": p.id, "service_id": p.service, "start": "2027-03-07T02:30:00-05:00", "every_weeks": 1, "count": 3}
	before := s.counts(t)
	r := s.expect(t, http.StatusConflict, call{method: "POST", path: "/api/v1/series", token: tok, body: body})
	conflicts, _ := r.json(t)["conflicts"].([]any)
	if r.problem(t) != "series-conflict" || len(conflicts) != 1 {
		t.Fatalf("series across the missing hour: %s", r.body)
	}
	c := conflicts[0].(map[string]any)
	if start := mustTime(t, c["start"].(string)); localDay(t, start) != "2027-03-14" {
		t.Errorf("the conflict is at %v, want on 2027-03-14", c["start"])
	}
	sameCounts(t, before, s.counts(t))
	body["skip_conflicts"] = true
	sk := s.expect(t, http.StatusCreated, call{method: "POST", path: "/api/v1/series", token: tok, body: body}).json(t)
	got = nil
	for _, a := range sk["appointments"].([]any) {
		got = append(got, a.(map[string]any)["start"].(string))
	}
	skipped, _ := sk["skipped"].([]any)
	if want := []string{"2027-03-07T02:30:00-05:00", "2027-03-21T02:30:00-04:00"}; !slices.Equal(got, want) || len(skipped) != 1 {
		t.Fatalf("booked %v skipped %v, want %v and one skipped", got, skipped, want)
	}
	sk0 := skipped[0].(map[string]any)
	if st, _ := sk0["start"].(string); !strings.HasPrefix(st, "2027-03-14T") || !strings.HasSuffix(st, "-04:00") || sk0["reason"] == "" {
		t.Errorf("skipped %v: want 2027-03-14 in New York's offset, with a reason", sk0)
	}
}

func localDay(t *testing.T, at time.Time) string {
	t.Helper()
	return at.In(mustZone(t, "America/New_York")).Format(time.DateOnly)
}

// Time off and the booking rules shape the slots and what may be booked.
func TestTimeOffAndRules(t *testing.T) {
	t.Parallel()
	s := schedulingSite(t)
	p := s.newPractice(t, "ana@example.com", true)
	_, tok := s.client(t, "carla@example.com")

	s.expect(t, http.StatusCreated, call{method: "POST", path: "/api/v1/me/time-off", token: p.token, body: map[string]any{
		"location_id": p.location, "start": "2026-10-06T12:00:00-04:00", "end": "2026-10-06T14:00:00-04:00", "reason": "Dentist"}})
	s.expect(t, http.StatusCreated, call{method: "POST", path: "/api/v1/me/time-off", token: p.token, body: map[string]any{
		"start": "2026-10-07T00:00:00-04:00", "end": "2026-10-08T00:00:00-04:00"}})
	_, slots := s.slotsOf(t, p, "2026-10-06T09:00:00-04:00", "2026-10-08T00:00:00-04:00")
	for _, sl := range slots {
		st := mustTime(t, sl["start"])
		if st.After(mustTime(t, "2026-10-06T11:00:00-04:00")) && st.Before(mustTime(t, "2026-10-06T14:00:00-04:00")) {
			t.Errorf("slot %v runs into the time off", sl)
		}
		if localDay(t, st) == "2026-10-07" {
			t.Errorf("slot %v on a day off everywhere", sl)
		}
	}
	if len(slots) != 29-11 {
		t.Errorf("%d slots on Tuesday, want 18", len(slots))
	}
	r := s.expect(t, http.StatusUnprocessableEntity, call{method: "POST", path: "/api/v1/appointments", token: tok,
		body: map[string]any{"therapist_id": p.id, "service_id": p.service, "start": "2026-10-06T12:00:00-04:00"}})
	checkNotBookable(t, r, "start")

	// A 30-minute grid, no notice, a 7-day horizon.
	s.expect(t, http.StatusOK, call{method: "PUT", path: "/api/v1/me/booking-rules", token: p.token, body: map[string]any{
		"min_notice_hours": 0, "horizon_days": 7, "cancel_window_hours": 0, "grid_minutes": 30}})
	_, slots = s.slotsOf(t, p, "2026-10-05T00:00:00-04:00", "2026-10-06T00:00:00-04:00")
	if got := starts(slots); len(got) != 15 || got[0] != "2026-10-05T08:30:00-04:00" && got[0] != "2026-10-05T09:00:00-04:00" {
		t.Errorf("Monday on a 30-minute grid without notice: %v", got)
	}
	for _, sl := range slots {
		if mustTime(t, sl["start"]).Minute()%30 != 0 {
			t.Errorf("slot %v off the 30-minute grid", sl)
		}
	}
	s.book(t, tok, p, "2026-10-05T09:00:00-04:00")
	checkNotBookable(t, s.expect(t, http.StatusUnprocessableEntity, call{method: "POST", path: "/api/v1/appointments", token: tok,
		body: map[string]any{"therapist_id": p.id, "service_id": p.service, "start": "2026-10-05T10:15:00-04:00"}}), "start")
	checkNotBookable(t, s.expect(t, http.StatusUnprocessableEntity, call{method: "POST", path: "/api/v1/appointments", token: tok,
		body: map[string]any{"therapist_id": p.id, "service_id": p.service, "start": "2026-10-12T10:00:00-04:00"}}), "start")
	// With no cancellation window the client may cancel an hour before.
	id := s.book(t, tok, p, "2026-10-05T10:30:00-04:00")["id"].(string)
	s.expect(t, http.StatusOK, call{method: "POST", path: "/api/v1/appointments/" + id + "/cancel", token: tok, body: map[string]any{}})
}

// Cancelling a series from its first occurrence: a client's occurrences
// inside the cancellation window are kept and listed; the therapist's are
// cancelled.
func TestSeriesCancelKeepsWhatIsInsideTheWindow(t *testing.T) {
	t.Parallel()
	s := schedulingSite(t)
	p := s.newPractice(t, "ana@example.com", true)
	_, tok := s.client(t, "carla@example.com")
	book := func(start string) (string, []string) {
		sr := s.expect(t, http.StatusCreated, call{method: "POST", path: "/api/v1/series", token: tok, body: map[string]any{
			"therapist_id": p.id, "service_id": p.service, "start": start, "every_weeks": 1, "count": 3}}).json(t)
		var ids []string
		for _, a := range sr["appointments"].([]any) {
			ids = append(ids, a.(map[string]any)["id"].(string))
		}
		return sr["id"].(string), ids
	}
	mine, mineIDs := book("2026-10-06T10:00:00-04:00")
	theirs, theirIDs := book("2026-10-06T14:00:00-04:00")
	s.clock.Set(time.Date(2026, 10, 5, 16, 0, 0, 0, time.UTC)) // 12:00 EDT, inside 24 hours of Tuesday's sessions

	r := s.expect(t, http.StatusOK, call{method: "POST", path: "/api/v1/series/" + mine + "/cancel", token: tok,
		body: map[string]any{"from": "2026-10-06T10:00:00-04:00"}}).json(t)
	if c, k := toStrings(r["cancelled"]), toStrings(r["kept"]); !slices.Equal(c, mineIDs[1:]) || !slices.Equal(k, mineIDs[:1]) {
		t.Errorf("the client's cancellation: %v", r)
	}
	r = s.expect(t, http.StatusOK, call{method: "POST", path: "/api/v1/series/" + theirs + "/cancel", token: p.token,
		body: map[string]any{"from": "2026-10-06T14:00:00-04:00", "reason": "Closing"}}).json(t)
	if c, k := toStrings(r["cancelled"]), toStrings(r["kept"]); !slices.Equal(c, theirIDs) || len(k) != 0 {
		t.Errorf("the therapist's cancellation: %v", r)
	}
	// Nothing is left to cancel: both lists are empty.
	r = s.expect(t, http.StatusOK, call{method: "POST", path: "/api/v1/series/" + theirs + "/cancel", token: p.token,
		body: map[string]any{"from": "2026-10-01T00:00:00Z"}}).json(t)
	if len(toStrings(r["cancelled"])) != 0 || len(toStrings(r["kept"])) != 0 {
		t.Errorf("cancelling again: %v", r)
	}
}
