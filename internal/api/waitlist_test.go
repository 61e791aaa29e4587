package api_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// tuesdayTen is the only start of a 60-minute session inside a 10:00-11:00
// window on Tuesday 2026-10-06 in New York.
const tuesdayTen = "2026-10-06T10:00:00-04:00"

func (s *site) join(t *testing.T, token string, p practiceFix) map[string]any {
	t.Helper()
	return s.expect(t, http.StatusCreated, call{method: "POST", path: "/api/v1/waitlist", token: token,
		body: map[string]any{"therapist_id": p.id, "service_id": p.service, "from": "2026-10-06", "to": "2026-10-07",
			"time_window": "10:00-11:00"}}).json(t)
}

// entry is the caller's only waitlist entry.
func (s *site) entry(t *testing.T, token string) map[string]any {
	t.Helper()
	entries := s.expect(t, http.StatusOK, call{method: "GET", path: "/api/v1/waitlist", token: token}).json(t)["entries"].([]any)
	if len(entries) != 1 {
		t.Fatalf("%d waitlist entries, want 1", len(entries))
	}
	return entries[0].(map[string]any)
}

func offerID(t *testing.T, e map[string]any) string {
	t.Helper()
	o, ok := e["offer"].(map[string]any)
	if !ok {
		t.Fatalf("no offer: %v", e)
	}
	return o["id"].(string)
}

func TestWaitlistOfferOnCancellation(t *testing.T) {
	t.Parallel()
	s := schedulingSite(t)
	p := s.newPractice(t, "ana@example.com", true)
	_, first := s.client(t, "first@example.com")
	_, waiter := s.client(t, "waiter@example.com")
	_, other := s.client(t, "other@example.com")
	taken := s.book(t, first, p, tuesdayTen)

	if e := s.join(t, waiter, p); e["status"] != "waiting" || e["offer"] != nil || e["time_window"] != "10:00-11:00" {
		t.Fatalf("joined: %v", e)
	}
	s.expect(t, http.StatusOK, call{method: "POST", path: "/api/v1/appointments/" + taken["id"].(string) + "/cancel", token: first,
		body: map[string]any{"reason": "away"}})
	e := s.entry(t, waiter)
	offer := e["offer"].(map[string]any)
	if e["status"] != "offered" || offer["start"] != tuesdayTen || offer["expires_at"] != "2026-10-05T12:30:00Z" {
		t.Fatalf("after the cancellation: %v", e)
	}
	if n := s.countWhere(t, "job_outbox", "kind = 'waitlist_offer_expire'"); n != 1 {
		t.Errorf("%d expiry jobs, want 1", n)
	}
	// The held slot blocks it like a booking.
	r := s.expect(t, http.StatusConflict, call{method: "POST", path: "/api/v1/appointments", token: other,
		body: map[string]any{"therapist_id": p.id, "service_id": p.service, "start": tuesdayTen}})
	if r.problem(t) != "slot-taken" {
		t.Errorf("booking held time: %s", r.problem(t))
	}
	// Only the client it is for can answer it.
	s.expect(t, http.StatusNotFound, call{method: "POST", path: "/api/v1/waitlist/offers/" + offer["id"].(string) + "/accept", token: other})
	a := s.expect(t, http.StatusCreated, call{method: "POST", path: "/api/v1/waitlist/offers/" + offer["id"].(string) + "/accept",
		token: waiter}).json(t)
	if a["status"] != "booked" || a["start"] != tuesdayTen {
		t.Errorf("accepted: %v", a)
	}
	if e := s.entry(t, waiter); e["status"] != "booked" || e["offer"] != nil {
		t.Errorf("after accepting: %v", e)
	}
	r = s.expect(t, http.StatusConflict, call{method: "POST", path: "/api/v1/waitlist/offers/" + offer["id"].(string) + "/decline", token: waiter})
	if r.problem(t) != "offer-expired" {
		t.Errorf("declining an accepted offer: %s", r.problem(t))
	}
}

