package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/therapist"
)

func TestCancelRescheduleAndTheCancellationWindow(t *testing.T) {
	b := newBookingSite(t)
	c := b.client("ada@example.test")
	b.mustBook(c, b.at(2, 10), 0, 0) // Friday, 26 hours away
	b.mustBook(c, b.at(5, 10), 1, 4)
	ids := appointmentIDs(c)
	if len(ids) != 5 {
		t.Fatalf("appointments %v, want 5", ids)
	}
	soon, first, second := ids[0], ids[1], ids[2]

	res, body := c.do("GET", "/appointments/"+first+"/reschedule", nil)
	wantIn(t, "reschedule page", body, "Move a session", `name="start" value="`+strings.ReplaceAll(b.at(2, 12), "+", "&#43;")+`"`, `type="datetime-local"`)
	if res.StatusCode != 200 {
		t.Fatalf("reschedule page: %d", res.StatusCode)
	}
	if res, _ := c.do("POST", "/appointments/"+first+"/reschedule", url.Values{"start": {b.at(7, 15)}}); res.StatusCode != 303 {
		t.Fatalf("reschedule to a free time: %d", res.StatusCode)
	}
	if res, _ := c.do("POST", "/appointments/"+second+"/reschedule", url.Values{"local": {"2026-10-13T16:00"}}); res.StatusCode != 303 {
		t.Fatalf("reschedule by date and time: %d", res.StatusCode)
	}
	_, body = c.do("GET", "/appointments", nil)
	wantIn(t, "after moving", body, "Moved: Deep tissue is now Tuesday 13 October 2026, 16:00–17:00.",
		"Wednesday 7 October 2026, 15:00–16:00")
	res, body = c.do("POST", "/appointments/"+second+"/reschedule", url.Values{"local": {"2026-10-07T15:30"}})
	wantIn(t, "moving onto a taken time", body, "The session was not moved", "Move to ")
	if res.StatusCode != http.StatusConflict {
		t.Errorf("moving onto a taken time: %d, want 409", res.StatusCode)
	}

	if res, _ := c.do("POST", "/appointments/"+first+"/cancel", url.Values{"reason": {"Feeling better"}}); res.StatusCode != 303 {
		t.Fatalf("cancel: %d", res.StatusCode)
	}
	_, body = c.do("GET", "/appointments", nil)
	wantIn(t, "after cancelling", body, "Cancelled: Deep tissue, Wednesday 7 October 2026", "status--cancelled", "Feeling better")

	b.clock.advance(3 * time.Hour) // Friday 10:00 is now 23 hours away: inside the 24-hour window
	_, body = c.do("GET", "/appointments", nil)
	wantIn(t, "inside the window", body, "less than 24 hours away. To cancel or move it, please contact your therapist.")
	if strings.Contains(body, `action="/appointments/`+soon+`/cancel"`) {
		t.Error("a session inside the window still offers the cancel form")
	}
	res, body = c.do("POST", "/appointments/"+soon+"/cancel", url.Values{})
	if res.StatusCode != http.StatusConflict {
		t.Errorf("cancel inside the window: %d, want 409", res.StatusCode)
	}
	wantIn(t, "refused cancel", body, "That change was not made", "Please contact your therapist.")

	res, _ = c.do("POST", "/series/0/cancel", url.Values{"from": {b.at(12, 10)}})
	if res.StatusCode != 404 {
		t.Errorf("cancel series 0: %d, want 404", res.StatusCode)
	}
}

func TestSeriesCancelThisAndLater(t *testing.T) {
	b := newBookingSite(t)
	c := b.client("ada@example.test")
	b.mustBook(c, b.at(5, 10), 1, 6)
	_, body := c.do("GET", "/appointments", nil)
	series := regexp.MustCompile(`/series/(\d+)/cancel`).FindStringSubmatch(body)
	if series == nil {
		t.Fatal("no series cancel form")
	}
	res, _ := c.do("POST", "/series/"+series[1]+"/cancel", url.Values{"from": {b.at(19, 10)}, "reason": {"Moving"}})
	if res.StatusCode != 303 {
		t.Fatalf("cancel series: %d", res.StatusCode)
	}
	_, body = c.do("GET", "/appointments", nil)
	wantIn(t, "after cancelling the rest", body, "Cancelled 4 sessions.")
	if b.live() != 2 {
		t.Errorf("%d live, want 2", b.live())
	}
}

