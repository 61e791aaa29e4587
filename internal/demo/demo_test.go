package demo_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/knead/knead/internal/account"
	"github.com/knead/knead/internal/audit"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/demo"
	"github.com/knead/knead/internal/outcome"
	"github.com/knead/knead/internal/screening"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/testkit"
	"github.com/knead/knead/internal/therapist"
)

var now = time.Date(2026, 11, 25, 14, 30, 0, 0, time.UTC)

func load(t testing.TB, d *db.DB, opt demo.Options) demo.Result {
	t.Helper()
	if opt.Now.IsZero() {
		opt.Now = now
	}
	res, err := demo.Load(context.Background(), d, account.NewHasher(account.Cheap, 2), opt, testkit.Logger())
	if err != nil {
		t.Fatalf("Load(%+v): %v", opt, err)
	}
	return res
}

func records(t *testing.T, d *db.DB) []store.TherapistRecord {
	t.Helper()
	recs, err := store.TherapistRecords(context.Background(), d.R(), demo.Domain)
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func accounts(t *testing.T, d *db.DB) []store.DomainAccount {
	t.Helper()
	as, err := store.AccountsInDomain(context.Background(), d.R(), demo.Domain)
	if err != nil {
		t.Fatal(err)
	}
	return as
}

// describe writes a therapist as text. Without ids it compares across
// databases; services name their location by position.
func describe(r store.TherapistRecord, ids bool) string {
	var b strings.Builder
	p := r.Profile
	if ids {
		fmt.Fprintf(&b, "id %d\n", p.ID)
	}
	fmt.Fprintf(&b, "%s %q %s %q %s %v %v %d-%d %d\n", r.Email, p.Name, p.Slug, p.Bio, p.Gender, p.Languages,
		p.Focus, p.PressureMin, p.PressureMax, p.YearsBackPain)
	at := map[int64]int{}
	for i, l := range r.Locations {
		at[l.ID] = i
		fmt.Fprintf(&b, "loc %q %q %q %q %.5f %.5f %s %s\n", l.Name, l.Address, l.City, l.PostalCode, l.Lat, l.Lon,
			l.TimeZone, l.Jurisdiction)
	}
	for _, s := range r.Services {
		fmt.Fprintf(&b, "svc %q %s %d %d %s %d at %d\n", s.Name, s.Technique, s.DurationMinutes, s.PriceAmount,
			s.Currency, s.BufferMinutes, at[s.LocationID])
	}
	for _, c := range r.Credentials {
		verified := "-"
		if c.VerifiedAt != nil {
			verified = c.VerifiedAt.UTC().Format(time.RFC3339)
		}
		fmt.Fprintf(&b, "cred %s %s %s %s %q %s %s %s\n", c.Kind, c.Type, c.Number, c.Jurisdiction, c.Issuer,
			c.ExpiresOn.Format(time.DateOnly), c.Status, verified)
	}
	return b.String()
}

// digest sums up every demo account and therapist row, without ids.
func digest(t *testing.T, d *db.DB) string {
	t.Helper()
	h := sha256.New()
	for _, a := range accounts(t, d) {
		fmt.Fprintf(h, "%s %q %s %s %v\n", a.Email, a.Name, a.Role, a.TimeZone, a.EmailVerifiedAt)
	}
	for _, r := range records(t, d) {
		h.Write([]byte(describe(r, false)))
	}
	return hex.EncodeToString(h.Sum(nil))
}

func TestLoadIsDeterministic(t *testing.T) {
	tests := []struct {
		name         string
		seedA, seedB int64
		same         bool
	}{
		{"same seed, same data", 7, 7, true},
		{"other seed, other data", 7, 8, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := testkit.OpenDB(t), testkit.OpenDB(t)
			load(t, a, demo.Options{Therapists: 30, Clients: 5, Seed: tt.seedA})
			load(t, b, demo.Options{Therapists: 30, Clients: 5, Seed: tt.seedB})
			if got := digest(t, a) == digest(t, b); got != tt.same {
				t.Fatalf("seeds %d and %d: same data = %v, want %v", tt.seedA, tt.seedB, got, tt.same)
			}
		})
	}
}