func TestWaitlistDeclineAndExpiryPassItOn(t *testing.T) {
	t.Parallel()
	s := schedulingSite(t)
	p := s.newPractice(t, "ana@example.com", true)
	_, first := s.client(t, "first@example.com")
	_, second := s.client(t, "second@example.com")
	_, third := s.client(t, "third@example.com")
	taken := s.book(t, first, p, tuesdayTen)
	s.join(t, second, p)
	s.join(t, third, p)
	s.expect(t, http.StatusOK, call{method: "POST", path: "/api/v1/appointments/" + taken["id"].(string) + "/cancel", token: first,
		body: map[string]any{}})
	if s.entry(t, third)["offer"] != nil {
		t.Fatal("the second in line got the first offer")
	}
	// Declined, it passes to the next; the decliner keeps waiting.
	s.expect(t, http.StatusOK, call{method: "POST", path: "/api/v1/waitlist/offers/" + offerID(t, s.entry(t, second)) + "/decline", token: second})
	if e := s.entry(t, second); e["status"] != "waiting" || e["offer"] != nil {
		t.Errorf("the decliner: %v", e)
	}
	id := offerID(t, s.entry(t, third))
	// Expired, it is refused and passes on — to nobody: the one ahead
	// turned this slot down already.
	s.clock.Advance(31 * time.Minute)
	r := s.expect(t, http.StatusConflict, call{method: "POST", path: "/api/v1/waitlist/offers/" + id + "/accept", token: third})
	if r.problem(t) != "offer-expired" {
		t.Errorf("accepting late: %s", r.problem(t))
	}
	n, _ := strconv.ParseInt(id, 10, 64)
	if err := s.web.Waitlist.Expire(context.Background(), n); err != nil {
		t.Fatal(err)
	}
	if e := s.entry(t, third); e["status"] != "waiting" || e["offer"] != nil {
		t.Errorf("after the expiry: %v", e)
	}
	if e := s.entry(t, second); e["offer"] != nil {
		t.Errorf("a declined slot was offered again: %v", e)
	}
	// Free again, anyone may book it.
	_, other := s.client(t, "other@example.com")
	s.book(t, other, p, tuesdayTen)
}

func TestWaitlistBadInput(t *testing.T) {
	t.Parallel()
	s := schedulingSite(t)
	p := s.newPractice(t, "ana@example.com", true)
	q := s.newPractice(t, "bea@example.com", true)
	_, client := s.client(t, "cleo@example.com")
	body := func(k, v string) map[string]any {
		b := map[string]any{"therapist_id": p.id, "service_id": p.service, "from": "2026-10-06", "to": "2026-10-07",
			"time_window": "10:00-11:00"}
		b[k] = v
		return b
	}
	for _, tt := range []struct {
		name, field string
		body        map[string]any
	}{
		{"from not a date", "from", body("from", "06/10/2026")},
		{"to before from", "to", body("to", "2026-10-05")},
		{"window backwards", "time_window", body("time_window", "11:00-10:00")},
		{"window typo", "time_window", body("time_window", "10.00-11.00")},
		{"another's service", "service_id", body("service_id", q.service)},
		{"over 180 days", "to", body("to", "2027-06-01")},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := s.expect(t, http.StatusUnprocessableEntity, call{method: "POST", path: "/api/v1/waitlist", token: client, body: tt.body, breaksContract: true})
			checkFields(t, r, tt.field)
		})
	}
	s.expect(t, http.StatusForbidden, call{method: "POST", path: "/api/v1/waitlist", token: p.token, body: body("from", "2026-10-06")})
	if n := s.count(t, "waitlist_entry"); n != 0 {
		t.Errorf("%d entries stored from bad input", n)
	}
}

