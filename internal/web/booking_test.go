package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/knead/knead/internal/booking"
	"github.com/knead/knead/internal/practice"
	"github.com/knead/knead/internal/screening"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/testkit"
	"github.com/knead/knead/internal/therapist"
)

// bookingSite is the web surface at a fixed time (Thursday 1 October 2026,
// 08:00 in Berlin) with one therapist in Berlin: 09:00–17:00 Monday to
// Saturday, a 60-minute service with a 15-minute buffer, a verified licence.
type bookingSite struct {
	t                    *testing.T
	s                    *Server
	srv                  *httptest.Server
	clock                *testClock
	therapist            *browser
	therapistID, service int64
	berlin               *time.Location
}

func newBookingSite(t *testing.T) *bookingSite {
	t.Helper()
	d := testkit.OpenDB(t)
	s := newSite(t, d)
	clock := &testClock{t: time.Date(2026, 10, 1, 6, 0, 0, 0, time.UTC)}
	s.Now, s.Booking, s.Practice = clock.now, booking.New(d, clock.now), practice.New(d, clock.now)
	s.Waitlist = testkit.Waitlist(t, d, s.Booking, s.Practice, clock.now)
	s.Calendar = booking.NewCalendar(s.Booking, s.Config.BaseURL)
	s.API.Booking, s.API.Practice, s.API.Waitlist, s.API.Calendar, s.API.Now = s.Booking, s.Practice, s.Waitlist, s.Calendar, clock.now
	s.API.Screening = screening.New(d, clock.now)
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	b := &bookingSite{t: t, s: s, srv: srv, clock: clock, therapist: newBrowser(t, srv)}
	b.berlin, _ = time.LoadLocation("Europe/Berlin")
	b.therapist.signUp("anna@example.test", "therapist")
	b.therapistID, b.service = addPractice(t, s, "anna@example.test", true)
	return b
}

// addPractice makes a therapist account bookable in Berlin.
func addPractice(t *testing.T, s *Server, email string, verified bool) (therapistID, serviceID int64) {
	t.Helper()
	ctx, q, now := context.Background(), s.DB.W(), s.Now()
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	id, err := store.UserIDByEmail(ctx, q, email)
	must(err)
	must(store.InsertTherapist(ctx, q, therapist.Profile{ID: id, Slug: fmt.Sprint("t-", id), PressureMin: 1, PressureMax: 4,
		YearsBackPain: 9}, now))
	loc, err := store.InsertLocation(ctx, q, therapist.Location{TherapistID: id, Name: "Praxis Mitte", Address: "Torstraße 1",
		City: "Berlin", TimeZone: "Europe/Berlin", Jurisdiction: "DE"}, now)
	must(err)
	svc, err := store.InsertService(ctx, q, therapist.Service{TherapistID: id, LocationID: loc, Name: "Deep tissue",
		Technique: "deep_tissue", DurationMinutes: 60, PriceAmount: 8000, Currency: "EUR", BufferMinutes: 15}, now)
	must(err)
	c := therapist.Credential{TherapistID: id, Kind: "licence", Number: "1", Jurisdiction: "DE", Issuer: "Amt",
		ExpiresOn: time.Date(2028, 6, 30, 0, 0, 0, 0, time.UTC), Status: "pending"}
	if verified {
		c.Status, c.VerifiedAt = "verified", &now
	}
	_, err = store.InsertCredential(ctx, q, c, now)
	must(err)
	var hours []store.HoursRow
	for wd := 1; wd <= 6; wd++ {
		hours = append(hours, store.HoursRow{LocationID: loc, Weekday: wd, StartMinute: 9 * 60, EndMinute: 17 * 60})
	}
	must(store.ReplaceWeeklyHours(ctx, q, id, loc, hours))
	return id, svc
}

