package booking_test

import (
	"context"
	"testing"
	"time"

	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/booking"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/testkit"
)

// The safety screening gates every booking (API.md "Safety screening"):
// 403 screening-required without one at most 90 days old, booking-blocked
// while it blocks, technique-excluded for a technique it excludes — also
// when the therapist books for the client, and for a series.
func TestScreeningGatesBooking(t *testing.T) {
	yes := func(id string) map[string]string { return map[string]string{id: "yes"} }
	tests := []struct {
		name    string
		set     map[string]string // answers other than "no"; nil with none: no screening at all
		none    bool
		age     time.Duration // how long before now the screening was taken
		cleared bool
		swedish bool // book the Swedish service instead of deep tissue
		want    string
	}{
		{name: "no screening", none: true, want: "screening-required"},
		{name: "91 days old", age: 91 * 24 * time.Hour, want: "screening-required"},
		{name: "90 days old", age: 90 * 24 * time.Hour},
		{name: "clean", age: time.Hour},
		{name: "emergency", set: yes("RF-01"), want: "booking-blocked"},
		{name: "emergency, not sure", set: map[string]string{"RF-01": "not_sure"}, want: "booking-blocked"},
		{name: "urgent", set: yes("RF-10"), want: "booking-blocked"},
		{name: "soon", set: yes("RF-09"), want: "booking-blocked"},
		{name: "soon, cleared by a clinician", set: yes("RF-09"), cleared: true},
		{name: "urgent, cleared by a clinician", set: yes("RF-10"), cleared: true},
		{name: "caution", set: yes("RF-15")},
		{name: "blood thinner: deep tissue excluded", set: yes("CI-03"), want: "technique-excluded"},
		{name: "blood thinner: Swedish allowed", set: yes("CI-03"), swedish: true},
		{name: "general contraindication", set: yes("CI-02"), swedish: true, want: "booking-blocked"},
		{name: "emergency, Swedish", set: yes("RF-01"), swedish: true, want: "booking-blocked"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPracticeBare(t)
			ctx := context.Background()
			if !tt.none {
				id := testkit.Screened(t, p.d.W(), p.client.UserID, p.clock.t.Add(-tt.age), tt.set)
				if tt.cleared {
					if _, err := store.ClearScreening(ctx, p.d.W(), id, "Dr Lee", "2026-09-30", "", p.clock.t); err != nil {
						t.Fatal(err)
					}
				}
			}
			svc := p.serviceID
			if tt.swedish {
				svc = p.service2
			}
			start := p.at(10, 5, 10, 0)
			for _, who := range []*authz.Principal{p.client, p.therapist} {
				in := booking.BookInput{TherapistID: p.therapist.UserID, ServiceID: svc, Start: start, ClientID: p.client.UserID}
				if who == p.client {
					in.ClientID = 0
				}
				a, err := p.svc.Book(ctx, who, in)
				if got := problemOf(err); got != tt.want {
					t.Fatalf("%s books: %v, want %q", who.Role, err, tt.want)
				}
				if err == nil {
					if _, err := p.svc.Cancel(ctx, p.therapist, a.ID, ""); err != nil {
						t.Fatal(err)
					}
				}
				series := booking.SeriesInput{BookInput: in, EveryWeeks: 1, Count: 3}
				series.Start = start.AddDate(0, 0, 1)
				_, err = p.svc.BookSeries(ctx, who, series)
				if got := problemOf(err); got != tt.want {
					t.Fatalf("%s books a series: %v, want %q", who.Role, err, tt.want)
				}
				if err == nil {
					p.cancelAll()
				}
			}
			if tt.want != "" && p.countLive() != 0 {
				t.Fatal("a refused booking wrote appointments")
			}
		})
	}
}

// An emergency lifts only with a new screening at least 24 hours later; a
// new clean screening the same day does not get round it.
func TestScreeningEmergencyNeedsADay(t *testing.T) {
	p := newPracticeBare(t)
	testkit.Screened(t, p.d.W(), p.client.UserID, p.clock.t.Add(-2*time.Hour), map[string]string{"RF-01": "yes"})
	testkit.Screened(t, p.d.W(), p.client.UserID, p.clock.t.Add(-time.Hour))
	if _, err := p.book(p.client, p.at(10, 5, 10, 0)); problemOf(err) != "booking-blocked" {
		t.Fatalf("a clean screening an hour after an emergency: %v", err)
	}
	p.clock.t = p.clock.t.Add(25 * time.Hour)
	testkit.Screened(t, p.d.W(), p.client.UserID, p.clock.t)
	if _, err := p.book(p.client, p.at(10, 5, 10, 0)); err != nil {
		t.Fatalf("a clean screening a day later: %v", err)
	}
}

// newPracticeBare is newPractice with no screening for the clients.
func newPracticeBare(t *testing.T) *practice {
	t.Helper()
	p := newPractice(t)
	if _, err := p.d.W().ExecContext(context.Background(), `delete from screening`); err != nil {
		t.Fatal(err)
	}
	return p
}

func (p *practice) cancelAll() {
	p.t.Helper()
	if _, err := p.d.W().ExecContext(context.Background(), `update appointment set status = 'cancelled'`); err != nil {
		p.t.Fatal(err)
	}
}