// Accepting, expiring and booking the same held slot at once leave exactly
// one owner of it.
func TestWaitlistRaceLeavesOneOwner(t *testing.T) {
	t.Parallel()
	for _, late := range []bool{false, true} {
		s := schedulingSite(t)
		p := s.newPractice(t, "ana@example.com", true)
		_, first := s.client(t, "first@example.com")
		_, waiter := s.client(t, "waiter@example.com")
		_, next := s.client(t, "next@example.com")
		taken := s.book(t, first, p, tuesdayTen)
		s.join(t, waiter, p)
		s.join(t, next, p)
		s.expect(t, http.StatusOK, call{method: "POST", path: "/api/v1/appointments/" + taken["id"].(string) + "/cancel", token: first,
			body: map[string]any{}})
		id := offerID(t, s.entry(t, waiter))
		n, _ := strconv.ParseInt(id, 10, 64)
		if late {
			s.clock.Advance(30 * time.Minute)
		}
		bookers := make([]string, 8)
		for i := range bookers {
			_, bookers[i] = s.client(t, "booker"+strconv.Itoa(i)+"@example.com")
		}
		var wg sync.WaitGroup
		accepted := 0
		booked := make(chan int, len(bookers))
		wg.Go(func() {
			accepted = s.do(t, call{method: "POST", path: "/api/v1/waitlist/offers/" + id + "/accept", token: waiter}).status
		})
		wg.Go(func() {
			if err := s.web.Waitlist.Expire(context.Background(), n); err != nil {
				t.Error(err)
			}
		})
		for _, b := range bookers {
			wg.Go(func() {
				booked <- s.do(t, call{method: "POST", path: "/api/v1/appointments", token: b,
					body: map[string]any{"therapist_id": p.id, "service_id": p.service, "start": tuesdayTen}}).status
			})
		}
		wg.Wait()
		close(booked)
		// In time, the offer is accepted; late, it passes to the next in
		// line. Either way the slot never comes free for the bookers.
		if want := map[bool]int{false: http.StatusCreated, true: http.StatusConflict}[late]; accepted != want {
			t.Errorf("late=%v: accept answered %d, want %d", late, accepted, want)
		}
		for st := range booked {
			if st != http.StatusConflict {
				t.Errorf("late=%v: a booking of the held slot answered %d, want 409", late, st)
			}
		}
		if owners := s.liveAt(t, mustTime(t, tuesdayTen)); owners != 1 {
			t.Errorf("late=%v: %d live appointments at the slot, want 1", late, owners)
		}
	}
}