// client signs a client up, with a clean safety screening so that they may
// book.
func (b *bookingSite) client(email string) *browser {
	c := newBrowser(b.t, b.srv)
	c.signUp(email, "client")
	id, err := store.UserIDByEmail(context.Background(), b.s.DB.R(), email)
	if err != nil {
		b.t.Fatal(err)
	}
	testkit.Screened(b.t, b.s.DB.W(), id, b.clock.now())
	return c
}

// at is a Berlin wall-clock time in October 2026, as RFC 3339.
func (b *bookingSite) at(day, hour int) string {
	return time.Date(2026, 10, day, hour, 0, 0, 0, b.berlin).Format(time.RFC3339)
}

// book posts the booking form: every 0 is one session.
func (b *bookingSite) book(c *browser, start string, every, count int, skip bool) (*http.Response, string) {
	b.t.Helper()
	form := url.Values{"service": {fmt.Sprint(b.service)}, "start": {start}, "every_weeks": {fmt.Sprint(every)},
		"count": {fmt.Sprint(count)}}
	if skip {
		form.Set("skip_conflicts", "yes")
	}
	return c.do("POST", fmt.Sprintf("/therapists/%d/book", b.therapistID), form)
}

func (b *bookingSite) mustBook(c *browser, start string, every, count int) {
	b.t.Helper()
	if res, body := b.book(c, start, every, count, false); res.StatusCode != http.StatusSeeOther ||
		res.Header.Get("Location") != "/appointments" {
		b.t.Fatalf("book %s every %d ×%d: %d\n%.3000s", start, every, count, res.StatusCode, body)
	}
}

func (b *bookingSite) live() int {
	var n int
	if err := b.s.DB.R().QueryRowContext(context.Background(),
		`select count(*) from appointment where status = 'booked'`).Scan(&n); err != nil {
		b.t.Fatal(err)
	}
	return n
}

var appointmentID = regexp.MustCompile(`data-appointment="(\d+)"`)

