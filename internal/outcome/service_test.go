package outcome_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/audit"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/homecare"
	"github.com/knead/knead/internal/outcome"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/testkit"
	"github.com/knead/knead/internal/therapist"
	"github.com/knead/knead/internal/tz"
)

type fixture struct {
	t                     *testing.T
	d                     *db.DB
	now                   time.Time
	svc                   *outcome.Service
	therapist, stranger   *authz.Principal
	client, other         *authz.Principal
	serviceID, locationID int64
	booked                map[int]int // sessions stored per day
}

// newFixture: a therapist in New York and two clients, the clock at
// 2026-12-01 17:00 UTC (12:00 in New York).
func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{t: t, d: testkit.OpenDB(t), now: time.Date(2026, 12, 1, 17, 0, 0, 0, time.UTC), booked: map[int]int{}}
	f.svc = outcome.New(f.d, func() time.Time { return f.now })
	user := func(email, role string) *authz.Principal {
		id, err := store.InsertUser(ctx, f.d.W(), store.NewUser{Email: email, Name: email, Role: role, PasswordHash: "x",
			TimeZone: "America/New_York", CreatedAt: f.now})
		f.must(err)
		return &authz.Principal{UserID: id, Role: role, TimeZone: "America/New_York"}
	}
	f.therapist, f.stranger = user("t@example.test", "therapist"), user("s@example.test", "therapist")
	f.client, f.other = user("c@example.test", "client"), user("o@example.test", "client")
	f.must(store.InsertTherapist(ctx, f.d.W(), therapist.Profile{ID: f.therapist.UserID, Slug: "t", PressureMin: 1, PressureMax: 5}, f.now))
	var err error
	f.locationID, err = store.InsertLocation(ctx, f.d.W(), therapist.Location{TherapistID: f.therapist.UserID, Name: "Studio",
		Address: "1 Main St", City: "New York", Lat: 40.7, Lon: -74, TimeZone: "America/New_York", Jurisdiction: "US-NY"}, f.now)
	f.must(err)
	f.serviceID, err = store.InsertService(ctx, f.d.W(), therapist.Service{TherapistID: f.therapist.UserID, LocationID: f.locationID,
		Name: "Deep tissue", Technique: "deep_tissue", DurationMinutes: 60, PriceAmount: 9000, Currency: "USD"}, f.now)
	f.must(err)
	return f
}

func (f *fixture) must(err error) {
	f.t.Helper()
	if err != nil {
		f.t.Fatal(err)
	}
}

// session stores a session of the client with the therapist, starting
// daysAgo days before now, with its status; sessions on one day follow
// each other by the hour.
func (f *fixture) session(client *authz.Principal, daysAgo int, status string) int64 {
	f.t.Helper()
	f.booked[daysAgo]++
	start := f.now.AddDate(0, 0, -daysAgo).Add(time.Duration(f.booked[daysAgo]-1) * time.Hour)
	id, err := store.InsertAppointment(context.Background(), f.d.W(), store.Appointment{TherapistID: f.therapist.UserID,
		ClientID: client.UserID, ServiceID: f.serviceID, LocationID: f.locationID, Start: start, End: start.Add(time.Hour),
		BlocksUntil: start.Add(time.Hour), Status: status, CreatedBy: client.UserID}, f.now)
	f.must(err)
	return id
}

func acc(p *authz.Principal) audit.Access { return audit.Access{Actor: p, Address: "192.0.2.1"} }

func ip(n int) *int { return &n }

// log adds an entry daysAgo days back with these scores.
func (f *fixture) log(daysAgo, now, avg int) {
	f.t.Helper()
	date := outcome.LocalDate(f.now, tz.Or("America/New_York")).AddDate(0, 0, -daysAgo).Format(time.DateOnly)
	_, err := f.svc.AddEntry(context.Background(), acc(f.client), outcome.DiaryInput{Now: ip(now), Average: ip(avg), Worst: ip(avg + 1), Date: date})
	f.must(err)
}

