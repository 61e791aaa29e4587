package homecare_test

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/audit"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/homecare"
	"github.com/knead/knead/internal/screening"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/testkit"
	"github.com/knead/knead/internal/therapist"
	"github.com/knead/knead/internal/triage"
)

// world is a therapist with a client in their care (an appointment booked
// on 10 November), a second client and therapist with no care between
// them and the first pair, and a site admin. The client lives in New York
// and takes a blood thinner (CI-03).
type world struct {
	t                       *testing.T
	d                       *db.DB
	now                     time.Time
	svc                     *homecare.Service
	therapist, other, admin *authz.Principal
	client, stranger        *authz.Principal
	appointment, otherAppt  int64
}

func newWorld(t *testing.T) *world {
	t.Helper()
	ctx := context.Background()
	d := testkit.OpenDB(t)
	w := &world{t: t, d: d, now: time.Date(2026, 11, 4, 17, 0, 0, 0, time.UTC)}
	w.svc = homecare.New(d, func() time.Time { return w.now })
	user := func(email, role string) *authz.Principal {
		id, err := store.InsertUser(ctx, d.W(), store.NewUser{Email: email, Name: email, Role: role, PasswordHash: "x",
			TimeZone: "America/New_York", CreatedAt: w.now})
		if err != nil {
			t.Fatal(err)
		}
		return &authz.Principal{UserID: id, Role: role}
	}
	w.therapist, w.other, w.admin = user("t@example.test", "therapist"), user("o@example.test", "therapist"), user("a@example.test", "admin")
	w.client, w.stranger = user("c@example.test", "client"), user("s@example.test", "client")
	w.appointment = w.book(w.therapist, w.client, time.Date(2026, 11, 10, 15, 0, 0, 0, time.UTC))
	w.otherAppt = w.book(w.other, w.stranger, time.Date(2026, 11, 10, 15, 0, 0, 0, time.UTC))
	w.screen(w.client, triage.CI03)
	return w
}

