package testkit

import (
	"testing"
	"time"

	"github.com/knead/knead/internal/booking"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/jobs"
	"github.com/knead/knead/internal/practice"
	"github.com/knead/knead/internal/waitlist"
)

// Waitlist wires a waitlist to the booking and practice services as the
// app does, with an outbox nothing drains: tests run the expiry
// themselves (Expire), so nothing waits on a job's schedule.
func Waitlist(t testing.TB, d *db.DB, b *booking.Service, p *practice.Service, now func() time.Time) *waitlist.Service {
	t.Helper()
	w := waitlist.New(d, b, jobs.NewOutbox(d, now, Logger()), now, waitlist.DefaultHold)
	p.OnFreed(w.Match)
	return w
}

// Jobs is a River client over d that only inserts and reads jobs (the admin
// page's list and retry): nothing is worked unless a test starts its own.
func Jobs(t testing.TB, d *db.DB) *jobs.Client {
	t.Helper()
	c, err := jobs.New(d, Logger(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