func fields(err error) apperr.Fields {
	var e *apperr.Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

func TestAddEntryInput(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		name string
		in   outcome.DiaryInput
		bad  []string
	}{
		{"nothing", outcome.DiaryInput{}, []string{"now", "average", "worst"}},
		{"out of range", outcome.DiaryInput{Now: ip(-1), Average: ip(11), Worst: ip(10)}, []string{"now", "average"}},
		{"future", outcome.DiaryInput{Now: ip(1), Average: ip(1), Worst: ip(1), Date: "2026-12-02"}, []string{"date"}},
		{"too old", outcome.DiaryInput{Now: ip(1), Average: ip(1), Worst: ip(1), Date: "2026-11-16"}, []string{"date"}},
		{"not a date", outcome.DiaryInput{Now: ip(1), Average: ip(1), Worst: ip(1), Date: "1 Dec"}, []string{"date"}},
		{"fine: 14 days back", outcome.DiaryInput{Now: ip(0), Average: ip(0), Worst: ip(10), Date: "2026-11-17"}, nil},
		{"fine: today in New York", outcome.DiaryInput{Now: ip(3), Average: ip(4), Worst: ip(5), Note: " slept badly "}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := f.svc.AddEntry(context.Background(), acc(f.client), tt.in)
			got := fields(err)
			if len(got) != len(tt.bad) || (tt.bad == nil) != (err == nil) {
				t.Fatalf("errors %v (%v), want %v", got, err, tt.bad)
			}
			for _, b := range tt.bad {
				if got[b] == "" {
					t.Errorf("%s not named: %v", b, got)
				}
			}
			if err == nil && tt.in.Date == "" && (e.LocalDate != "2026-12-01" || e.Note != "slept badly") {
				t.Errorf("entry %+v", e)
			}
		})
	}
	page, err := f.svc.Diary(context.Background(), acc(f.client), f.client.UserID, "", 0, 10)
	if err != nil || len(page) != 2 || page[0].LocalDate != "2026-12-01" {
		t.Fatalf("diary %+v %v", page, err)
	}
}