// appointmentIDs lists the appointments on "My appointments", in order.
func appointmentIDs(c *browser) []string {
	_, body := c.do("GET", "/appointments", nil)
	var out []string
	for _, m := range appointmentID.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

func wantIn(t *testing.T, what, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

func TestProfileShowsAWeekOfFreeTimes(t *testing.T) {
	b := newBookingSite(t)
	visitor := newBrowser(t, b.srv)
	profile := profileAt(t, b.s, b.therapistID)
	first := fmt.Sprintf("/therapists/%d/book?service=%d&amp;start=%s", b.therapistID, b.service,
		url.QueryEscape(b.at(1, 10))) // two hours' notice from 08:00
	tests := []struct {
		path   string
		status int
		wants  []string
	}{
		{profile, 200, []string{"Test Person", "Deep tissue", "80,00\u00a0€", "60 min", "Praxis Mitte, Berlin",
			"Licence verified on " + b.s.Now().UTC().Format("2 January 2006") + ", expires 30 June 2028", "Europe/Berlin (CEST)", "1–7 October 2026", "Thu 1 Oct", "Sign in to book",
			"/signin?next=%2Ftherapists%2F", first, "week=2026-10-08", "No free times"}},
		{profile + "?week=2026-10-08", 200, []string{"8–14 October 2026", "week=2026-10-01", "← Previous",
			url.QueryEscape(b.at(8, 9))}},
		{profile + "?week=2026-09-01", 200, []string{"1–7 October 2026"}}, // never before today
		{profile + "?service=999999", 404, nil},
		{"/therapists/999999", 404, nil},
		{"/therapists/abc", 404, nil},
		{profile + "x", 404, nil},
	}
	for _, tt := range tests {
		res, body := visitor.do("GET", tt.path, nil)
		if res.StatusCode != tt.status {
			t.Errorf("GET %s: %d, want %d", tt.path, res.StatusCode, tt.status)
		}
		wantIn(t, "GET "+tt.path, body, tt.wants...)
	}
	if _, body := visitor.do("GET", profile, nil); strings.Contains(body, url.QueryEscape(b.at(1, 9))) {
		t.Error("the profile offers 09:00 today, inside the two hours' notice")
	}
	// A therapist without a verified licence is not bookable online.
	unverified := newBrowser(t, b.srv)
	unverified.signUp("dirk@example.test", "therapist")
	id, _ := addPractice(t, b.s, "dirk@example.test", false)
	_, body := visitor.do("GET", profileAt(t, b.s, id), nil)
	wantIn(t, "unverified profile", body, "Online booking opens once", "not verified yet")
	if strings.Contains(body, `class="slot"`) {
		t.Error("an unverified therapist's profile offers times")
	}
}

func TestBookOneAndAWeeklySeriesThroughTheForms(t *testing.T) {
	b := newBookingSite(t)
	c := b.client("ada@example.test")
	page := fmt.Sprintf("/therapists/%d/book?service=%d&start=%s", b.therapistID, b.service, url.QueryEscape(b.at(5, 10)))
	res, body := c.do("GET", page, nil)
	if res.StatusCode != 200 {
		t.Fatalf("GET %s: %d", page, res.StatusCode)
	}
	wantIn(t, "booking page", body, "Confirm your session", "Monday 5 October 2026, 10:00–11:00", "80,00\u00a0€",
		"Every 2 weeks", `name="count"`)
	b.mustBook(c, b.at(5, 10), 0, 0)
	_, body = c.do("GET", "/appointments", nil)
	wantIn(t, "appointments after one booking", body, "Booked: Deep tissue with Test Person, Monday 5 October 2026, 10:00–11:00.",
		"Monday 5 October 2026, 10:00–11:00", "Praxis Mitte")

	b.mustBook(c, b.at(6, 14), 1, 6)
	_, body = c.do("GET", "/appointments", nil)
	wantIn(t, "appointments after a series", body, "Booked 6 sessions of Deep tissue", "Every week · Deep tissue with Test Person",
		"Tuesday 10 November 2026, 14:00–15:00", "Cancel this and all later")
	if n := strings.Count(body, "data-series="); n != 1 {
		t.Errorf("%d series blocks, want 1", n)
	}
	if got := len(appointmentIDs(c)); got != 7 {
		t.Errorf("%d appointments listed, want 7", got)
	}
	// Visitors are sent to sign in; therapists do not book from here.
	if res, _ := newBrowser(t, b.srv).do("GET", page, nil); res.StatusCode != 303 {
		t.Errorf("visitor on the booking page: %d, want a redirect to sign in", res.StatusCode)
	}
	if res, _ := b.therapist.do("GET", page, nil); res.StatusCode != 403 {
		t.Errorf("therapist on the booking page: %d, want 403", res.StatusCode)
	}
}

func TestTakenSlotOffersAlternatives(t *testing.T) {
	b := newBookingSite(t)
	b.mustBook(b.client("ada@example.test"), b.at(5, 10), 0, 0)
	ben := b.client("ben@example.test")
	res, body := b.book(ben, b.at(5, 10), 0, 0, false)
	if res.StatusCode != http.StatusConflict {
		t.Fatalf("taken slot: %d", res.StatusCode)
	}
	wantIn(t, "taken slot page", body, "This time cannot be booked", "just booked by someone else",
		"These times are free nearby", "Book Monday 5 October at 11:15", `value="2026-10-05T11:15:00&#43;02:00"`)
	b.mustBook(ben, "2026-10-05T11:15:00+02:00", 0, 0) // the one-click choice posts this
	if b.live() != 2 {
		t.Errorf("%d live appointments, want 2", b.live())
	}
}

func TestSeriesConflictSavesNothingUntilSkipIsConfirmed(t *testing.T) {
	b := newBookingSite(t)
	ada := b.client("ada@example.test")
	b.mustBook(ada, b.at(12, 10), 0, 0)
	b.mustBook(ada, b.at(26, 10), 0, 0)
	ben := b.client("ben@example.test")
	res, body := b.book(ben, b.at(5, 10), 1, 6, false)
	if res.StatusCode != http.StatusConflict {
		t.Fatalf("series with conflicts: %d", res.StatusCode)
	}
	wantIn(t, "conflict page", body, "Some of these sessions cannot be booked", "Monday 12 October at 10:00",
		"Monday 26 October at 10:00", "Free nearby: 11:15, 11:30", "Nothing has been booked yet",
		"Book the 4 sessions that are free and leave out the 2 above?", "Book the others, skip these", `name="skip_conflicts" value="yes"`)
	if b.live() != 2 {
		t.Fatalf("%d live appointments after a refused series, want 2: nothing saved", b.live())
	}
	if res, body := b.book(ben, b.at(5, 10), 1, 6, true); res.StatusCode != 303 {
		t.Fatalf("skip conflicts: %d\n%.2000s", res.StatusCode, body)
	}
	_, body = ben.do("GET", "/appointments", nil)
	wantIn(t, "flash after skipping", body, "Booked 4 sessions", "Skipped: Monday 12 October, Monday 26 October.")
	if b.live() != 6 {
		t.Errorf("%d live appointments, want 6", b.live())
	}
}

func TestFormatMoney(t *testing.T) {
	for _, tt := range []struct {
		amount   int64
		currency string
		want     string
	}{
		{9000, "USD", "$90.00"}, {9000, "EUR", "90,00\u00a0€"}, {123456, "GBP", "£1,234.56"}, {123456, "EUR", "1.234,56\u00a0€"},
		{5, "CAD", "CA$0.05"}, {9000, "JPY", "¥9,000"}, {9000, "XYZ", "90.00\u00a0XYZ"}, {0, "usd", "$0.00"},
	} {
		if got := formatMoney(tt.amount, tt.currency); got != tt.want {
			t.Errorf("formatMoney(%d, %s) = %q, want %q", tt.amount, tt.currency, got, tt.want)
		}
	}
}

// The profile's free times come from the same engine as booking: a booked
// time disappears from the week.
func TestProfileHidesBookedTimes(t *testing.T) {
	b := newBookingSite(t)
	b.mustBook(b.client("ada@example.test"), b.at(5, 10), 0, 0)
	_, body := newBrowser(t, b.srv).do("GET", profileAt(t, b.s, b.therapistID)+"?week=2026-10-05", nil)
	for _, taken := range []string{b.at(5, 10), "2026-10-05T10:30:00+02:00", "2026-10-05T11:00:00+02:00"} {
		if strings.Contains(body, url.QueryEscape(taken)) {
			t.Errorf("the profile still offers %s", taken)
		}
	}
	wantIn(t, "profile", body, url.QueryEscape("2026-10-05T11:15:00+02:00"))
}

// A series may run until a date (inclusive) instead of a number of sessions.
func TestBookSeriesUntilADate(t *testing.T) {
	b := newBookingSite(t)
	c := b.client("until@example.test")
	form := url.Values{"service": {fmt.Sprint(b.service)}, "start": {b.at(5, 10)}, "every_weeks": {"1"},
		"count": {"6"}, "until": {"2026-10-26"}}
	res, body := c.do("POST", fmt.Sprintf("/therapists/%d/book", b.therapistID), form)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("series until 26 October: %d\n%.2000s", res.StatusCode, body)
	}
	if n := b.live(); n != 4 { // 5, 12, 19 and 26 October: the date replaces the count
		t.Fatalf("%d sessions booked, want 4", n)
	}
	form.Set("until", "26/10/2026")
	form.Set("start", b.at(6, 10))
	if res, body := c.do("POST", fmt.Sprintf("/therapists/%d/book", b.therapistID), form); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(body, "Give the last date as YYYY-MM-DD") {
		t.Fatalf("a bad end date: %d", res.StatusCode)
	}
}
