package booking_test

import (
	"context"
	"path"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/booking"
	"github.com/knead/knead/internal/calendar/calendartest"
	"github.com/knead/knead/internal/store"
)

// changedSeries books a weekly 10:00 series from 13 October across the
// change to winter time on 25 October, with the 27 October session skipped
// (client2 holds it), the 20 October one cancelled and the 10 November one
// moved to 11 November at 14:00.
func (p *practice) changedSeries() booking.Series {
	p.t.Helper()
	ctx := context.Background()
	if _, err := p.book(p.client2, p.at(10, 27, 10, 30)); err != nil {
		p.t.Fatal(err)
	}
	s, err := p.series(p.at(10, 13, 10, 0), 1, 6, true)
	if err != nil || len(s.Appointments) != 5 || len(s.Skipped) != 1 {
		p.t.Fatalf("series: %d booked, %v skipped, %v", len(s.Appointments), s.Skipped, err)
	}
	if _, err := p.svc.Cancel(ctx, p.client, s.Appointments[1].ID, "away"); err != nil {
		p.t.Fatal(err)
	}
	if _, err := p.svc.Reschedule(ctx, p.client, s.Appointments[3].ID, p.at(11, 11, 14, 0)); err != nil {
		p.t.Fatal(err)
	}
	return s
}

// liveStarts lists the UTC starts of the actor's appointments that take
// place, as stored.
func (p *practice) liveStarts(actor *authz.Principal, f store.AppointmentFilter) []string {
	p.t.Helper()
	list, err := p.svc.List(context.Background(), actor, f)
	if err != nil {
		p.t.Fatal(err)
	}
	var out []string
	for _, a := range list {
		if a.Status != booking.StatusCancelled {
			out = append(out, a.Start.UTC().Format(time.RFC3339))
		}
	}
	slices.Sort(out)
	return out
}

func unfold(b []byte) string { return strings.ReplaceAll(string(b), "\r\n ", "") }

