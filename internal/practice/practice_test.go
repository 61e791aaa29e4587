package practice_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/practice"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/testkit"
	"github.com/knead/knead/internal/therapist"
)

func TestSetUpAPractice(t *testing.T) {
	d := testkit.OpenDB(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	svc := practice.New(d, func() time.Time { return now })
	user := func(email, role string) *authz.Principal {
		id, err := store.InsertUser(ctx, d.W(), store.NewUser{Email: email, Name: "Mia Chen", Role: role, PasswordHash: "x", CreatedAt: now})
		if err != nil {
			t.Fatal(err)
		}
		return &authz.Principal{UserID: id, Role: role, Name: "Mia Chen"}
	}
	me, other, client := user("t@example.test", "therapist"), user("o@example.test", "therapist"), user("c@example.test", "client")
	fields := func(err error) map[string]string { return apperr.From(err).Fields }

	if _, err := svc.AddLocation(ctx, client, therapist.Location{Name: "X", Address: "Y", TimeZone: "UTC", Jurisdiction: "GB"}); apperr.From(err).Problem != "forbidden" {
		t.Fatalf("a client adding a location: %v", err)
	}
	_, err := svc.AddLocation(ctx, me, therapist.Location{Name: "", Address: "", Lat: 91, Lon: -181, TimeZone: "Moon/Base", Jurisdiction: "new york"})
	for _, f := range []string{"name", "address", "lat", "lon", "time_zone", "jurisdiction"} {
		if fields(err)[f] == "" {
			t.Errorf("bad location: no message for %s in %v", f, err)
		}
	}
	loc, err := svc.AddLocation(ctx, me, therapist.Location{Name: "Studio", Address: "1 Main St", Lat: 40.7, Lon: -74,
		TimeZone: "America/New_York", Jurisdiction: "US-NY"})
	if err != nil {
		t.Fatal(err)
	}
	p, err := svc.Get(ctx, me.UserID)
	if err != nil || p.Profile.Slug != "mia-chen-"+itoa(me.UserID) || len(p.Locations) != 1 {
		t.Fatalf("practice after the first location: %+v %v", p, err)
	}
	theirs, _ := svc.AddLocation(ctx, other, therapist.Location{Name: "B", Address: "2 Main St", TimeZone: "UTC", Jurisdiction: "GB"})
	hours := []struct {
		name  string
		loc   int64
		in    []practice.DayHours
		field string
	}{
		{"weekday typo", loc.ID, []practice.DayHours{{"munday", "09:00", "17:00"}}, "weekly[0].weekday"},
		{"end before start", loc.ID, []practice.DayHours{{"monday", "17:00", "09:00"}}, "weekly[0].end"},
		{"bad clock", loc.ID, []practice.DayHours{{"monday", "9am", "17:00"}}, "weekly[0].start"},
		{"25:00", loc.ID, []practice.DayHours{{"monday", "09:00", "25:00"}}, "weekly[0].end"},
		{"negative", loc.ID, []practice.DayHours{{"monday", "-1:00", "17:00"}}, "weekly[0].start"},
		{"signed minutes", loc.ID, []practice.DayHours{{"monday", "09:-1", "17:00"}}, "weekly[0].start"},
		{"space", loc.ID, []practice.DayHours{{"monday", " 9:00", "17:00"}}, "weekly[0].start"},
		{"overlap", loc.ID, []practice.DayHours{{"monday", "09:00", "13:00"}, {"Monday", "12:00", "17:00"}}, "weekly"},
		{"another's location", theirs.ID, []practice.DayHours{{"monday", "09:00", "17:00"}}, "location_id"},
	}
	for _, tt := range hours {
		if _, err := svc.SetHours(ctx, me, tt.loc, tt.in); fields(err)[tt.field] == "" {
			t.Errorf("%s: %v, want a message for %s", tt.name, err, tt.field)
		}
	}
	rows, err := svc.SetHours(ctx, me, loc.ID, []practice.DayHours{{"friday", "13:00", "24:00"}, {"monday", "09:00", "12:00"}, {"monday", "13:00", "17:00"}})
	if err != nil || len(rows) != 3 || rows[0].Weekday != 1 || rows[2].EndMinute != 1440 {
		t.Fatalf("hours %+v %v", rows, err)
	}
	if _, err := svc.AddService(ctx, me, therapist.Service{Name: "Deep", Technique: "reiki", DurationMinutes: 7, Currency: "usd",
		LocationID: loc.ID}); len(fields(err)) != 3 {
		t.Errorf("bad service: %v", err)
	}
	if _, err := svc.AddService(ctx, me, therapist.Service{Name: "Deep", Technique: "deep_tissue", DurationMinutes: 60, PriceAmount: 9000,
		Currency: "USD", LocationID: theirs.ID}); fields(err)["location_id"] == "" {
		t.Errorf("service at another's location: %v", err)
	}
	if _, err := svc.SetRules(ctx, me, store.Rules{MinNoticeHours: -1, HorizonDays: 0, CancelWindowHours: 24, GridMinutes: 7}); len(fields(err)) != 3 {
		t.Errorf("bad rules: %v", err)
	}
	if r, _ := svc.Rules(ctx, other.UserID); r != store.DefaultRules {
		t.Errorf("defaults %+v", r)
	}
	if _, err := svc.UpdateProfile(ctx, me, practice.ProfileInput{Languages: []string{"english"}, Gender: "other",
		Focus: []string{"knees"}, PressureRange: [2]int{4, 2}, YearsBackPain: -1}); len(fields(err)) != 5 {
		t.Errorf("bad profile: %v", err)
	}
	prof, err := svc.UpdateProfile(ctx, me, practice.ProfileInput{Bio: "Hi", Languages: []string{"zh", "en", "en"},
		Focus: []string{"neck", "low_back"}, PressureRange: [2]int{2, 4}, YearsBackPain: 8})
	if err != nil || len(prof.Languages) != 2 || prof.PressureMax != 4 {
		t.Fatalf("profile %+v %v", prof, err)
	}
}

func itoa(i int64) string { return strconv.FormatInt(i, 10) }

func TestExtraHours(t *testing.T) {
	d := testkit.OpenDB(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	svc := practice.New(d, func() time.Time { return now })
	id, err := store.InsertUser(ctx, d.W(), store.NewUser{Email: "t@example.test", Name: "T", Role: "therapist", PasswordHash: "x", CreatedAt: now})
	if err != nil {
		t.Fatal(err)
	}
	me := &authz.Principal{UserID: id, Role: "therapist", Name: "T"}
	loc, err := svc.AddLocation(ctx, me, therapist.Location{Name: "S", Address: "A", TimeZone: "Europe/Berlin", Jurisdiction: "DE"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, day, start, end, field string
	}{
		{"bad date", "2026-13-01", "09:00", "12:00", "date"},
		{"past", "2026-10-01", "09:00", "12:00", "date"},
		{"end before start", "2026-11-07", "12:00", "09:00", "end"},
		{"bad clock", "2026-11-07", "9:00", "12:00", "start"},
	} {
		if _, err := svc.AddExtraHours(ctx, me, loc.ID, tt.day, tt.start, tt.end); apperr.From(err).Fields[tt.field] == "" {
			t.Errorf("%s: %v, want a message for %s", tt.name, err, tt.field)
		}
	}
	row, err := svc.AddExtraHours(ctx, me, loc.ID, "2026-11-07", "09:00", "24:00")
	if err != nil || row.EndMinute != 1440 {
		t.Fatalf("extra hours %+v %v", row, err)
	}
}

// TestExtraHoursToday: a date that is still today in some zone is taken
// whatever the hour in UTC (the e2e check-in test failed after midnight
// UTC, when Los Angeles was still on the day before); one that has passed
// everywhere is refused.
func TestExtraHoursToday(t *testing.T) {
	d := testkit.OpenDB(t)
	ctx := context.Background()
	var now time.Time
	svc := practice.New(d, func() time.Time { return now })
	id, err := store.InsertUser(ctx, d.W(), store.NewUser{Email: "t@example.test", Name: "T", Role: "therapist", PasswordHash: "x",
		CreatedAt: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	me := &authz.Principal{UserID: id, Role: "therapist", Name: "T"}
	now = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	loc, err := svc.AddLocation(ctx, me, therapist.Location{Name: "S", Address: "A", TimeZone: "America/Los_Angeles", Jurisdiction: "US-CA"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		now    time.Time
		day    string
		wantOK bool
	}{
		{time.Date(2026, 12, 7, 1, 43, 0, 0, time.UTC), "2026-12-06", true},  // 17:43 on the 6th in Los Angeles
		{time.Date(2026, 12, 7, 11, 59, 0, 0, time.UTC), "2026-12-06", true}, // 23:59 on the 6th in UTC−12
		{time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC), "2026-12-06", false},
		{time.Date(2026, 12, 7, 1, 43, 0, 0, time.UTC), "2026-12-05", false},
		{time.Date(2026, 12, 7, 23, 0, 0, 0, time.UTC), "2026-12-07", true},
	} {
		now = tt.now
		_, err := svc.AddExtraHours(ctx, me, loc.ID, tt.day, "09:00", "12:00")
		if got := apperr.From(err).Fields["date"] == ""; got != tt.wantOK || tt.wantOK && err != nil {
			t.Errorf("%s at %s: %v, want ok %v", tt.day, tt.now.Format(time.RFC3339), err, tt.wantOK)
		}
	}
}
