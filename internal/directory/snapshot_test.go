package directory_test

import (
	"context"
	"net/url"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/directory"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/testkit"
	"github.com/knead/knead/internal/therapist"
)

// TestAnotherServersChange is two servers on one database: the directory a
// search keeps in memory must follow a change the other server made, at
// the very next search.
func TestAnotherServersChange(t *testing.T) {
	ctx := context.Background()
	url := testkit.DatabaseURL(t)
	open := func() *db.DB {
		d, err := db.Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { d.Close() })
		return d
	}
	w := newWorldOn(t, open())
	other := open() // the second server
	id := func(name string) int64 { return w.ids[name] }
	location := func(name string) int64 {
		t.Helper()
		locs, err := store.LocationsOf(ctx, other.R(), id(name))
		if err != nil || len(locs) == 0 {
			t.Fatal(locs, err)
		}
		return locs[0].ID
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name   string
		query  string
		before []string
		change func()
		after  []string
	}{
		{"gender", "gender=female", []string{"Ada Missouri"}, func() {
			p, err := store.ProfileByID(ctx, other.R(), id("Ben Kansas"))
			must(err)
			p.Gender = "female"
			must(store.UpdateProfile(ctx, other.W(), p))
		}, []string{"Ada Missouri", "Ben Kansas"}},
		{"language", "language=fr", nil, func() {
			p, err := store.ProfileByID(ctx, other.R(), id("Dan Topeka"))
			must(err)
			p.Languages = []string{"en", "fr"}
			must(store.UpdateProfile(ctx, other.W(), p))
		}, []string{"Dan Topeka"}},
		{"new service", "technique=swedish", []string{"Ada Missouri"}, func() {
			_, err := store.InsertService(ctx, other.W(), therapist.Service{TherapistID: id("Dan Topeka"), LocationID: location("Dan Topeka"),
				Name: "Swedish", Technique: "swedish", DurationMinutes: 60, PriceAmount: 5000, Currency: "USD"}, now)
			must(err)
		}, []string{"Ada Missouri", "Dan Topeka"}},
		{"archived location", "near=" + kc + "&radius_km=150", []string{"Ada Missouri", "Ben Kansas", "Dan Topeka"}, func() {
			must(store.ArchiveLocation(ctx, other.W(), id("Ada Missouri"), location("Ada Missouri"), now))
		}, []string{"Ben Kansas", "Dan Topeka"}},
		{"credential verified", "technique=thai", nil, func() {
			cs, err := store.CredentialsOf(ctx, other.R(), id("Cleo Pending"))
			must(err)
			at := now
			must(store.SetCredentialStatus(ctx, other.W(), cs[0].ID, therapist.StatusVerified, &at, ""))
		}, []string{"Cleo Pending"}},
		{"weekly hours", evening + "&near=" + kc + "&radius_km=150", []string{"Ben Kansas"}, func() {
			must(store.ReplaceWeeklyHours(ctx, other.W(), id("Dan Topeka"), location("Dan Topeka"),
				[]store.HoursRow{{LocationID: location("Dan Topeka"), Weekday: 5, StartMinute: 18 * 60, EndMinute: 22 * 60}}))
		}, []string{"Ben Kansas", "Dan Topeka"}},
		{"name", "sort=name", []string{"Ben Kansas", "Cleo Pending", "Dan Topeka"}, func() {
			must(store.SetProfileBasics(ctx, other.W(), id("Dan Topeka"), "Al Topeka", "America/Chicago"))
			w.names[id("Dan Topeka")] = "Al Topeka"
		}, []string{"Al Topeka", "Ben Kansas", "Cleo Pending"}},
	}
	// In order: each change stays for the ones after it.
	for _, tc := range tests {
		if got := w.found(w.search(t, tc.query)); !slices.Equal(got, tc.before) {
			t.Fatalf("%s: before, found %q, want %q", tc.name, got, tc.before)
		}
		tc.change()
		if got := w.found(w.search(t, tc.query)); !slices.Equal(got, tc.after) {
			t.Errorf("%s: after, found %q, want %q", tc.name, got, tc.after)
		}
	}
	// What a result shows beyond the name follows too.
	p := w.search(t, "sort=name")
	if len(p.Results) == 0 || !slices.Equal(p.Results[0].Techniques, []string{"deep_tissue", "swedish"}) {
		t.Errorf("results %+v, want Al Topeka's new technique first", p.Results)
	}
}

// TestChunks takes candidates one at a time: the page must be the one
// computed from every candidate's slots, including for soonest, where a
// booking puts a therapist's first free slot after its hours' first start.
func TestChunks(t *testing.T) {
	w := newWorld(t)
	w.book(t, "Ada Missouri", time.Date(2026, 3, 5, 9, 0, 0, 0, chicago)) // Dan's 09:00 comes first
	// Ben works weekdays; extra hours open his Saturday evening.
	locs, err := store.LocationsOf(context.Background(), w.d.R(), w.ids["Ben Kansas"])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.InsertExtraHours(context.Background(), w.d.W(), w.ids["Ben Kansas"], store.ExtraHoursRow{LocationID: locs[0].ID,
		Day: "2026-03-07", StartMinute: 19 * 60, EndMinute: 21 * 60}); err != nil {
		t.Fatal(err)
	}
	saturday := "sort=soonest&from=2026-03-07&to=2026-03-08&time_window=20:00-21:00"
	if got := w.found(w.search(t, saturday)); !slices.Equal(got, []string{"Ben Kansas"}) {
		t.Fatalf("Saturday evening: found %q, want Ben's extra hours", got)
	}
	queries := []string{saturday, "sort=soonest&from=2026-03-05&to=2026-03-06&time_window=09:00-11:00", "sort=soonest&" + evening, "sort=soonest&from=2026-03-05&to=2026-03-12",
		"sort=soonest&from=2026-03-05&to=2026-03-12&time_window=09:00-21:00&verified_only=false",
		"sort=soonest&from=2026-03-05&to=2026-03-06&time_window=20:00-21:00", evening + "&near=" + kc + "&radius_km=150",
		"from=2026-03-05&to=2026-03-12&sort=price"}
	whole := map[string]directory.Page{}
	for _, query := range queries {
		whole[query] = w.search(t, query)
	}
	defer directory.SetChunk(1)()
	for _, query := range queries {
		t.Run(query, func(t *testing.T) {
			want := whole[query]
			if got := w.search(t, query); !reflect.DeepEqual(got.Results, want.Results) {
				t.Errorf("one at a time %+v, all at once %+v", got.Results, want.Results)
			}
			v, _ := url.ParseQuery(query)
			q, err := directory.Parse(v)
			if err != nil {
				t.Fatal(err)
			}
			q.Limit = 1
			var paged []directory.Result
			for range 10 {
				p, err := w.svc.Search(context.Background(), q)
				if err != nil {
					t.Fatal(err)
				}
				paged = append(paged, p.Results...)
				if p.Next == nil {
					break
				}
				q.After = p.Next
			}
			if len(paged) != len(want.Results) || (len(paged) > 0 && !reflect.DeepEqual(paged, want.Results)) {
				t.Errorf("pages %v, one page %v", w.found(directory.Page{Results: paged}), w.found(want))
			}
		})
	}
}