func TestLoadTwiceAddsNothing(t *testing.T) {
	d := testkit.OpenDB(t)
	ctx := context.Background()
	opt := demo.Options{Therapists: 20, Clients: 6, Seed: 3}
	if res := load(t, d, opt); res != (demo.Result{TherapistsAdded: 20, ClientsAdded: 6, AdminAdded: true}) {
		t.Fatalf("first Load = %+v", res)
	}
	before, err := store.TableCounts(ctx, d.R())
	if err != nil {
		t.Fatal(err)
	}
	sum := digest(t, d)
	// A later clock must not matter either: nothing is missing.
	if res := load(t, d, demo.Options{Therapists: 20, Clients: 6, Seed: 3, Now: now.Add(48 * time.Hour)}); res != (demo.Result{}) {
		t.Fatalf("second Load = %+v, want nothing added", res)
	}
	after, err := store.TableCounts(ctx, d.R())
	if err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(before, after) {
		t.Fatalf("row counts changed: %v, then %v", before, after)
	}
	if before["app_user"] != 1+20+6 || before["therapist"] != 20 {
		t.Errorf("counts %v, want 27 accounts and 20 therapists", before)
	}
	if digest(t, d) != sum {
		t.Fatal("second Load changed the data")
	}
}

func TestLargerCountAddsOnlyTheMissing(t *testing.T) {
	grown, fresh := testkit.OpenDB(t), testkit.OpenDB(t)
	load(t, grown, demo.Options{Therapists: 10, Clients: 3, Seed: 11})
	first := map[string]string{}
	for _, r := range records(t, grown) {
		first[r.Email] = describe(r, true)
	}
	res := load(t, grown, demo.Options{Therapists: 25, Clients: 5, Seed: 11})
	if res != (demo.Result{TherapistsAdded: 15, ClientsAdded: 2}) {
		t.Fatalf("extending Load = %+v, want 15 therapists and 2 clients", res)
	}
	recs := records(t, grown)
	if len(recs) != 25 || len(accounts(t, grown)) != 1+25+5 {
		t.Fatalf("%d therapists, %d accounts; want 25 and 31", len(recs), len(accounts(t, grown)))
	}
	for _, r := range recs {
		if want, ok := first[r.Email]; ok && describe(r, true) != want {
			t.Errorf("%s changed:\n%s\nwas\n%s", r.Email, describe(r, true), want)
		}
	}
	// Therapist i is the same whether the set grew to 25 or was loaded at 25.
	load(t, fresh, demo.Options{Therapists: 25, Clients: 5, Seed: 11})
	byEmail := map[string]string{}
	for _, r := range records(t, fresh) {
		byEmail[r.Email] = describe(r, false)
	}
	for _, r := range recs {
		if got := describe(r, false); got != byEmail[r.Email] {
			t.Errorf("%s differs between a grown and a fresh data set:\n%s\nvs\n%s", r.Email, got, byEmail[r.Email])
		}
	}
}