func (s *site) countWhere(t *testing.T, table, where string) int {
	t.Helper()
	var n int
	if err := s.db.R().QueryRowContext(context.Background(), "select count(*) from "+table+" where "+where).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// liveAt counts booked and held appointments starting at start.
func (s *site) liveAt(t *testing.T, start time.Time) int {
	t.Helper()
	var n int
	if err := s.db.R().QueryRowContext(context.Background(), `select count(*) from appointment
		where status in ('booked', 'held') and starts_at = $1`, start).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A client who waits for a standing weekly slot is offered one when a
// weekly series frees it — every week held, across the clocks going back —
// and accepting books them all as a series.
func TestWaitlistStandingSlot(t *testing.T) {
	t.Parallel()
	s := schedulingSite(t)
	p := s.newPractice(t, "ana@example.com", true)
	s.expect(t, http.StatusOK, call{method: "PUT", path: "/api/v1/me/hours", token: p.token, body: map[string]any{
		"location_id": p.location, "weekly": []map[string]string{{"weekday": "tuesday", "start": "09:00", "end": "17:00"}}}})
	_, regular := s.client(t, "regular@example.com")
	_, waiter := s.client(t, "waiter@example.com")
	series := s.expect(t, http.StatusCreated, call{method: "POST", path: "/api/v1/series", token: regular, body: map[string]any{
		"therapist_id": p.id, "service_id": p.service, "start": tuesdayTen, "every_weeks": 1, "count": 6}}).json(t)
	e := s.expect(t, http.StatusCreated, call{method: "POST", path: "/api/v1/waitlist", token: waiter, body: map[string]any{
		"therapist_id": p.id, "service_id": p.service, "from": "2026-10-13", "to": "2026-11-11", "time_window": "10:00-11:00",
		"weekly": true}}).json(t)
	if e["status"] != "waiting" || e["weekly"] != true {
		t.Fatalf("joined: %v", e)
	}
	s.expect(t, http.StatusOK, call{method: "POST", path: "/api/v1/series/" + series["id"].(string) + "/cancel", token: regular,
		body: map[string]any{"from": "2026-10-13T10:00:00-04:00", "reason": "moving away"}})
	offer := s.entry(t, waiter)["offer"].(map[string]any)
	if offer["weekly"] != true || offer["start"] != "2026-10-13T10:00:00-04:00" {
		t.Fatalf("offer: %v", offer)
	}
	a := s.expect(t, http.StatusCreated, call{method: "POST", path: "/api/v1/waitlist/offers/" + offer["id"].(string) + "/accept",
		token: waiter}).json(t)
	if a["series_id"] == nil {
		t.Errorf("the accepted standing slot is not a series: %v", a)
	}
	var starts []string
	for _, b := range s.myAppointments(t, waiter, "") {
		if b["status"] == "booked" {
			starts = append(starts, b["start"].(string))
		}
	}
	want := []string{"2026-10-13T10:00:00-04:00", "2026-10-20T10:00:00-04:00", "2026-10-27T10:00:00-04:00",
		"2026-11-03T10:00:00-05:00", "2026-11-10T10:00:00-05:00"}
	if strings.Join(starts, " ") != strings.Join(want, " ") {
		t.Errorf("booked %v, want %v", starts, want)
	}
}

// New hours are freed time too: extra hours on a Saturday are offered to
// the person waiting for one.
func TestWaitlistOfferOnNewHours(t *testing.T) {
	t.Parallel()
	s := schedulingSite(t)
	p := s.newPractice(t, "ana@example.com", true)
	_, waiter := s.client(t, "waiter@example.com")
	s.expect(t, http.StatusCreated, call{method: "POST", path: "/api/v1/waitlist", token: waiter, body: map[string]any{
		"therapist_id": p.id, "service_id": p.service, "from": "2026-10-10", "to": "2026-10-11", "time_window": "09:00-12:00"}})
	if e := s.entry(t, waiter); e["offer"] != nil {
		t.Fatalf("an offer on a Saturday without hours: %v", e)
	}
	s.expect(t, http.StatusCreated, call{method: "POST", path: "/api/v1/me/extra-hours", token: p.token,
		body: map[string]any{"location_id": p.location, "date": "2026-10-10", "start": "10:00", "end": "12:00"}})
	if o := s.entry(t, waiter)["offer"].(map[string]any); o["start"] != "2026-10-10T10:00:00-04:00" {
		t.Errorf("offer after extra hours: %v", o)
	}
}

// Leaving with an open offer lets the slot go to the next person, never
// back to the one leaving.
func TestWaitlistLeaveWithAnOffer(t *testing.T) {
	t.Parallel()
	s := schedulingSite(t)
	p := s.newPractice(t, "ana@example.com", true)
	_, first := s.client(t, "first@example.com")
	_, waiter := s.client(t, "waiter@example.com")
	_, next := s.client(t, "next@example.com")
	taken := s.book(t, first, p, tuesdayTen)
	e := s.join(t, waiter, p)
	s.join(t, next, p)
	s.expect(t, http.StatusOK, call{method: "POST", path: "/api/v1/appointments/" + taken["id"].(string) + "/cancel", token: first,
		body: map[string]any{}})
	s.expect(t, http.StatusNoContent, call{method: "DELETE", path: "/api/v1/waitlist/" + e["id"].(string), token: waiter})
	if got := s.entry(t, waiter); got["status"] != "left" || got["offer"] != nil {
		t.Errorf("the leaver: %v", got)
	}
	if o, ok := s.entry(t, next)["offer"].(map[string]any); !ok || o["start"] != tuesdayTen {
		t.Errorf("the next in line got no offer")
	}
	if n := s.liveAt(t, mustTime(t, tuesdayTen)); n != 1 {
		t.Errorf("%d live appointments at the slot, want the next person's hold", n)
	}
}
