package notify_test

import (
	"context"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/booking"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/jobs"
	"github.com/knead/knead/internal/notify"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/testkit"
	"github.com/knead/knead/internal/therapist"
	"github.com/knead/knead/internal/waitlist"
)

// noticeSite is a Berlin practice whose booking service sends notices.
type noticeSite struct {
	d               *db.DB
	svc             *booking.Service
	ther, client    *authz.Principal
	serviceID       int64
	berlin, newYork *time.Location
	jobs            *jobs.Client
	pump            *jobs.Outbox
	events          <-chan *river.Event
	waitlist        *waitlist.Service
	periodic        *notify.Periodic
	clock           atomic.Int64 // the site's time, Unix nanoseconds
	// completed counts the jobs seen done by kind; settled, those a test
	// has waited for.
	completed, settled map[string]int
}

func (s *noticeSite) now() time.Time { return time.Unix(0, s.clock.Load()).UTC() }

// setNow moves the site's clock (before the jobs that read it are inserted).
func (s *noticeSite) setNow(t time.Time) { s.clock.Store(t.UnixNano()) }

func newNoticeSite(t *testing.T) *noticeSite {
	t.Helper()
	ctx, d := context.Background(), testkit.OpenDB(t)
	now := time.Date(2026, 10, 1, 6, 0, 0, 0, time.UTC)
	s := &noticeSite{d: d, completed: map[string]int{}, settled: map[string]int{}}
	s.setNow(now)
	clock := s.now
	s.berlin, _ = time.LoadLocation("Europe/Berlin")
	s.newYork, _ = time.LoadLocation("America/New_York")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	user := func(email, name, role, zone string) *authz.Principal {
		id, err := store.InsertUser(ctx, d.W(), store.NewUser{Email: email, Name: name, Role: role, PasswordHash: "x",
			TimeZone: zone, CreatedAt: now})
		must(err)
		return &authz.Principal{UserID: id, Role: role}
	}
	s.ther = user("anna@example.test", "Anna Weber", "therapist", "Europe/Berlin")
	s.client = user("cleo@example.test", "Cleo\r\nBcc: eve@example.test", "client", "America/New_York")
	testkit.Screened(t, d.W(), s.client.UserID, now)
	must(store.InsertTherapist(ctx, d.W(), therapist.Profile{ID: s.ther.UserID, Slug: "anna", PressureMin: 1, PressureMax: 5}, now))
	loc, err := store.InsertLocation(ctx, d.W(), therapist.Location{TherapistID: s.ther.UserID, Name: "Praxis Mitte",
		Address: "Torstraße 1", Lat: 52.5, Lon: 13.4, TimeZone: "Europe/Berlin", Jurisdiction: "DE"}, now)
	must(err)
	s.serviceID, err = store.InsertService(ctx, d.W(), therapist.Service{TherapistID: s.ther.UserID, LocationID: loc,
		Name: "Deep tissue", Technique: "deep_tissue", DurationMinutes: 60, PriceAmount: 8000, Currency: "EUR"}, now)
	must(err)
	_, err = store.InsertCredential(ctx, d.W(), therapist.Credential{TherapistID: s.ther.UserID, Kind: "licence", Number: "1",
		Jurisdiction: "DE", Issuer: "Amt", ExpiresOn: time.Date(2027, 12, 31, 0, 0, 0, 0, time.UTC), Status: "verified"}, now)
	must(err)
	must(store.ReplaceWeeklyHours(ctx, d.W(), s.ther.UserID, loc, []store.HoursRow{{LocationID: loc, Weekday: 1, StartMinute: 540, EndMinute: 1020}}))
	s.svc = booking.New(d, clock)
	outbox := jobs.NewOutbox(d, clock, testkit.Logger())
	s.pump = outbox
	mailer := notify.NewMailer(testkit.Logger(), clock)
	mailer.LinkFrom("http://knead.test")
	notices := notify.NewNotices(mailer, booking.NewCalendar(s.svc, "http://knead.test"), outbox, "http://knead.test")
	s.waitlist = waitlist.New(d, s.svc, outbox, clock, waitlist.DefaultHold)
	work := &jobs.Work{Workers: river.NewWorkers()}
	notices.AddWork(work.Workers, d)
	s.waitlist.AddWork(work.Workers) // its expiry jobs share the outbox; the periodic sweep is not needed here
	s.periodic = notify.NewPeriodic(d, mailer, "http://knead.test", clock)
	s.periodic.AddWork(work.Workers) // the tests insert the sweeps themselves: no schedule
	s.jobs, err = jobs.New(d, testkit.Logger(), work)
	must(err)
	s.periodic.UseJobs(s.jobs)
	var cancel func()
	s.events, cancel = s.jobs.Subscribe(river.EventKindJobCompleted, river.EventKindJobFailed)
	t.Cleanup(cancel)
	run := &jobs.Runner{Client: s.jobs, Outbox: outbox}
	must(run.Start(context.Background()))
	t.Cleanup(func() { run.Stop(context.Background()) })
	s.svc.OnChange(notices.Changed)
	return s
}

