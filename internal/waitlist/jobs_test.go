package waitlist_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/booking"
	"github.com/knead/knead/internal/jobs"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/testkit"
	"github.com/knead/knead/internal/therapist"
	"github.com/knead/knead/internal/waitlist"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *clock) advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// The expiry job, worked by a real River client on the test's database,
// lets an unanswered offer go: the slot is free and the entry waits again.
func TestExpiryJobRunsOnRiver(t *testing.T) {
	d := testkit.OpenDB(t)
	ctx := context.Background()
	c := &clock{t: time.Date(2026, 10, 1, 6, 0, 0, 0, time.UTC)}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	user := func(email, role string) *authz.Principal {
		id, err := store.InsertUser(ctx, d.W(), store.NewUser{Email: email, Name: email, Role: role, PasswordHash: "x",
			TimeZone: "Europe/Berlin", CreatedAt: c.t})
		must(err)
		return &authz.Principal{UserID: id, Role: role}
	}
	ther, first, waiter := user("t@example.test", "therapist"), user("a@example.test", "client"), user("b@example.test", "client")
	testkit.Screened(t, d.W(), first.UserID, c.t)
	testkit.Screened(t, d.W(), waiter.UserID, c.t)
	must(store.InsertTherapist(ctx, d.W(), therapist.Profile{ID: ther.UserID, Slug: "t", PressureMin: 1, PressureMax: 5}, c.t))
	loc, err := store.InsertLocation(ctx, d.W(), therapist.Location{TherapistID: ther.UserID, Name: "Praxis", Address: "Torstraße 1",
		Lat: 52.5, Lon: 13.4, TimeZone: "Europe/Berlin", Jurisdiction: "DE"}, c.t)
	must(err)
	svc, err := store.InsertService(ctx, d.W(), therapist.Service{TherapistID: ther.UserID, LocationID: loc, Name: "Deep tissue",
		Technique: "deep_tissue", DurationMinutes: 60, PriceAmount: 8000, Currency: "EUR"}, c.t)
	must(err)
	_, err = store.InsertCredential(ctx, d.W(), therapist.Credential{TherapistID: ther.UserID, Kind: "licence", Number: "1",
		Jurisdiction: "DE", Issuer: "Amt", ExpiresOn: time.Date(2027, 12, 31, 0, 0, 0, 0, time.UTC), Status: "verified"}, c.t)
	must(err)
	must(store.ReplaceWeeklyHours(ctx, d.W(), ther.UserID, loc, []store.HoursRow{{LocationID: loc, Weekday: 1, StartMinute: 600, EndMinute: 660}}))

	bookings := booking.New(d, c.now)
	outbox := jobs.NewOutbox(d, c.now, testkit.Logger())
	wl := waitlist.New(d, bookings, outbox, c.now, waitlist.DefaultHold)
	work := &jobs.Work{Workers: river.NewWorkers()}
	work.Periodic = wl.AddWork(work.Workers)
	client, err := jobs.New(d, testkit.Logger(), work)
	must(err)

	monday := time.Date(2026, 10, 5, 10, 0, 0, 0, c.t.Location()).Add(-2 * time.Hour) // 10:00 in Berlin (CEST)
	a, err := bookings.Book(ctx, first, booking.BookInput{TherapistID: ther.UserID, ServiceID: svc, Start: monday})
	must(err)
	_, err = wl.Join(ctx, waiter, waitlist.JoinInput{TherapistID: ther.UserID, ServiceID: svc, From: "2026-10-05", To: "2026-10-06",
		TimeWindow: "10:00-11:00"})
	must(err)
	_, err = bookings.Cancel(ctx, first, a.ID, "")
	must(err)
	entries, err := wl.List(ctx, waiter)
	must(err)
	if len(entries) != 1 || entries[0].Offer == nil {
		t.Fatalf("no offer after the cancellation: %+v", entries)
	}

	c.advance(31 * time.Minute) // the offer is due: its job is available now
	events, cancel := client.Subscribe(river.EventKindJobCompleted, river.EventKindJobFailed)
	defer cancel()
	run := &jobs.Runner{Client: client, Outbox: outbox}
	must(run.Start(ctx))
	defer run.Stop(ctx)
	for ev := range events {
		if ev.Kind == river.EventKindJobFailed {
			t.Fatalf("job %s failed: %v", ev.Job.Kind, ev.Job.Errors)
		}
		if ev.Job.Kind == (waitlist.ExpireArgs{}).Kind() {
			break
		}
	}
	entries, err = wl.List(ctx, waiter)
	must(err)
	if entries[0].Status != waitlist.Waiting || entries[0].Offer != nil {
		t.Errorf("after the expiry job: %+v", entries[0])
	}
}
