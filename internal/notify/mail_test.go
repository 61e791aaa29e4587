package notify_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/booking"
	"github.com/knead/knead/internal/notify"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/therapist"
)

// jobsOf lists the jobs of a kind, oldest first.
// Jobs still in the job outbox (a notice's reminders, say) are moved into
// River first, so every job committed so far is listed.
func (s *noticeSite) jobsOf(t *testing.T, kind string) []*rivertype.JobRow {
	t.Helper()
	if _, err := s.pump.Drain(context.Background(), s.jobs); err != nil {
		t.Fatal(err)
	}
	res, err := s.jobs.JobList(context.Background(), river.NewJobListParams().Kinds(kind).First(100))
	if err != nil {
		t.Fatal(err)
	}
	return res.Jobs
}

// runNow makes the scheduled jobs of a kind due and waits for them.
func (s *noticeSite) runNow(t *testing.T, kind string) {
	t.Helper()
	due := s.jobsOf(t, kind)
	for _, j := range due {
		if _, err := s.jobs.JobRetry(context.Background(), j.ID); err != nil {
			t.Fatal(err)
		}
	}
	s.settle(t, kind, len(due))
}

func (s *noticeSite) book(t *testing.T, who *authz.Principal, start time.Time) booking.Appointment {
	t.Helper()
	a, err := s.svc.Book(context.Background(), who, booking.BookInput{TherapistID: s.ther.UserID, ServiceID: s.serviceID, Start: start})
	if err != nil {
		t.Fatal(err)
	}
	s.settle(t, "booking_notice", 1)
	return a
}

func (s *noticeSite) setPrefs(t *testing.T, userID int64, p store.MailPreference) {
	t.Helper()
	if err := store.SetMailPreference(context.Background(), s.d.W(), userID, p); err != nil {
		t.Fatal(err)
	}
}

// noHealth fails when a message carries anything from a cancellation
// reason, a caution or a screening.
func noHealth(t *testing.T, m store.OutboxMessage) {
	t.Helper()
	for _, word := range []string{"hurts", "caution", "screening", "pregnan", "anticoagul"} {
		if strings.Contains(strings.ToLower(m.Subject+m.TextBody+m.HTMLBody), word) {
			t.Errorf("%s mail mentions %q", m.Kind, word)
		}
	}
}

// After a session the client gets the generic after-care advice with links
// to pages that exist; one who turned it off, or whose session was
// cancelled, gets none.
func TestAftercareAfterASession(t *testing.T) {
	s := newNoticeSite(t)
	a := s.book(t, s.client, time.Date(2026, 10, 5, 10, 0, 0, 0, s.berlin))
	jobs := s.jobsOf(t, "aftercare")
	if len(jobs) != 1 || !jobs[0].ScheduledAt.Equal(a.End.Add(notify.AftercareAfter)) {
		t.Fatalf("after-care jobs %v, want one at the end plus %s", jobs, notify.AftercareAfter)
	}
	s.runNow(t, "aftercare")
	msgs := s.outboxOf(t, "aftercare")
	if len(msgs) != 1 {
		t.Fatalf("%d after-care mails, want 1", len(msgs))
	}
	m := msgs[0]
	for _, want := range []string{"Drink water if you are thirsty", "Stretch slowly", "heat or cold as your therapist advised",
		"http://knead.test/progress", "http://knead.test/appointments", "http://knead.test/care/mine",
		fmt.Sprintf("http://knead.test/appointments/%d/aftercare", a.ID), "Choose which emails you get: http://knead.test/account/notifications"} {
		if !strings.Contains(m.TextBody, want) {
			t.Errorf("after-care lacks %q:\n%s", want, m.TextBody)
		}
	}
	if m.ToAddr != "cleo@example.test" || !strings.Contains(m.HTMLBody, `href="http://knead.test/account/notifications"`) {
		t.Errorf("after-care %+v", m)
	}
	noHealth(t, m)

	// Run again (a retry after a crash): the message is there once.
	s.runNow(t, "aftercare")
	if n := len(s.outboxOf(t, "aftercare")); n != 1 {
		t.Errorf("%d after-care mails after a second run, want 1", n)
	}

	s.setPrefs(t, s.client.UserID, store.MailPreference{Reminders: true, Aftercare: false, RemindHours: 24})
	s.book(t, s.client, time.Date(2026, 10, 5, 12, 0, 0, 0, s.berlin))
	cancelled := s.book(t, s.client, time.Date(2026, 10, 5, 14, 0, 0, 0, s.berlin))
	if _, err := s.svc.Cancel(context.Background(), s.client, cancelled.ID, ""); err != nil {
		t.Fatal(err)
	}
	s.settle(t, "booking_notice", 1)
	s.runNow(t, "aftercare")
	if n := len(s.outboxOf(t, "aftercare")); n != 1 {
		t.Errorf("%d after-care mails, want still 1 (one turned off, one cancelled)", n)
	}
}