// settle waits until n more jobs of kind have completed.
// Jobs of other kinds completing meanwhile are counted, not lost: a job a
// sweep enqueues may finish before the sweep's own event arrives.
func (s *noticeSite) settle(t *testing.T, kind string, n int) {
	t.Helper()
	s.settled[kind] += n
	for s.completed[kind] < s.settled[kind] {
		ev := <-s.events
		if ev.Kind == river.EventKindJobFailed {
			t.Fatalf("%s failed: %v", ev.Job.Kind, ev.Job.Errors)
		}
		s.completed[ev.Job.Kind]++
	}
}

// outboxOf lists the messages of one kind, newest first.
func (s *noticeSite) outboxOf(t *testing.T, kind string) []store.OutboxMessage {
	t.Helper()
	var out []store.OutboxMessage
	for _, m := range s.outbox(t) {
		if m.Kind == kind {
			out = append(out, m)
		}
	}
	return out
}

func (s *noticeSite) outbox(t *testing.T) []store.OutboxMessage {
	t.Helper()
	msgs, err := store.OutboxPage(context.Background(), s.d.R(), 0, 50)
	if err != nil {
		t.Fatal(err)
	}
	return msgs // newest first
}

func TestBookingNotices(t *testing.T) {
	s := newNoticeSite(t)
	ctx := context.Background()
	monday := time.Date(2026, 10, 5, 10, 0, 0, 0, s.berlin)
	a, err := s.svc.Book(ctx, s.client, booking.BookInput{TherapistID: s.ther.UserID, ServiceID: s.serviceID, Start: monday})
	if err != nil {
		t.Fatal(err)
	}
	s.settle(t, "booking_notice", 1)
	msgs := s.outboxOf(t, "booking_confirmed")
	if len(msgs) != 1 {
		t.Fatalf("%d confirmations after booking, want 1", len(msgs))
	}
	c := msgs[0]
	// In the client's own zone: 10:00 in Berlin is 04:00 in New York.
	for _, want := range []string{"Deep tissue with Anna Weber, Monday 5 October 2026, 04:00–05:00 (EDT)", "Praxis Mitte, Torstraße 1",
		"http://knead.test/appointments"} {
		if !strings.Contains(c.TextBody, want) {
			t.Errorf("confirmation lacks %q:\n%s", want, c.TextBody)
		}
	}
	if c.Kind != "booking_confirmed" || c.ToAddr != "cleo@example.test" || strings.ContainsAny(c.ToName, "\r\n") ||
		!strings.HasPrefix(c.Subject, "Booked: ") || c.AttachmentName != "knead.ics" ||
		!strings.Contains(c.Attachment, "DTSTART:20261005T080000Z") {
		t.Errorf("confirmation %+v", c)
	}
	if reminders := len(s.jobsOf(t, "appointment_reminder")); reminders != 1 {
		t.Errorf("%d reminder jobs, want 1", reminders)
	}

	if _, err := s.svc.Cancel(ctx, s.client, a.ID, "my back hurts too much"); err != nil {
		t.Fatal(err)
	}
	s.settle(t, "booking_notice", 1)
	msgs = s.outboxOf(t, "booking_cancelled")
	if len(msgs) != 2 {
		t.Fatalf("%d cancellation notices, want one to each side", len(msgs))
	}
	toTherapist, toClient := msgs[0], msgs[1]
	if toTherapist.ToAddr != "anna@example.test" || !strings.Contains(toTherapist.TextBody, "Monday 5 October 2026, 10:00–11:00 (CEST)") ||
		toClient.ToAddr != "cleo@example.test" || !strings.Contains(toClient.TextBody, "You cancelled this session.") {
		t.Errorf("cancellation notices:\n%s\n%s", toTherapist.TextBody, toClient.TextBody)
	}
	for _, m := range msgs {
		if strings.Contains(m.TextBody+m.HTMLBody+m.Subject, "hurts") {
			t.Errorf("a cancellation reason (possibly health data) reached an email: %s", m.Subject)
		}
	}
}