func (w *world) book(th, cl *authz.Principal, start time.Time) int64 {
	w.t.Helper()
	ctx := context.Background()
	if err := store.InsertTherapist(ctx, w.d.W(), therapist.Profile{ID: th.UserID, Slug: "t" + itoa(th.UserID), PressureMin: 1,
		PressureMax: 5}, w.now); err != nil {
		w.t.Fatal(err)
	}
	loc, err := store.InsertLocation(ctx, w.d.W(), therapist.Location{TherapistID: th.UserID, Name: "Studio", Address: "1 Main St",
		City: "New York", Lat: 40.7, Lon: -74, TimeZone: "America/New_York", Jurisdiction: "US-NY"}, w.now)
	if err != nil {
		w.t.Fatal(err)
	}
	svc, err := store.InsertService(ctx, w.d.W(), therapist.Service{TherapistID: th.UserID, LocationID: loc, Name: "Swedish",
		Technique: "swedish", DurationMinutes: 60, PriceAmount: 9000, Currency: "USD"}, w.now)
	if err != nil {
		w.t.Fatal(err)
	}
	id, err := store.InsertAppointment(ctx, w.d.W(), store.Appointment{TherapistID: th.UserID, ClientID: cl.UserID, ServiceID: svc,
		LocationID: loc, Start: start, End: start.Add(time.Hour), BlocksUntil: start.Add(time.Hour), Status: "booked",
		CreatedBy: cl.UserID}, w.now)
	if err != nil {
		w.t.Fatal(err)
	}
	return id
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// screen stores a screening flagging ids (a caution-tier result).
func (w *world) screen(cl *authz.Principal, ids ...triage.ID) {
	w.t.Helper()
	res, _ := json.Marshal(triage.Result{RuleVersion: triage.RuleVersion, Tier: triage.Caution, Flags: ids})
	if _, err := store.InsertScreening(context.Background(), w.d.W(), store.Screening{ClientID: cl.UserID, TakenAt: w.now,
		RuleVersion: triage.RuleVersion, DateOfBirth: "1980-01-01", Answers: "{}", Conditions: "{}", Result: string(res)}); err != nil {
		w.t.Fatal(err)
	}
}

func as(p *authz.Principal) audit.Access { return audit.Access{Actor: p, Address: "192.0.2.1"} }

func (w *world) auditCount(recordType string) int {
	w.t.Helper()
	var n int
	if err := w.d.R().QueryRowContext(context.Background(), `select count(*) from audit_event where record_type = $1`,
		recordType).Scan(&n); err != nil {
		w.t.Fatal(err)
	}
	return n
}

func notFound(err error) bool { return errors.Is(err, apperr.ErrNotFound) }

func TestAssignTickAndAdherence(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	p, err := w.svc.Assign(ctx, as(w.therapist), w.client.UserID, homecare.AssignInput{Routine: "cat-cow", Times: 2, Per: "day",
		Note: "  Slowly, morning and evening.  "})
	if err != nil || len(p.Items) != 1 || p.Items[0].Note != "Slowly, morning and evening." || p.Items[0].DueToday != 2 {
		t.Fatalf("assign: %v %+v", err, p.Items)
	}
	id := p.Items[0].ID
	// The foam roller is ruled out by the blood thinner, and offered as such.
	for _, o := range p.Offers {
		if (o.Slug == "foam-roller-upper-back" || o.Slug == "ball-beside-spine") != (o.Excluded != nil) {
			t.Errorf("offer %s excluded %v", o.Slug, o.Excluded)
		}
		if o.Assigned != (o.Slug == "cat-cow") {
			t.Errorf("offer %s assigned %v", o.Slug, o.Assigned)
		}
	}
	for i, want := range []int{1, 2, 2} { // the third tap is not stored
		w.now = w.now.Add(time.Minute)
		p, err = w.svc.Done(ctx, as(w.client), id)
		if err != nil || p.Items[0].DoneToday != want {
			t.Fatalf("tick %d: %v done today %+v", i, err, p.Items)
		}
	}
	if p.Week != (homecare.Adherence{Done: 2, Due: 2}) || p.Month != p.Week {
		t.Errorf("adherence %+v %+v", p.Week, p.Month)
	}
	// Tomorrow, in New York, nothing done yet: yesterday counts in full.
	w.now = time.Date(2026, 11, 5, 17, 0, 0, 0, time.UTC)
	if p, err = w.svc.Mine(ctx, as(w.client)); err != nil || p.Items[0].DoneToday != 0 || p.Week.Percent() != 100 {
		t.Errorf("next day: %v %+v %+v", err, p.Items, p.Week)
	}
	// The dashboard's figure over two whole days, once both are over: 2 of 4.
	w.now = time.Date(2026, 11, 6, 17, 0, 0, 0, time.UTC)
	a, err := w.svc.Adherence(ctx, w.d.R(), w.client.UserID, time.Date(2026, 11, 4, 5, 0, 0, 0, time.UTC),
		time.Date(2026, 11, 6, 5, 0, 0, 0, time.UTC))
	if err != nil || a != (homecare.Adherence{Done: 2, Due: 4}) {
		t.Errorf("Adherence: %v %+v", err, a)
	}
	// Removed: no longer listed, the therapist's record of it stays.
	if p, err = w.svc.Remove(ctx, as(w.therapist), w.client.UserID, id); err != nil || len(p.Items) != 0 {
		t.Errorf("remove: %v %+v", err, p.Items)
	}
	if _, err = w.svc.Done(ctx, as(w.client), id); !notFound(err) {
		t.Errorf("tick a removed routine: %v", err)
	}
	if _, err = w.svc.Remove(ctx, as(w.therapist), w.client.UserID, id); !notFound(err) {
		t.Errorf("remove twice: %v", err)
	}
}

func TestAssignRefused(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	if _, err := w.svc.Assign(ctx, as(w.therapist), w.client.UserID, homecare.AssignInput{Routine: "heat", Times: 1, Per: "day"}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		in   homecare.AssignInput
		want map[string]string // field → part of the message
	}{
		{"ruled out by the screening", homecare.AssignInput{Routine: "foam-roller-upper-back", Times: 1, Per: "day"},
			map[string]string{"routine": "blood thinner or bruise or bleed easily (CI-03)"}},
		{"assigned already", homecare.AssignInput{Routine: "heat", Times: 2, Per: "day"}, map[string]string{"routine": "assigned already"}},
		{"unknown routine", homecare.AssignInput{Routine: "yoga", Times: 1, Per: "day"}, map[string]string{"routine": "library"}},
		{"no times, bad period, long note", homecare.AssignInput{Routine: "cold", Times: 0, Per: "month", Note: strings.Repeat("é", 501)},
			map[string]string{"times": "1 to 10", "per": "day or a week", "note": "500"}},
		{"too many times", homecare.AssignInput{Routine: "cold", Times: 11, Per: "week"}, map[string]string{"times": "1 to 10"}},
	}
	for _, tc := range tests {
		_, err := w.svc.Assign(ctx, as(w.therapist), w.client.UserID, tc.in)
		e := apperr.From(err)
		if e.Status != 422 || len(e.Fields) != len(tc.want) {
			t.Errorf("%s: %v %v", tc.name, err, e.Fields)
			continue
		}
		for f, part := range tc.want {
			if !strings.Contains(e.Fields[f], part) {
				t.Errorf("%s: %s says %q, want %q in it", tc.name, f, e.Fields[f], part)
			}
		}
	}
	p, err := w.svc.Mine(ctx, as(w.client))
	if err != nil || len(p.Items) != 1 {
		t.Errorf("after refusals: %v %+v", err, p.Items)
	}
}

// Only the client and a therapist in their care see the plan; everyone
// else, admins included, is answered not-found, and nothing is recorded
// for them.
func TestAccess(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	p, err := w.svc.Assign(ctx, as(w.therapist), w.client.UserID, homecare.AssignInput{Routine: "heat", Times: 1, Per: "day"})
	if err != nil {
		t.Fatal(err)
	}
	id := p.Items[0].ID
	before := w.auditCount(homecare.RecordType)
	cid := w.client.UserID
	tests := []struct {
		name string
		do   func() error
		ok   bool
	}{
		{"the client reads theirs", func() error { _, err := w.svc.Mine(ctx, as(w.client)); return err }, true},
		{"their therapist reads it", func() error { _, err := w.svc.ForClient(ctx, as(w.therapist), cid); return err }, true},
		{"another therapist", func() error { _, err := w.svc.ForClient(ctx, as(w.other), cid); return err }, false},
		{"an admin browsing", func() error { _, err := w.svc.ForClient(ctx, as(w.admin), cid); return err }, false},
		{"a client on the therapists' path", func() error { _, err := w.svc.ForClient(ctx, as(w.client), cid); return err }, false},
		{"a therapist on the clients' path", func() error { _, err := w.svc.Mine(ctx, as(w.therapist)); return err }, false},
		{"another client ticks it", func() error { _, err := w.svc.Done(ctx, as(w.stranger), id); return err }, false},
		{"another therapist assigns", func() error {
			_, err := w.svc.Assign(ctx, as(w.other), cid, homecare.AssignInput{Routine: "cold", Times: 1, Per: "day"})
			return err
		}, false},
		{"another therapist removes", func() error { _, err := w.svc.Remove(ctx, as(w.other), cid, id); return err }, false},
		{"an admin removes", func() error { _, err := w.svc.Remove(ctx, as(w.admin), cid, id); return err }, false},
		{"after-care: the client", func() error { _, err := w.svc.Aftercare(ctx, as(w.client), w.appointment, time.UTC); return err }, true},
		{"after-care: the therapist", func() error { _, err := w.svc.Aftercare(ctx, as(w.therapist), w.appointment, time.UTC); return err }, true},
		{"after-care: another client", func() error { _, err := w.svc.Aftercare(ctx, as(w.stranger), w.appointment, time.UTC); return err }, false},
		{"after-care: another therapist", func() error { _, err := w.svc.Aftercare(ctx, as(w.other), w.appointment, time.UTC); return err }, false},
		{"after-care: an admin", func() error { _, err := w.svc.Aftercare(ctx, as(w.admin), w.appointment, time.UTC); return err }, false},
		{"after-care: no such appointment", func() error { _, err := w.svc.Aftercare(ctx, as(w.client), 99999, time.UTC); return err }, false},
	}
	reads := 0
	for _, tc := range tests {
		err := tc.do()
		switch {
		case tc.ok && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case !tc.ok && !notFound(err):
			t.Errorf("%s: %v, want not-found", tc.name, err)
		case tc.ok:
			reads++
		}
	}
	if got := w.auditCount(homecare.RecordType) - before; got != reads {
		t.Errorf("%d reads recorded, want %d", got, reads)
	}
	a, err := w.svc.Aftercare(ctx, as(w.client), w.appointment, time.UTC)
	if err != nil || !a.ForClient || a.Plan == nil || len(a.Plan.Items) != 1 {
		t.Errorf("after-care for the client: %v %+v", err, a)
	}
}

// A new screening that rules an assigned routine out pauses it: it cannot
// be ticked, it leaves adherence, and the refusal still records the reads
// whose reasons it shows.
func TestNewScreeningPausesARoutine(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	p, err := w.svc.Assign(ctx, as(w.therapist), w.client.UserID, homecare.AssignInput{Routine: "heat", Times: 1, Per: "day"})
	if err != nil {
		t.Fatal(err)
	}
	id := p.Items[0].ID
	w.now = w.now.Add(time.Hour)
	w.screen(w.client, triage.CI12)
	w.now = w.now.Add(time.Hour)
	before := w.auditCount(screening.RecordType)
	_, err = w.svc.Done(ctx, as(w.client), id)
	if e := apperr.From(err); e.Status != 422 || !strings.Contains(e.Fields["routine"], "(CI-12)") {
		t.Fatalf("tick a paused routine: %v %v", err, e.Fields)
	}
	if got := w.auditCount(screening.RecordType) - before; got != 1 {
		t.Errorf("%d screening reads recorded for the refusal, want 1", got)
	}
	p, err = w.svc.Mine(ctx, as(w.client))
	if err != nil || p.Items[0].Excluded == nil || p.Week.Due != 0 {
		t.Errorf("paused: %v %+v %+v", err, p.Items, p.Week)
	}
	before = w.auditCount(screening.RecordType)
	if _, err := w.svc.Assign(ctx, as(w.therapist), w.client.UserID, homecare.AssignInput{Routine: "cold", Times: 1,
		Per: "day"}); apperr.From(err).Status != 422 {
		t.Fatalf("cold with neuropathy: %v", err)
	}
	if got := w.auditCount(screening.RecordType) - before; got != 1 {
		t.Errorf("%d screening reads recorded for the refused assignment, want 1", got)
	}
}
