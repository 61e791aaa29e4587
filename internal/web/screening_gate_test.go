package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/testkit"
)

// screenAs gives the client a new screening now, "no" but for set.
func (b *bookingSite) screenAs(email string, set map[string]string) {
	b.t.Helper()
	id, err := store.UserIDByEmail(context.Background(), b.s.DB.R(), email)
	if err != nil {
		b.t.Fatal(err)
	}
	testkit.Screened(b.t, b.s.DB.W(), id, b.clock.now(), set)
}

// A client's pages follow their screening: what it excludes is not
// offered, an emergency closes search and booking with its advice, and
// without a valid screening the booking page says to take it first.
func TestClientPagesFollowTheScreening(t *testing.T) {
	b := newBookingSite(t) // Anna offers deep tissue only
	profile := "/therapists/t-" + id64(b.therapistID)
	slot := "/therapists/" + id64(b.therapistID) + "/book?service=" + id64(b.service) + "&start=2026-10-05T10:00:00%2B02:00"
	tests := []struct {
		name    string
		set     map[string]string
		bare    bool
		page    string
		want    []string
		notWant []string
	}{
		{name: "clean: the slot is offered", page: profile, want: []string{`class="slot"`}},
		{name: "clean: the booking form", page: slot, want: []string{`>Book</button>`}},
		{name: "blood thinner: deep tissue not offered", set: map[string]string{"CI-03": "yes"}, page: profile,
			want: []string{"Not shown: Deep tissue"}, notWant: []string{`class="slot"`, "has no sessions"}},
		{name: "blood thinner: no booking form", set: map[string]string{"CI-03": "yes"}, page: slot,
			want: []string{"advises against deep tissue"}, notWant: []string{`>Book</button>`}},
		{name: "blood thinner: search leaves her out", set: map[string]string{"CI-03": "yes"}, page: "/therapists?place=Berlin",
			want: []string{"No therapist matches", "Not shown: Deep tissue"}},
		{name: "emergency: no search", set: map[string]string{"RF-01": "yes"}, page: "/therapists?place=Berlin",
			want: []string{"Call emergency services now", `href="/screening"`}, notWant: []string{`role="search"`, "search-results"}},
		{name: "emergency: no booking", set: map[string]string{"RF-01": "yes"}, page: profile,
			want: []string{"Call emergency services now"}, notWant: []string{`class="slot"`, `class="service`}},
		{name: "no screening: take it first", bare: true, page: slot,
			want: []string{"Take the safety screening first", `href="/screening"`}, notWant: []string{`>Book</button>`}},
		{name: "no screening: search still works", bare: true, page: "/therapists?place=Berlin", want: []string{"Therapists", "Take the safety screening first"}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			email := "c" + id64(int64(i)) + "@example.test"
			var c *browser
			if tt.bare {
				c = newBrowser(t, b.srv)
				c.signUp(email, "client")
			} else {
				c = b.client(email)
				if tt.set != nil {
					b.screenAs(email, tt.set)
				}
			}
			res, body := c.do("GET", tt.page, nil)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("%s: %d", tt.page, res.StatusCode)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("%s lacks %q", tt.page, w)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(body, w) {
					t.Errorf("%s shows %q", tt.page, w)
				}
			}
		})
	}
}

// Posting the booking form anyway is refused with the same notice.
func TestBookingFormRefusedByTheScreening(t *testing.T) {
	b := newBookingSite(t)
	c := b.client("ada@example.test")
	b.screenAs("ada@example.test", map[string]string{"RF-10": "yes"})
	res, body := b.book(c, b.at(5, 10), 0, 0, false)
	if res.StatusCode != http.StatusForbidden || !strings.Contains(body, "Booking is on hold") || b.live() != 0 {
		t.Fatalf("booking while blocked: %d, %d booked\n%.2000s", res.StatusCode, b.live(), body)
	}
}

// The therapist's calendar shows each client's limits and cautions, and
// the clearance they attested; each read is audited.
func TestCalendarShowsClientLimits(t *testing.T) {
	b := newBookingSite(t)
	c := b.client("ada@example.test")
	b.screenAs("ada@example.test", map[string]string{"RF-15": "yes", "CI-11": "not_sure"})
	b.mustBook(c, b.at(5, 10), 0, 0)
	_, body := b.therapist.do("GET", "/therapist/calendar?view=week&date=2026-10-05", nil)
	for _, w := range []string{"data-limits", "Screening: caution", "Cautions (2)", "Yes: Is the pain mainly in your upper back", "Not sure: "} {
		if !strings.Contains(body, w) {
			t.Errorf("calendar lacks %q", w)
		}
	}
	var n int
	if err := b.s.DB.R().QueryRowContext(context.Background(),
		`select count(*) from audit_event where record_type = 'screening' and action = 'read' and actor_id = $1`, b.therapistID).Scan(&n); err != nil || n != 1 {
		t.Errorf("%d audited reads by the therapist (%v), want 1", n, err)
	}
}

func id64(n int64) string { return strconv.FormatInt(n, 10) }

// A therapist booking for a blocked client from the calendar is told so on
// the form; a client joining a waitlist is told so on the waitlist form.
func TestBookingForOthersAndWaitingFollowTheScreening(t *testing.T) {
	b := newBookingSite(t)
	c := b.client("ada@example.test")
	b.screenAs("ada@example.test", map[string]string{"RF-10": "yes"})
	res, body := b.therapist.do("POST", "/therapist/calendar/book", url.Values{"client": {"ada@example.test"},
		"service": {id64(b.service)}, "start": {"2026-10-05T10:00"}})
	if res.StatusCode != http.StatusForbidden || !strings.Contains(body, "does not allow booking now") || b.live() != 0 {
		t.Errorf("therapist books for a blocked client: %d, %d booked", res.StatusCode, b.live())
	}
	res, body = c.do("POST", "/therapists/"+id64(b.therapistID)+"/waitlist", url.Values{"service": {id64(b.service)},
		"from": {"2026-10-05"}, "to": {"2026-10-10"}, "window_start": {"09:00"}, "window_end": {"12:00"}})
	if res.StatusCode != http.StatusForbidden || !strings.Contains(body, "Contact your doctor today") {
		t.Errorf("a blocked client joins a waitlist: %d\n%.1500s", res.StatusCode, body)
	}
}