// A reminder re-reads its session: the cancelled one gets none.
func TestRemindersSkipCancelledSessions(t *testing.T) {
	s := newNoticeSite(t)
	ctx := context.Background()
	var ids []int64
	for _, hour := range []int{10, 12} {
		a, err := s.svc.Book(ctx, s.client, booking.BookInput{TherapistID: s.ther.UserID, ServiceID: s.serviceID,
			Start: time.Date(2026, 12, 28, hour, 0, 0, 0, s.berlin)})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, a.ID)
	}
	s.settle(t, "booking_notice", 2) // each booked session's reminder is scheduled
	if _, err := s.svc.Cancel(ctx, s.client, ids[1], ""); err != nil {
		t.Fatal(err)
	}
	s.settle(t, "booking_notice", 1)
	// Both reminders are scheduled for the day before; make them due now.
	due := s.jobsOf(t, "appointment_reminder")
	if len(due) != 2 {
		t.Fatalf("%d reminder jobs, want one per booked session", len(due))
	}
	for _, j := range due {
		if _, err := s.jobs.JobRetry(ctx, j.ID); err != nil {
			t.Fatal(err)
		}
	}
	s.settle(t, (notify.ReminderArgs{}).Kind(), 2)
	reminders := s.outboxOf(t, "reminder")
	if len(reminders) != 1 || !strings.Contains(reminders[0].TextBody, "Monday 28 December 2026, 04:00–05:00 (EST)") ||
		!strings.Contains(reminders[0].TextBody, "check-in before your session: http://knead.test/appointments/"+strconv.FormatInt(ids[0], 10)+"/check-in") {
		t.Errorf("reminders: %+v", reminders)
	}
}

// A waitlist offer is mailed to the person it is held for, with its expiry.
func TestWaitlistOfferNotice(t *testing.T) {
	s := newNoticeSite(t)
	ctx := context.Background()
	wl := s.waitlist
	id, err := store.InsertUser(ctx, s.d.W(), store.NewUser{Email: "wren@example.test", Name: "Wren", Role: "client",
		PasswordHash: "x", TimeZone: "Europe/Berlin", CreatedAt: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	waiter := &authz.Principal{UserID: id, Role: "client"}
	testkit.Screened(t, s.d.W(), id, time.Date(2026, 10, 1, 6, 0, 0, 0, time.UTC))
	monday := time.Date(2026, 10, 5, 10, 0, 0, 0, s.berlin)
	a, err := s.svc.Book(ctx, s.client, booking.BookInput{TherapistID: s.ther.UserID, ServiceID: s.serviceID, Start: monday})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := wl.Join(ctx, waiter, waitlist.JoinInput{TherapistID: s.ther.UserID, ServiceID: s.serviceID, From: "2026-10-05",
		To: "2026-10-06", TimeWindow: "10:00-11:00"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.svc.Cancel(ctx, s.client, a.ID, ""); err != nil {
		t.Fatal(err)
	}
	s.settle(t, "booking_notice", 3) // booked, cancelled, offered
	offer := s.outboxOf(t, "waitlist_offer")[0]
	if offer.Kind != "waitlist_offer" || offer.ToAddr != "wren@example.test" ||
		!strings.Contains(offer.TextBody, "held for you until 08:30 (CEST)") ||
		!strings.Contains(offer.TextBody, "http://knead.test/appointments#waitlist") {
		t.Errorf("offer notice %+v", offer)
	}
}