func TestDemoAccounts(t *testing.T) {
	d := testkit.OpenDB(t)
	load(t, d, demo.Options{Therapists: 3, Clients: 2, Seed: 1})
	byEmail := map[string]store.DomainAccount{}
	hashes := map[string]bool{}
	for _, a := range accounts(t, d) {
		byEmail[a.Email] = a
		hashes[a.PasswordHash] = true
	}
	if len(byEmail) != 1+3+2 {
		t.Fatalf("%d demo accounts, want 6", len(byEmail))
	}
	for _, tt := range []struct{ email, role string }{
		{"admin@demo.knead.test", "admin"},
		{"therapist1@demo.knead.test", "therapist"},
		{"therapist3@demo.knead.test", "therapist"},
		{"client1@demo.knead.test", "client"},
		{"client2@demo.knead.test", "client"},
	} {
		a, ok := byEmail[tt.email]
		if !ok {
			t.Errorf("%s missing", tt.email)
			continue
		}
		if a.Role != tt.role || a.Name == "" || a.EmailVerifiedAt == nil || !a.EmailVerifiedAt.Equal(now) {
			t.Errorf("%s: role %q, name %q, verified %v; want role %q, verified at %v", tt.email, a.Role, a.Name,
				a.EmailVerifiedAt, tt.role, now)
		}
	}
	// One hash for all: the slow hash runs once per Load.
	if len(hashes) != 1 {
		t.Fatalf("%d distinct password hashes, want 1", len(hashes))
	}
	ok, _, err := account.NewHasher(account.Cheap, 1).Verify(context.Background(), demo.Password, byEmail[demo.AdminEmail].PasswordHash)
	if err != nil || !ok {
		t.Fatalf("demo password does not verify: %v, %v", ok, err)
	}
	// Demo clients can book out of the box: each has a clean screening.
	for _, email := range []string{"client1@demo.knead.test", "client2@demo.knead.test"} {
		st, err := screening.StandingOf(context.Background(), d.R(), byEmail[email].ID, now)
		if err != nil || st.Verdict.Blocks || len(st.Excluded) != 0 {
			t.Errorf("%s may not book: %+v, %v", email, st, err)
		}
	}
	for _, r := range records(t, d) {
		if a := byEmail[r.Email]; a.ID != r.Profile.ID || a.Name != r.Profile.Name || a.TimeZone != r.Locations[0].TimeZone {
			t.Errorf("%s: account %d %q %s, therapist %d %q in %s", r.Email, a.ID, a.Name, a.TimeZone,
				r.Profile.ID, r.Profile.Name, r.Locations[0].TimeZone)
		}
	}
}

func TestLoadRejectsNegativeCounts(t *testing.T) {
	d := testkit.OpenDB(t)
	_, err := demo.Load(context.Background(), d, account.NewHasher(account.Cheap, 1),
		demo.Options{Therapists: -1}, testkit.Logger())
	if err == nil {
		t.Fatal("Load with -1 therapists succeeded")
	}
}

func haversineKm(lat1, lon1, lat2, lon2 float64) float64 {
	rad := math.Pi / 180
	a := math.Pow(math.Sin((lat2-lat1)*rad/2), 2) +
		math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Pow(math.Sin((lon2-lon1)*rad/2), 2)
	return 2 * 6371 * math.Asin(math.Sqrt(a))
}

// verified reports whether c is a verified credential current on now.
func verified(c therapist.Credential) bool {
	return c.Status == "verified" && c.ExpiresOn.After(now)
}

// unlicensed are the jurisdictions without a massage licence among the
// demo's (domain-clinical.md §5.3).
var unlicensed = []string{"US-MN", "GB", "CA-AB", "CA-QC"}

// The demo's care story shows on a fresh demo: one client improving, one
// flagged as not improving on their therapist's dashboard.
func TestDemoCareStory(t *testing.T) {
	d := testkit.OpenDB(t)
	load(t, d, demo.Options{Therapists: 3, Clients: 12, Seed: 1})
	ctx := context.Background()
	svc := outcome.New(d, func() time.Time { return now })
	id := func(email string) *authz.Principal {
		u, err := store.UserByEmail(ctx, d.R(), email)
		if err != nil {
			t.Fatal(err)
		}
		return &authz.Principal{UserID: u.ID, Role: u.Role, TimeZone: u.TimeZone}
	}
	for _, tt := range []struct {
		email string
		want  outcome.Kind
	}{{demo.StoryImproving, outcome.Improved}, {demo.StoryNoChange, outcome.NoChange}} {
		c := id(tt.email)
		p, err := svc.Progress(ctx, audit.Access{Actor: c}, c.UserID)
		if err != nil || p.Verdict.Kind != tt.want {
			t.Errorf("%s: verdict %+v (%v), want %s", tt.email, p.Verdict, err, tt.want)
		}
	}
	rows, err := svc.Dashboard(ctx, audit.Access{Actor: id(demo.StoryTherapist)}, "attention")
	if err != nil || len(rows) != 2 || !slices.Contains(rows[0].Flags, outcome.FlagNotImproving) {
		t.Errorf("the story therapist's dashboard: %+v, %v", rows, err)
	}
}