// Only the client and a therapist in care read a diary, each read audited.
func TestDiaryAccess(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.log(0, 4, 4)
	tests := []struct {
		name string
		who  *authz.Principal
		ok   bool
	}{
		{"the client", f.client, true},
		{"another client", f.other, false},
		{"a therapist not in care", f.therapist, false},
		{"a stranger therapist", f.stranger, false},
		{"an admin", &authz.Principal{UserID: 999, Role: authz.RoleAdmin}, false},
	}
	for _, tt := range tests {
		_, err := f.svc.Diary(ctx, acc(tt.who), f.client.UserID, "", 0, 10)
		if (err == nil) != tt.ok || err != nil && !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
	f.session(f.client, 3, "booked")
	if _, err := f.svc.Diary(ctx, acc(f.therapist), f.client.UserID, "", 0, 10); err != nil {
		t.Errorf("therapist in care: %v", err)
	}
	var n int
	f.must(f.d.R().QueryRowContext(ctx, `select count(*) from audit_event where record_type = 'pain_diary' and action = 'read'`).Scan(&n))
	if n != 2 {
		t.Errorf("%d reads recorded, want 2 (the client's and the therapist's)", n)
	}
}

func TestSessionPain(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	past, old, missed := f.session(f.client, 1, "booked"), f.session(f.client, 9, "booked"), f.session(f.client, 2, "no_show")
	tests := []struct {
		name  string
		who   *authz.Principal
		id    int64
		phase string
		score *int
		want  string // "" ok, "404", or the field named
	}{
		{"client before", f.client, past, "before", ip(7), ""},
		{"therapist after", f.therapist, past, "after", ip(4), ""},
		{"client again replaces", f.client, past, "after", ip(3), ""},
		{"another client", f.other, past, "before", ip(1), "404"},
		{"another therapist", f.stranger, past, "before", ip(1), "404"},
		{"bad phase", f.client, past, "during", ip(1), "when"},
		{"no score", f.client, past, "before", nil, "score"},
		{"score 11", f.client, past, "before", ip(11), "score"},
		{"over a week after", f.client, old, "after", ip(2), "when"},
		{"a missed session", f.client, missed, "after", ip(2), "when"},
	}
	for _, tt := range tests {
		err := f.svc.SetSessionPain(ctx, acc(tt.who), tt.id, tt.phase, tt.score)
		switch {
		case tt.want == "" && err != nil, tt.want == "404" && !errors.Is(err, apperr.ErrNotFound),
			tt.want != "" && tt.want != "404" && fields(err)[tt.want] == "":
			t.Errorf("%s: %v", tt.name, err)
		}
	}
	p, err := f.svc.Progress(ctx, acc(f.client), f.client.UserID)
	f.must(err)
	var got *store.Session
	for i := range p.Sessions {
		if p.Sessions[i].AppointmentID == past {
			got = &p.Sessions[i]
		}
	}
	if len(p.Sessions) != 2 || got == nil || got.Before != 7 || got.After != 3 {
		t.Errorf("sessions %+v", p.Sessions)
	}
}

// Two weeks of unchanged pain and six sessions: not improving, flagged on
// the therapist's dashboard; then a PGIC of "much improved" counts.
func TestProgressAndDashboard(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for d := 13; d >= 0; d-- {
		f.log(d, 6, 6)
	}
	for _, d := range []int{40, 33, 26, 19, 12, 5} {
		f.session(f.client, d, "booked")
	}
	f.session(f.other, 2, "booked")
	p, err := f.svc.Progress(ctx, acc(f.client), f.client.UserID)
	f.must(err)
	if p.Verdict.Kind != outcome.NoChange || p.Ref.BaselineSource != outcome.FromDiary || p.Ref.Baseline != 6 || p.Due == nil ||
		p.Due.Point.ID != "week4" || p.Due.Overdue {
		t.Fatalf("progress: %+v verdict %+v due %+v", p.Ref, p.Verdict, p.Due)
	}
	rows, err := f.svc.Dashboard(ctx, acc(f.therapist), "attention")
	f.must(err)
	if len(rows) != 2 || rows[0].Client.ID != f.client.UserID || len(rows[0].Flags) != 1 || rows[0].Flags[0] != outcome.FlagNotImproving {
		t.Fatalf("dashboard %+v", rows)
	}
	if rows, _ := f.svc.Dashboard(ctx, acc(f.stranger), ""); len(rows) != 0 {
		t.Errorf("a therapist without clients sees %d", len(rows))
	}
	if _, err := f.svc.AnswerPGIC(ctx, acc(f.client), "week10", ip(2)); fields(err)["point"] == "" {
		t.Errorf("answering a point not due: %v", err)
	}
	if _, err := f.svc.AnswerPGIC(ctx, acc(f.client), "week4", ip(8)); fields(err)["score"] == "" {
		t.Errorf("answer 8: %v", err)
	}
	_, err = f.svc.AnswerPGIC(ctx, acc(f.client), "week4", ip(2))
	f.must(err)
	if _, err := f.svc.AnswerPGIC(ctx, acc(f.client), "week4", ip(2)); fields(err)["point"] == "" {
		t.Errorf("answering twice: %v", err)
	}
	p, err = f.svc.Progress(ctx, acc(f.client), f.client.UserID)
	f.must(err)
	if p.Verdict.Kind != outcome.Improved || !p.Verdict.ByPGIC || p.Due != nil {
		t.Errorf("after PGIC much improved: %+v due %+v", p.Verdict, p.Due)
	}
}

// The intake's pain-average is the baseline when the intake area gives
// one; an instrument's responder counts as improvement.
func TestSeams(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.log(0, 5, 5)
	f.svc.WithIntake(func(context.Context, db.Querier, int64) (*int, error) { return ip(8), nil })
	p, err := f.svc.Progress(ctx, acc(f.client), f.client.UserID)
	f.must(err)
	if p.Ref.BaselineSource != outcome.FromIntake || p.Ref.Baseline != 8 || p.Verdict.Kind != outcome.Improved || p.Verdict.ByInstrument {
		t.Errorf("intake baseline 8, now 5: %+v %+v", p.Ref, p.Verdict)
	}
	f.svc.WithIntake(nil).WithInstrument(func(context.Context, db.Querier, int64) (bool, error) { return true, nil })
	p, err = f.svc.Progress(ctx, acc(f.client), f.client.UserID)
	f.must(err)
	if p.Ref.BaselineSource != outcome.NoSource || p.Verdict.Kind != outcome.Improved || !p.Verdict.ByInstrument {
		t.Errorf("instrument responder: %+v %+v", p.Ref, p.Verdict)
	}
}

// The public summary counts clients with 4 or more sessions, and shows
// only when the therapist chose to and there are at least 10.
func TestPublicSummary(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.svc.WithInstrument(func(_ context.Context, _ db.Querier, id int64) (bool, error) { return id%4 == 0, nil })
	add := func(n int) {
		for range n {
			c := &authz.Principal{Role: "client"}
			var err error
			c.UserID, err = store.InsertUser(ctx, f.d.W(), store.NewUser{Email: time.Now().Format(".150405.000000000") + "@x.test",
				Name: "c", Role: "client", PasswordHash: "x", TimeZone: "UTC", CreatedAt: f.now})
			f.must(err)
			for _, d := range []int{20, 15, 10, 5} {
				f.session(c, d, "booked")
			}
		}
	}
	add(9)
	f.session(f.client, 3, "booked") // one session: not counted
	if s, err := f.svc.PublicSummary(ctx, f.therapist.UserID, false); err != nil || s.Clients != 0 || s.Show() {
		t.Fatalf("not chosen: %+v %v", s, err)
	}
	f.must(f.svc.SetPublicSummary(ctx, f.therapist.UserID, true))
	if s, _ := f.svc.PublicSummary(ctx, f.therapist.UserID, false); s.Clients != 9 || s.Show() {
		t.Errorf("9 clients: %+v", s)
	}
	add(1)
	s, err := f.svc.PublicSummary(ctx, f.therapist.UserID, false)
	if err != nil || s.Clients != 10 || !s.Show() || s.Percent() != 10*s.Responders || s.Responders == 0 {
		t.Errorf("10 clients: %+v %v", s, err)
	}
	f.must(f.svc.SetPublicSummary(ctx, f.therapist.UserID, false))
	if s, _ := f.svc.PublicSummary(ctx, f.therapist.UserID, false); s.Show() {
		t.Errorf("turned off: %+v", s)
	}
}

func TestRescreenDue(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	tests := []struct {
		daysAgo, now int
		want         bool
	}{
		{3, 2, false}, // a single entry
		{2, 4, false}, // +2
		{1, 7, true},  // +3
		{0, 6, false}, // −1
	}
	for _, tt := range tests {
		f.log(tt.daysAgo, tt.now, tt.now)
		if got, err := outcome.RescreenDue(ctx, f.d.R(), f.client.UserID); err != nil || got != tt.want {
			t.Errorf("after %d: %v %v, want %v", tt.now, got, err, tt.want)
		}
	}
}

// A client who has not done the home care assigned over the last week is
// flagged; a client with none assigned is not.
func TestDashboardHomeCare(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	careNow := f.now.AddDate(0, 0, -10)
	care := homecare.New(f.d, func() time.Time { return careNow })
	f.svc.WithHomeCare(care)
	f.session(f.client, 12, "booked")
	f.session(f.other, 12, "booked")
	_, err := care.Assign(ctx, acc(f.therapist), f.client.UserID, homecare.AssignInput{Routine: "cat-cow", Times: 2, Per: "day"})
	f.must(err)
	careNow = f.now
	rows, err := f.svc.Dashboard(ctx, acc(f.therapist), "name")
	f.must(err)
	flagged := map[int64]bool{}
	for _, r := range rows {
		flagged[r.Client.ID] = slices.Contains(r.Flags, outcome.FlagHomeCare)
		if r.Client.ID == f.client.UserID && (r.HomeCare.Due == 0 || r.HomeCare.Done != 0) {
			t.Errorf("adherence %+v, want some due and none done", r.HomeCare)
		}
	}
	if !flagged[f.client.UserID] || flagged[f.other.UserID] {
		t.Errorf("home care flags %v, want only the client with routines (%d)", flagged, f.client.UserID)
	}
}