// The therapist's lead time sets when reminders go out; a client who
// turned reminders off gets none, though the job runs.
func TestReminderLeadTimeAndOptOut(t *testing.T) {
	s := newNoticeSite(t)
	s.setPrefs(t, s.ther.UserID, store.MailPreference{Reminders: true, Aftercare: true, RemindHours: 48})
	a := s.book(t, s.client, time.Date(2026, 10, 12, 10, 0, 0, 0, s.berlin))
	r := s.jobsOf(t, "appointment_reminder")
	if len(r) != 1 || !r[0].ScheduledAt.Equal(a.Start.Add(-48*time.Hour)) {
		t.Fatalf("reminder jobs %v, want one 48 hours before %s", r, a.Start)
	}
	s.setPrefs(t, s.client.UserID, store.MailPreference{Reminders: false, Aftercare: true, RemindHours: 24})
	s.runNow(t, "appointment_reminder")
	if n := len(s.outboxOf(t, "reminder")); n != 0 {
		t.Errorf("%d reminders to a client who turned them off", n)
	}
	// Confirmations are not optional.
	if n := len(s.outboxOf(t, "booking_confirmed")); n != 1 {
		t.Errorf("%d confirmations, want 1", n)
	}
}

// A session moved away and back to its time has two reminders due for
// that time (each move schedules one): the client is reminded once.
func TestReminderOncePerStart(t *testing.T) {
	s := newNoticeSite(t)
	ctx := context.Background()
	start := time.Date(2026, 10, 12, 10, 0, 0, 0, s.berlin)
	a := s.book(t, s.client, start)
	s.runNow(t, "appointment_reminder")
	if n := len(s.outboxOf(t, "reminder")); n != 1 {
		t.Fatalf("%d reminders, want 1", n)
	}
	for _, to := range []time.Time{start.Add(2 * time.Hour), start} {
		s.setNow(s.now().Add(time.Hour)) // each move is a later change of the session
		if _, err := s.svc.Reschedule(ctx, s.client, a.ID, to); err != nil {
			t.Fatal(err)
		}
		s.settle(t, "booking_notice", 1)
	}
	if n := len(s.jobsOf(t, "appointment_reminder")); n != 3 {
		t.Fatalf("%d reminder jobs, want one per booking and move", n)
	}
	s.runNow(t, "appointment_reminder")
	if n := len(s.outboxOf(t, "reminder")); n != 1 {
		t.Errorf("%d reminders for one session and start, want 1", n)
	}
}

// A notice job run twice — as after a crash between its commit and River
// marking it done — writes its messages once.
func TestNoticeRetriedWritesOnce(t *testing.T) {
	s := newNoticeSite(t)
	a := s.book(t, s.client, time.Date(2026, 10, 5, 10, 0, 0, 0, s.berlin))
	if _, err := s.jobs.Insert(context.Background(), notify.NoticeArgs{Change: "booked", IDs: []int64{a.ID}, By: s.client.UserID}, nil); err != nil {
		t.Fatal(err)
	}
	s.settle(t, "booking_notice", 1)
	if n := len(s.outboxOf(t, "booking_confirmed")); n != 1 {
		t.Errorf("%d confirmations after the notice ran twice, want 1", n)
	}
	// Each run scheduled the session's reminder and after-care; the second
	// of each finds its message recorded and sends nothing more.
	if n := len(s.jobsOf(t, "appointment_reminder")); n != 2 {
		t.Fatalf("%d reminder jobs, want one from each run", n)
	}
	s.runNow(t, "appointment_reminder")
	s.runNow(t, "aftercare")
	for _, kind := range []string{"reminder", "aftercare"} {
		if n := len(s.outboxOf(t, kind)); n != 1 {
			t.Errorf("%d %s mails after the notice ran twice, want 1", n, kind)
		}
	}
}