func TestOthersAppointmentsAndTheCalendarAreOutOfReach(t *testing.T) {
	b := newBookingSite(t)
	ada, ben := b.client("ada@example.test"), b.client("ben@example.test")
	b.mustBook(ada, b.at(5, 10), 1, 2)
	id := appointmentIDs(ada)[0]
	_, body := ada.do("GET", "/appointments", nil)
	series := regexp.MustCompile(`/series/(\d+)/cancel`).FindStringSubmatch(body)[1]
	tests := []struct {
		who          *browser
		method, path string
		form         url.Values
		status       int
	}{
		{ben, "GET", "/appointments/" + id + "/reschedule", nil, 404},
		{ben, "POST", "/appointments/" + id + "/reschedule", url.Values{"start": {b.at(7, 10)}}, 404},
		{ben, "POST", "/appointments/" + id + "/reschedule", url.Values{"local": {"2026-10-07T10:00"}}, 404},
		{ben, "POST", "/appointments/" + id + "/cancel", url.Values{}, 404},
		{ben, "POST", "/series/" + series + "/cancel", url.Values{"from": {b.at(5, 10)}}, 404},
		{ben, "POST", "/appointments/" + id + "/no-show", url.Values{}, 403},
		{ben, "GET", "/therapist/calendar", nil, 403},
		{ben, "POST", "/therapist/calendar/book", url.Values{}, 403},
		{b.therapist, "GET", "/appointments", nil, 403},
		{newBrowser(t, b.srv), "GET", "/appointments", nil, 303},
	}
	for _, tt := range tests {
		if res, _ := tt.who.do(tt.method, tt.path, tt.form); res.StatusCode != tt.status {
			t.Errorf("%s %s: %d, want %d", tt.method, tt.path, res.StatusCode, tt.status)
		}
	}
	if ids := appointmentIDs(ben); len(ids) != 0 {
		t.Errorf("ben sees appointments %v", ids)
	}
	if b.live() != 2 {
		t.Errorf("%d live appointments, want ada's 2 untouched", b.live())
	}
}

