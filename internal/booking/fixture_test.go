package booking_test

import (
	"context"
	"testing"
	"time"

	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/booking"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/testkit"
	"github.com/knead/knead/internal/therapist"
)

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

// practice is one therapist in Berlin, working 09:00–17:00 Monday to
// Saturday, with a 60-minute service (15-minute buffer) and two clients.
type practice struct {
	t                   *testing.T
	d                   *db.DB
	svc                 *booking.Service
	clock               *clock
	berlin              *time.Location
	therapist           *authz.Principal
	client, client2     *authz.Principal
	serviceID, service2 int64
	locationID          int64
}

func newPractice(t *testing.T) *practice { return newPracticeOn(t, testkit.OpenDB(t)) }

func newPracticeOn(t *testing.T, d *db.DB) *practice {
	t.Helper()
	ctx := context.Background()
	berlin, _ := time.LoadLocation("Europe/Berlin")
	c := &clock{time.Date(2026, 10, 1, 6, 0, 0, 0, time.UTC)} // a Thursday, 08:00 in Berlin
	p := &practice{t: t, d: d, svc: booking.New(d, c.now), clock: c, berlin: berlin}
	user := func(email, role string) *authz.Principal {
		id, err := store.InsertUser(ctx, d.W(), store.NewUser{Email: email, Name: email, Role: role, PasswordHash: "x",
			TimeZone: "Europe/Berlin", CreatedAt: c.t})
		if err != nil {
			t.Fatal(err)
		}
		return &authz.Principal{UserID: id, Role: role, Name: email, Email: email, TimeZone: "Europe/Berlin"} // as a request carries it
	}
	p.therapist = user("t@example.test", "therapist")
	p.client, p.client2 = user("c@example.test", "client"), user("c2@example.test", "client")
	testkit.Screened(t, d.W(), p.client.UserID, c.t)
	testkit.Screened(t, d.W(), p.client2.UserID, c.t)
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(store.InsertTherapist(ctx, d.W(), therapist.Profile{ID: p.therapist.UserID, Slug: "t", PressureMin: 1, PressureMax: 5}, c.t))
	var err error
	p.locationID, err = store.InsertLocation(ctx, d.W(), therapist.Location{TherapistID: p.therapist.UserID, Name: "Praxis",
		Address: "Torstraße 1", City: "Berlin", Lat: 52.5, Lon: 13.4, TimeZone: "Europe/Berlin", Jurisdiction: "DE"}, c.t)
	must(err)
	p.serviceID, err = store.InsertService(ctx, d.W(), therapist.Service{TherapistID: p.therapist.UserID, LocationID: p.locationID,
		Name: "Deep tissue", Technique: "deep_tissue", DurationMinutes: 60, PriceAmount: 8000, Currency: "EUR", BufferMinutes: 15}, c.t)
	must(err)
	p.service2, err = store.InsertService(ctx, d.W(), therapist.Service{TherapistID: p.therapist.UserID, LocationID: p.locationID,
		Name: "Swedish", Technique: "swedish", DurationMinutes: 30, PriceAmount: 5000, Currency: "EUR"}, c.t)
	must(err)
	_, err = store.InsertCredential(ctx, d.W(), therapist.Credential{TherapistID: p.therapist.UserID, Kind: "licence", Number: "1",
		Jurisdiction: "DE", Issuer: "Amt", ExpiresOn: time.Date(2027, 12, 31, 0, 0, 0, 0, time.UTC), Status: "verified"}, c.t)
	must(err)
	var hours []store.HoursRow
	for wd := 1; wd <= 6; wd++ {
		hours = append(hours, store.HoursRow{LocationID: p.locationID, Weekday: wd, StartMinute: 9 * 60, EndMinute: 17 * 60})
	}
	must(store.ReplaceWeeklyHours(ctx, d.W(), p.therapist.UserID, p.locationID, hours))
	return p
}

// at is a Berlin wall-clock time.
func (p *practice) at(month time.Month, day, hour, minute int) time.Time {
	return time.Date(2026, month, day, hour, minute, 0, 0, p.berlin)
}

func (p *practice) book(who *authz.Principal, start time.Time) (booking.Appointment, error) {
	in := booking.BookInput{TherapistID: p.therapist.UserID, ServiceID: p.serviceID, Start: start}
	if who.Role == authz.RoleTherapist {
		in.ClientID = p.client.UserID
	}
	return p.svc.Book(context.Background(), who, in)
}

func (p *practice) countLive() int {
	var n int
	if err := p.d.R().QueryRowContext(context.Background(),
		`select count(*) from appointment where status in ('booked', 'held')`).Scan(&n); err != nil {
		p.t.Fatal(err)
	}
	return n
}