// Warnings go out at 60, 30 and 7 days before a credential expires, once
// each, to the therapist and every site admin; nothing for a rejected one or
// one further out.
func TestLicenceExpiryWarnings(t *testing.T) {
	s := newNoticeSite(t)
	ctx := context.Background()
	if _, err := store.InsertUser(ctx, s.d.W(), store.NewUser{Email: "boss@example.test", Name: "Boss", Role: "admin",
		PasswordHash: "x", TimeZone: "UTC", CreatedAt: s.now()}); err != nil {
		t.Fatal(err)
	}
	expiring := map[string]time.Time{"soon": s.now().AddDate(0, 0, 25), "later": s.now().AddDate(0, 0, 75),
		"rejected": s.now().AddDate(0, 0, 5)}
	for number, on := range expiring {
		status := "verified"
		if number == "rejected" {
			status = "rejected"
		}
		if _, err := store.InsertCredential(ctx, s.d.W(), therapist.Credential{TherapistID: s.ther.UserID, Kind: "licence", Number: number,
			Jurisdiction: "DE", Issuer: "Amt", ExpiresOn: time.Date(on.Year(), on.Month(), on.Day(), 0, 0, 0, 0, time.UTC), Status: status}, s.now()); err != nil {
			t.Fatal(err)
		}
	}
	sweep := func() {
		t.Helper()
		if _, err := s.jobs.Insert(ctx, notify.ExpirySweepArgs{}, nil); err != nil {
			t.Fatal(err)
		}
		s.settle(t, "licence_expiry_sweep", 1)
	}
	sweep()
	s.settle(t, "licence_expiry_warning", 1)
	msgs := s.outboxOf(t, "licence_expiry")
	if len(msgs) != 2 {
		t.Fatalf("%d expiry warnings, want one to the therapist and one to the admin", len(msgs))
	}
	for _, m := range msgs {
		if !strings.Contains(m.TextBody, "licence soon (DE)") || !strings.Contains(m.Subject, "25 days") {
			t.Errorf("warning to %s: %s\n%s", m.ToAddr, m.Subject, m.TextBody)
		}
	}
	sweep() // an hour later: the same threshold, nothing new
	if n := len(s.outboxOf(t, "licence_expiry")); n != 2 {
		t.Errorf("%d warnings after a second sweep, want still 2", n)
	}
	s.setNow(s.now().AddDate(0, 0, 20)) // "soon" 5 days off: its 7-day warning; "later" 55: its 60-day one
	sweep()
	s.settle(t, "licence_expiry_warning", 2)
	var subjects []string
	for _, m := range s.outboxOf(t, "licence_expiry")[:4] {
		subjects = append(subjects, m.Subject)
	}
	if got := strings.Join(subjects, "|"); strings.Count(got, "in 5 days") != 2 || strings.Count(got, "in 55 days") != 2 {
		t.Errorf("warnings after 20 days: %s", got)
	}
}

// In the evening a therapist gets tomorrow's sessions, in their zone, with
// the calendar link and nothing from the clients' screening.
func TestTherapistDigest(t *testing.T) {
	s := newNoticeSite(t)
	s.book(t, s.client, time.Date(2026, 10, 5, 10, 0, 0, 0, s.berlin))
	s.book(t, s.client, time.Date(2026, 10, 12, 10, 0, 0, 0, s.berlin)) // a week later: not in this digest
	sweep := func() {
		t.Helper()
		if _, err := s.jobs.Insert(context.Background(), notify.DigestSweepArgs{}, nil); err != nil {
			t.Fatal(err)
		}
		s.settle(t, "therapist_digest_sweep", 1)
	}
	s.setNow(time.Date(2026, 10, 4, 12, 0, 0, 0, s.berlin)) // midday: too early
	sweep()
	if n := len(s.jobsOf(t, "therapist_digest")); n != 0 {
		t.Fatalf("%d digests at midday", n)
	}
	s.setNow(time.Date(2026, 10, 4, 19, 0, 0, 0, s.berlin))
	sweep()
	s.settle(t, "therapist_digest", 1)
	sweep() // the next hour: the same digest, not again
	msgs := s.outboxOf(t, "therapist_digest")
	if len(msgs) != 1 {
		t.Fatalf("%d digests, want 1", len(msgs))
	}
	m := msgs[0]
	for _, want := range []string{"Deep tissue for Cleo", "Monday 5 October 2026, 10:00–11:00 (CEST)",
		"http://knead.test/therapist/calendar?view=day&date=2026-10-05"} {
		if !strings.Contains(m.TextBody, want) {
			t.Errorf("digest lacks %q:\n%s", want, m.TextBody)
		}
	}
	if m.ToAddr != "anna@example.test" || m.Subject != "Tomorrow: 1 session" || strings.Contains(m.TextBody, "12 October") {
		t.Errorf("digest %s to %s:\n%s", m.Subject, m.ToAddr, m.TextBody)
	}
	noHealth(t, m)
}