func TestTherapistCalendar(t *testing.T) {
	b := newBookingSite(t)
	ada := b.client("ada@example.test")
	b.mustBook(ada, b.at(5, 10), 0, 0)
	res, body := b.therapist.do("GET", "/therapist/calendar?view=week&date=2026-10-07", nil)
	if res.StatusCode != 200 {
		t.Fatalf("calendar: %d", res.StatusCode)
	}
	wantIn(t, "week view", body, "5–11 October 2026", "Monday 5 October", "10:00–11:00", "Test Person",
		"email not verified", "Deep tissue", "Booked", "Europe/Berlin", "Book for a client", "Actions")
	// Book for a client by email, then the day view shows both.
	res, body = b.therapist.do("POST", "/therapist/calendar/book", url.Values{"client": {"ADA@example.test"},
		"service": {fmt.Sprint(b.service)}, "start": {"2026-10-05T14:00"}})
	if res.StatusCode != 303 || res.Header.Get("Location") != "/therapist/calendar?view=day&date=2026-10-05" {
		t.Fatalf("book for a client: %d %s\n%.2000s", res.StatusCode, res.Header.Get("Location"), body)
	}
	_, body = b.therapist.do("GET", "/therapist/calendar?view=day&date=2026-10-05", nil)
	wantIn(t, "day view", body, "Monday 5 October 2026", "Booked: Deep tissue for Test Person", "14:00–15:00", "2 appointments")
	tests := []struct {
		form   url.Values
		status int
		want   string
	}{
		{url.Values{"client": {"nobody@example.test"}, "service": {fmt.Sprint(b.service)}, "start": {"2026-10-06T10:00"}}, 422,
			"No client account has this email address or id."},
		{url.Values{"client": {"anna@example.test"}, "service": {fmt.Sprint(b.service)}, "start": {"2026-10-06T10:00"}}, 422,
			"No client has this id."},
		{url.Values{"client": {"ada@example.test"}, "service": {fmt.Sprint(b.service)}, "start": {"2026-10-05T10:30"}}, 409,
			"Book Monday 5 October at 11:15"},
		{url.Values{"client": {"ada@example.test"}, "service": {"0"}, "start": {""}}, 422, "Choose one of your services."},
	}
	for _, tt := range tests {
		res, body := b.therapist.do("POST", "/therapist/calendar/book", tt.form)
		if res.StatusCode != tt.status || !strings.Contains(body, tt.want) {
			t.Errorf("book %v: %d, want %d with %q", tt.form, res.StatusCode, tt.status, tt.want)
		}
	}
	if b.live() != 2 {
		t.Errorf("%d live appointments, want 2", b.live())
	}
	// Once a session has started, the therapist may record a no-show
	// (signing in again: therapists are signed out after 15 idle minutes).
	id := appointmentIDs(ada)[0]
	if res, _ := b.therapist.do("POST", "/appointments/"+id+"/no-show", url.Values{}); res.StatusCode != http.StatusConflict {
		t.Errorf("no-show before the start: %d, want 409", res.StatusCode)
	}
	b.clock.advance(4*24*time.Hour + 150*time.Minute) // Monday 5 October, 10:30
	b.therapist.do("POST", "/signin", url.Values{"email": {"anna@example.test"}, "password": {"a calm long password"}})
	if res, _ := b.therapist.do("POST", "/appointments/"+id+"/no-show",
		url.Values{"next": {"/therapist/calendar?view=day&date=2026-10-05"}}); res.StatusCode != 303 {
		t.Fatalf("no-show: %d", res.StatusCode)
	}
	_, body = b.therapist.do("GET", "/therapist/calendar?view=day&date=2026-10-05", nil)
	wantIn(t, "after a no-show", body, "is marked as a no-show", "status--no_show")
}

// A session at a location in another zone sits on its own local date, at
// its local time, with that zone named.
func TestCalendarShowsEachLocationsOwnDate(t *testing.T) {
	b := newBookingSite(t)
	b.client("ada@example.test")
	ctx, q, now := context.Background(), b.s.DB.W(), b.s.Now()
	la, _ := time.LoadLocation("America/Los_Angeles")
	loc, err := store.InsertLocation(ctx, q, therapist.Location{TherapistID: b.therapistID, Name: "Venice studio",
		Address: "1 Ocean Front Walk", TimeZone: "America/Los_Angeles", Jurisdiction: "US-CA"}, now)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := store.InsertService(ctx, q, therapist.Service{TherapistID: b.therapistID, LocationID: loc, Name: "Evening Thai",
		Technique: "thai", DurationMinutes: 60, PriceAmount: 9000, Currency: "USD"}, now)
	if err != nil {
		t.Fatal(err)
	}
	client, err := store.UserIDByEmail(ctx, q, "ada@example.test")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 10, 5, 20, 0, 0, 0, la) // Tuesday 6 October, 05:00 in Berlin
	if _, err := store.InsertAppointment(ctx, q, store.Appointment{TherapistID: b.therapistID, ClientID: client, ServiceID: svc,
		LocationID: loc, Start: start, End: start.Add(time.Hour), BlocksUntil: start.Add(time.Hour), Status: "booked",
		CreatedBy: client}, now); err != nil {
		t.Fatal(err)
	}
	_, body := b.therapist.do("GET", "/therapist/calendar?view=day&date=2026-10-05", nil)
	wantIn(t, "Monday in Berlin's calendar", body, "Monday 5 October 2026", "8:00 PM–9:00 PM <span class=\"muted\">America/Los_Angeles (PDT)</span>",
		"Evening Thai", "1 appointment")
	_, body = b.therapist.do("GET", "/therapist/calendar?view=day&date=2026-10-06", nil)
	if strings.Contains(body, "8:00 PM") || !strings.Contains(body, "0 appointments") {
		t.Error("the Venice session shows on Tuesday, its date in Berlin")
	}
}