func TestSeriesFileHasWhatWasStored(t *testing.T) {
	p := newPractice(t)
	s := p.changedSeries()
	cal := booking.NewCalendar(p.svc, "https://knead.example/")
	b, err := cal.SeriesFile(context.Background(), p.client, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	text := unfold(b)
	for _, want := range []string{"UID:series-1@knead.example", "DTSTART;TZID=Europe/Berlin:20261013T100000",
		"DTEND;TZID=Europe/Berlin:20261013T110000", "RRULE:FREQ=WEEKLY;INTERVAL=1;COUNT=6",
		"EXDATE;TZID=Europe/Berlin:20261020T100000", "EXDATE;TZID=Europe/Berlin:20261027T100000",
		"EXDATE;TZID=Europe/Berlin:20261110T100000", "SUMMARY:Deep tissue with t@example.test",
		"LOCATION:Praxis\\, Torstraße 1\\, Berlin", "DTSTART:20261111T130000Z"} {
		if !strings.Contains(text, want+"\r\n") {
			t.Errorf("missing %q in\n%s", want, text)
		}
	}
	if n := strings.Count(text, "EXDATE"); n != 3 {
		t.Errorf("%d EXDATEs, want 3", n)
	}
	// Python's icalendar and dateutil find exactly the sessions knead stored.
	got := calendartest.LiveStarts(calendartest.Expand(t, b))
	want := p.liveStarts(p.client, store.AppointmentFilter{SeriesID: s.ID})
	if !slices.Equal(got, want) {
		t.Errorf("Python reads %v, knead stored %v\n%s", got, want, text)
	}
}

func TestCalendarFilesAreForThePeopleInThem(t *testing.T) {
	p := newPractice(t)
	ctx := context.Background()
	s := p.changedSeries()
	cal := booking.NewCalendar(p.svc, "http://127.0.0.1:8080")
	a := s.Appointments[0]
	if _, err := cal.AppointmentFile(ctx, p.client2, a.ID); apperr.From(err).Status != 404 {
		t.Errorf("another client's appointment: %v, want not-found", err)
	}
	if _, err := cal.SeriesFile(ctx, p.client2, s.ID); apperr.From(err).Status != 404 {
		t.Errorf("another client's series: %v, want not-found", err)
	}
	if _, err := cal.SeriesFile(ctx, p.client, s.ID+100); apperr.From(err).Status != 404 {
		t.Errorf("an unknown series: %v, want not-found", err)
	}
	b, err := cal.AppointmentFile(ctx, p.therapist, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if text := unfold(b); !strings.Contains(text, "SUMMARY:c@example.test – Deep tissue\r\n") ||
		!strings.Contains(text, "UID:appointment-2@127.0.0.1\r\n") || !strings.Contains(text, "DTSTART:20261013T080000Z\r\n") {
		t.Errorf("the therapist's file:\n%s", text)
	}
	b, err = cal.AppointmentFile(ctx, p.client, s.Appointments[1].ID)
	if err != nil || !strings.Contains(string(b), "STATUS:CANCELLED\r\n") {
		t.Errorf("a cancelled appointment: %v\n%s", err, b)
	}
}

func TestRescheduleRaisesSequence(t *testing.T) {
	p := newPractice(t)
	ctx := context.Background()
	a, err := p.book(p.client, p.at(10, 13, 10, 0))
	if err != nil {
		t.Fatal(err)
	}
	cal := booking.NewCalendar(p.svc, "https://knead.example")
	seq := func() string {
		b, err := cal.AppointmentFile(ctx, p.client, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		_, rest, _ := strings.Cut(string(b), "SEQUENCE:")
		n, _, _ := strings.Cut(rest, "\r\n")
		return n
	}
	if got := seq(); got != "0" {
		t.Errorf("a new appointment has SEQUENCE %s, want 0", got)
	}
	p.clock.t = p.clock.t.Add(90 * time.Minute)
	if _, err := p.svc.Reschedule(ctx, p.client, a.ID, p.at(10, 14, 10, 0)); err != nil {
		t.Fatal(err)
	}
	if got := seq(); got != "5400" {
		t.Errorf("after a reschedule 90 minutes later SEQUENCE is %s, want 5400", got)
	}
}

func TestFeedURLs(t *testing.T) {
	p := newPractice(t)
	ctx := context.Background()
	p.changedSeries()
	cal := booking.NewCalendar(p.svc, "https://knead.example")
	token := func(url string) string {
		if !strings.HasPrefix(url, "https://knead.example/calendar/") || !strings.HasSuffix(url, ".ics") {
			t.Fatalf("feed URL %q", url)
		}
		return strings.TrimSuffix(path.Base(url), ".ics")
	}
	url, err := cal.NewFeed(ctx, p.client)
	if err != nil {
		t.Fatal(err)
	}
	first := token(url)
	b, err := cal.Feed(ctx, first)
	if err != nil {
		t.Fatal(err)
	}
	// The client's sessions, cancelled ones marked so; not client2's.
	events := calendartest.Expand(t, b)
	if got, want := calendartest.LiveStarts(events), p.liveStarts(p.client, store.AppointmentFilter{}); !slices.Equal(got, want) {
		t.Errorf("the feed shows %v, knead stored %v", got, want)
	}
	if len(events) != 5 || !slices.ContainsFunc(events, func(e calendartest.Event) bool { return e.Status == "CANCELLED" }) {
		t.Errorf("the feed has %d events (want 5, one cancelled): %+v", len(events), events)
	}
	if _, at, err := cal.FeedCreated(ctx, p.client); !at || err != nil {
		t.Errorf("FeedCreated after NewFeed: %v, %v", at, err)
	}

	// A new URL replaces the old; revoking ends the new one.
	url, err = cal.NewFeed(ctx, p.client)
	if err != nil {
		t.Fatal(err)
	}
	second := token(url)
	for _, tc := range []struct{ name, token string }{{"replaced", first}, {"wrong", second[:42] + "x"},
		{"short", "abc"}, {"empty", ""}} {
		if _, err := cal.Feed(ctx, tc.token); apperr.From(err).Status != 404 {
			t.Errorf("%s token: %v, want not-found", tc.name, err)
		}
	}
	if _, err := cal.Feed(ctx, second); err != nil {
		t.Errorf("the new token: %v", err)
	}
	if err := cal.RevokeFeed(ctx, p.client); err != nil {
		t.Fatal(err)
	}
	if _, err := cal.Feed(ctx, second); apperr.From(err).Status != 404 {
		t.Errorf("a revoked token: %v, want not-found", err)
	}
	if _, at, _ := cal.FeedCreated(ctx, p.client); at {
		t.Error("FeedCreated after RevokeFeed: still there")
	}
	if err := cal.RevokeFeed(ctx, p.client); err != nil {
		t.Errorf("revoking twice: %v", err)
	}
	if _, err := cal.NewFeed(ctx, &authz.Principal{UserID: 1, Role: authz.RoleAdmin}); apperr.From(err).Status != 403 {
		t.Errorf("an admin's feed: %v, want forbidden", err)
	}
}

func TestTherapistFeedNamesClientsAndKeepsNinetyDays(t *testing.T) {
	p := newPractice(t)
	ctx := context.Background()
	p.changedSeries()
	cal := booking.NewCalendar(p.svc, "https://knead.example")
	url, err := cal.NewFeed(ctx, p.therapist)
	if err != nil {
		t.Fatal(err)
	}
	p.clock.t = time.Date(2027, 2, 10, 12, 0, 0, 0, time.UTC) // 90 days after 12 November
	b, err := cal.Feed(ctx, strings.TrimSuffix(path.Base(url), ".ics"))
	if err != nil {
		t.Fatal(err)
	}
	events := calendartest.Expand(t, b)
	var starts []string
	for _, e := range events {
		starts = append(starts, e.Starts...)
		if !strings.HasSuffix(e.Summary, " – Deep tissue") || strings.Contains(e.Summary, "with") {
			t.Errorf("a therapist's event is called %q", e.Summary)
		}
	}
	if want := []string{"2026-11-17T09:00:00Z"}; !slices.Equal(starts, want) {
		t.Errorf("the feed 90 days on shows %v, want %v", starts, want)
	}
}
