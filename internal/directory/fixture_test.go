package directory_test

import (
	"context"
	"testing"
	"time"

	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/directory"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/testkit"
	"github.com/knead/knead/internal/therapist"
)

// now is Monday 2 March 2026, 12:00 in Kansas City; the clocks go forward
// there on Sunday 8 March at 02:00.
var now = time.Date(2026, 3, 2, 18, 0, 0, 0, time.UTC)

// world is therapists on both sides of the Missouri–Kansas state line in
// Kansas City — two jurisdictions in one metro — and one in Topeka, 95 km west.
type world struct {
	d     *db.DB
	svc   *directory.Service
	names map[int64]string
	ids   map[string]int64
}

type hours struct {
	days       []int // weekdays, 0 = Sunday
	start, end int   // local minutes
}

type person struct {
	name, city, postal, jurisdiction, gender string
	lat, lon                                 float64
	languages, focus                         []string
	credential                               therapist.Credential // Jurisdiction and Status set; the rest filled in
	services                                 []therapist.Service  // Technique, DurationMinutes, PriceAmount, Currency
	hours                                    []hours
}

var weekdays = []int{1, 2, 3, 4, 5}

var people = []person{
	{name: "Ada Missouri", city: "Kansas City", postal: "64105", jurisdiction: "US-MO", gender: "female", lat: 39.0997, lon: -94.5786,
		languages: []string{"en", "es"}, focus: []string{"low_back"},
		credential: therapist.Credential{Kind: "licence", Status: "verified"},
		services: []therapist.Service{{Technique: "deep_tissue", DurationMinutes: 60, PriceAmount: 9000, Currency: "USD"},
			{Technique: "swedish", DurationMinutes: 90, PriceAmount: 12000, Currency: "USD"}},
		hours: []hours{{[]int{1, 2, 3, 4, 5, 6}, 9 * 60, 20 * 60}, {[]int{0}, 60, 5 * 60}}},
	{name: "Ben Kansas", city: "Kansas City", postal: "66101", jurisdiction: "US-KS", gender: "male", lat: 39.1141, lon: -94.6275,
		languages: []string{"en"}, focus: []string{"sciatica"},
		// Kansas issues no massage licence: a certification counts there.
		credential: therapist.Credential{Kind: "certification", Type: "board_certification", Status: "verified"},
		services:   []therapist.Service{{Technique: "deep_tissue", DurationMinutes: 60, PriceAmount: 7000, Currency: "USD"}},
		hours:      []hours{{weekdays, 12 * 60, 21 * 60}}},
	{name: "Cleo Pending", city: "Kansas City", postal: "64111", jurisdiction: "US-MO", gender: "female", lat: 39.05, lon: -94.59,
		languages: []string{"en"}, credential: therapist.Credential{Kind: "licence", Status: "pending"},
		services: []therapist.Service{{Technique: "thai", DurationMinutes: 60, PriceAmount: 6000, Currency: "USD"}},
		hours:    []hours{{weekdays, 9 * 60, 17 * 60}}},
	{name: "Dan Topeka", city: "Topeka", postal: "66603", jurisdiction: "US-KS", gender: "male", lat: 39.0473, lon: -95.6752,
		languages: []string{"en"}, credential: therapist.Credential{Kind: "certification", Type: "diploma", Status: "verified"},
		services: []therapist.Service{{Technique: "deep_tissue", DurationMinutes: 60, PriceAmount: 8500, Currency: "USD"}},
		hours:    []hours{{weekdays, 9 * 60, 17 * 60}}},
}

func newWorld(t *testing.T) *world {
	t.Helper()
	return newWorldOn(t, testkit.OpenDB(t))
}

// newWorldOn builds the world in d, searched through d.
func newWorldOn(t *testing.T, d *db.DB) *world {
	t.Helper()
	ctx := context.Background()
	w := &world{d: d, svc: directory.New(d, func() time.Time { return now }, therapist.Strict), names: map[int64]string{},
		ids: map[string]int64{}}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	for i, p := range people {
		id, err := store.InsertUser(ctx, d.W(), store.NewUser{Email: p.name[:3] + "@example.test", Name: p.name, Role: "therapist",
			PasswordHash: "x", TimeZone: "America/Chicago", CreatedAt: now})
		must(err)
		w.names[id], w.ids[p.name] = p.name, id
		must(store.InsertTherapist(ctx, d.W(), therapist.Profile{ID: id, Slug: p.name[:3], Gender: p.gender, Languages: p.languages,
			Focus: p.focus, PressureMin: 1, PressureMax: 5}, now))
		loc, err := store.InsertLocation(ctx, d.W(), therapist.Location{TherapistID: id, Name: p.name, Address: "1 Main Street",
			City: p.city, PostalCode: p.postal, Lat: p.lat, Lon: p.lon, TimeZone: "America/Chicago", Jurisdiction: p.jurisdiction}, now)
		must(err)
		for _, s := range p.services {
			s.TherapistID, s.LocationID, s.Name = id, loc, s.Technique
			_, err := store.InsertService(ctx, d.W(), s, now)
			must(err)
		}
		c := p.credential
		c.TherapistID, c.Number, c.Jurisdiction, c.Issuer = id, "N-"+p.name[:3], p.jurisdiction, "Board"
		c.ExpiresOn = time.Date(2027, time.Month(1+i), 1, 0, 0, 0, 0, time.UTC)
		_, err = store.InsertCredential(ctx, d.W(), c, now)
		must(err)
		var rows []store.HoursRow
		for _, h := range p.hours {
			for _, wd := range h.days {
				rows = append(rows, store.HoursRow{LocationID: loc, Weekday: wd, StartMinute: h.start, EndMinute: h.end})
			}
		}
		must(store.ReplaceWeeklyHours(ctx, d.W(), id, loc, rows))
	}
	w.book(t, "Ben Kansas", time.Date(2026, 3, 5, 20, 0, 0, 0, chicago))
	return w
}

var chicago, _ = time.LoadLocation("America/Chicago")

// book gives a therapist a booked hour from start.
func (w *world) book(t *testing.T, name string, start time.Time) {
	t.Helper()
	ctx := context.Background()
	id := w.ids[name]
	svcs, err := store.ServicesOf(ctx, w.d.R(), id)
	if err != nil {
		t.Fatal(err)
	}
	_, err = store.InsertAppointment(ctx, w.d.W(), store.Appointment{TherapistID: id, ClientID: id, ServiceID: svcs[0].ID,
		LocationID: svcs[0].LocationID, Start: start, End: start.Add(time.Hour), BlocksUntil: start.Add(time.Hour),
		Status: "booked", CreatedBy: id}, now)
	if err != nil {
		t.Fatal(err)
	}
}
