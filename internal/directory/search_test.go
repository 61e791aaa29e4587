package directory_test

import (
	"context"
	"errors"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/directory"
)

// kc is downtown Kansas City, Missouri, a few kilometres from the state line.
const kc = "39.0997,-94.5786"

// evening is Thursday 5 to Thursday 12 March 2026: the clocks go forward on
// Sunday 8 March.
var evening = "from=2026-03-05&to=2026-03-12&time_window=20:00-21:00"

func (w *world) search(t *testing.T, query string) directory.Page {
	t.Helper()
	v, err := url.ParseQuery(query)
	if err != nil {
		t.Fatal(err)
	}
	q, err := directory.Parse(v)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	q.Limit = 20
	p, err := w.svc.Search(context.Background(), q)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return p
}

func (w *world) found(p directory.Page) []string {
	var out []string
	for _, r := range p.Results {
		out = append(out, w.names[r.ID])
	}
	return out
}

func TestFiltersAndSorts(t *testing.T) {
	w := newWorld(t)
	tests := []struct {
		query string
		want  []string
	}{
		// Across the state line: two jurisdictions in 25 km, nearest first.
		{"near=" + kc, []string{"Ada Missouri", "Ben Kansas"}},
		{"near=" + kc + "&radius_km=150", []string{"Ada Missouri", "Ben Kansas", "Dan Topeka"}},
		{"near=" + kc + "&radius_km=2", []string{"Ada Missouri"}},
		{"", []string{"Ada Missouri", "Ben Kansas", "Dan Topeka"}}, // by name
		{"verified_only=false", []string{"Ada Missouri", "Ben Kansas", "Cleo Pending", "Dan Topeka"}},
		{"technique=deep_tissue&near=" + kc + "&radius_km=150&sort=price", []string{"Ben Kansas", "Dan Topeka", "Ada Missouri"}},
		{"technique=thai", nil},
		{"technique=thai&verified_only=false", []string{"Cleo Pending"}},
		{"language=es", []string{"Ada Missouri"}},
		{"gender=male", []string{"Ben Kansas", "Dan Topeka"}},
		{"focus=sciatica", []string{"Ben Kansas"}},
		{"max_price=8500&currency=USD", []string{"Ben Kansas", "Dan Topeka"}},
		{"currency=EUR", nil},
		{"duration=90", []string{"Ada Missouri"}},
		{"sort=price", []string{"Ben Kansas", "Dan Topeka", "Ada Missouri"}},
		{"sort=rating", []string{"Ada Missouri", "Ben Kansas", "Dan Topeka"}},
		{"place=kansas city", []string{"Ada Missouri", "Ben Kansas"}},
		{"place=66101&radius_km=3", []string{"Ben Kansas"}},
		{"place=" + url.QueryEscape(kc) + "&radius_km=2", []string{"Ada Missouri"}},
		// Evening slots: Ada closes at 20:00, Dan at 17:00.
		{evening + "&near=" + kc, []string{"Ben Kansas"}},
		{evening + "&near=" + kc + "&duration=90", nil},
		{"from=2026-03-05&to=2026-03-12&time_window=09:00-10:00&sort=soonest", []string{"Ada Missouri", "Dan Topeka"}},
		{"from=2026-03-05&to=2026-03-12&time_window=12:00-13:00&sort=price", []string{"Ben Kansas", "Dan Topeka", "Ada Missouri"}},
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			if got := w.found(w.search(t, tc.query)); !slices.Equal(got, tc.want) {
				t.Errorf("found %q, want %q", got, tc.want)
			}
		})
	}
}

func TestResultFields(t *testing.T) {
	w := newWorld(t)
	p := w.search(t, evening+"&near="+kc)
	if len(p.Results) != 1 {
		t.Fatalf("results %v", w.found(p))
	}
	ben := p.Results[0]
	if ben.DistanceKm == nil || *ben.DistanceKm < 4 || *ben.DistanceKm > 6 {
		t.Errorf("distance %v, want about 4.5 km", ben.DistanceKm)
	}
	if l := ben.Licence; l == nil || !l.Verified || l.Jurisdiction != "US-KS" || l.Kind != "certification" {
		t.Errorf("licence %+v, want Kansas's certification", l)
	}
	if ben.Rating.Average != nil || ben.Rating.Count != 0 {
		t.Errorf("rating %+v, want none yet", ben.Rating)
	}
	if ben.Price.Amount != 7000 || ben.Price.Currency != "USD" || !slices.Equal(ben.Techniques, []string{"deep_tissue"}) {
		t.Errorf("price %+v, techniques %v", ben.Price, ben.Techniques)
	}
	// Thursday 20:00 is booked; the clocks go forward on Sunday, so Monday's
	// 20:00 is five hours behind UTC instead of six.
	want := []string{"2026-03-06T20:00:00-06:00", "2026-03-09T20:00:00-05:00", "2026-03-10T20:00:00-05:00"}
	if got := starts(ben.NextSlots); !slices.Equal(got, want) {
		t.Errorf("next slots %v, want %v", got, want)
	}
	if s := ben.NextSlots[0]; s.End.Sub(s.Start) != time.Hour || s.ServiceID == 0 || s.LocationID == 0 {
		t.Errorf("slot %+v", s)
	}
	if p := w.search(t, "near="+kc); len(p.Results[0].NextSlots) != 0 {
		t.Errorf("slots without a window: %v", p.Results[0].NextSlots)
	}
}

// TestDaylightSaving asks for 02:00–05:00 on the night the clocks jump from
// 02:00 to 03:00: no start in the missing hour is offered.
func TestDaylightSaving(t *testing.T) {
	w := newWorld(t)
	p := w.search(t, "from=2026-03-08&to=2026-03-09&time_window=02:00-05:00&duration=60")
	if got := w.found(p); !slices.Equal(got, []string{"Ada Missouri"}) {
		t.Fatalf("found %v", got)
	}
	want := []string{"2026-03-08T03:00:00-05:00", "2026-03-08T03:15:00-05:00", "2026-03-08T03:30:00-05:00"}
	if got := starts(p.Results[0].NextSlots); !slices.Equal(got, want) {
		t.Errorf("slots %v, want %v", got, want)
	}
	// The week before, the same hours are on standard time.
	p = w.search(t, "from=2026-03-01&to=2026-03-02&time_window=01:00-05:00&near="+kc)
	if len(p.Results) != 0 {
		t.Errorf("Sunday 1 March is before the minimum notice, found %v", w.found(p))
	}
}

func TestPagination(t *testing.T) {
	w := newWorld(t)
	for _, query := range []string{"verified_only=false", "near=" + kc + "&radius_km=150", "sort=price",
		"from=2026-03-05&to=2026-03-12&sort=soonest", "from=2026-03-05&to=2026-03-12&near=" + kc + "&radius_km=150"} {
		t.Run(query, func(t *testing.T) {
			all := w.found(w.search(t, query))
			v, _ := url.ParseQuery(query)
			q, err := directory.Parse(v)
			if err != nil {
				t.Fatal(err)
			}
			q.Limit = 1
			var paged []string
			for range 10 {
				p, err := w.svc.Search(context.Background(), q)
				if err != nil {
					t.Fatal(err)
				}
				paged = append(paged, w.found(p)...)
				if p.Next == nil {
					break
				}
				q.After = p.Next
			}
			if len(all) < 2 || !slices.Equal(paged, all) {
				t.Errorf("pages %v, one page %v", paged, all)
			}
		})
	}
	// A cursor of one sort does not continue another.
	q, _ := directory.Parse(url.Values{"sort": {"price"}})
	q.Limit, q.After = 1, &directory.Key{Sort: "distance", ID: 1}
	if _, err := w.svc.Search(context.Background(), q); fieldOf(err) != "cursor" {
		t.Errorf("cursor of another sort: %v", err)
	}
}

func TestBadInput(t *testing.T) {
	tests := []struct{ query, field string }{
		{"near=91,0", "near"},
		{"near=0,181", "near"},
		{"near=abc", "near"},
		{"near=1,2&radius_km=0", "radius_km"},
		{"near=1,2&radius_km=-3", "radius_km"},
		{"near=1,2&radius_km=201", "radius_km"},
		{"radius_km=10", "near"},
		{"technique=shiatsu", "technique"},
		{"focus=knees", "focus"},
		{"language=eng", "language"},
		{"gender=x", "gender"},
		{"max_price=10", "currency"},
		{"max_price=-1&currency=USD", "max_price"},
		{"currency=usd", "currency"},
		{"verified_only=maybe", "verified_only"},
		{"duration=10", "duration"},
		{"duration=sixty", "duration"},
		{"from=2026-03-05", "to"},
		{"to=2026-03-05", "from"},
		{"from=2026-13-01&to=2026-03-05", "from"},
		{"from=2026-03-05&to=2026-03-05", "to"},
		{"from=2026-03-01&to=2026-04-02", "to"},
		{"time_window=17:00-21:00", "from,to"},
		{"from=2026-03-05&to=2026-03-06&time_window=21:00-17:00", "time_window"},
		{"from=2026-03-05&to=2026-03-06&time_window=17-21", "time_window"},
		{"from=2026-03-05&to=2026-03-06&time_window=24:00-24:00", "time_window"},
		{"from=2026-03-05&to=2026-03-06&time_window=17:00-24:30", "time_window"},
		{"sort=distance", "sort"},
		{"sort=soonest", "sort"},
		{"sort=cheapest", "sort"},
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			v, _ := url.ParseQuery(tc.query)
			_, err := directory.Parse(v)
			if got := fieldOf(err); got != tc.field {
				t.Errorf("error %v names %q, want %q", err, got, tc.field)
			}
		})
	}
	if _, _, ok := directory.ParseTimeWindow("17:00-24:00"); !ok {
		t.Error("24:00 is an end")
	}
}

// TestUnknownPlace is a 422 naming place, not an empty list.
func TestUnknownPlace(t *testing.T) {
	w := newWorld(t)
	q, _ := directory.Parse(url.Values{"place": {"Atlantis"}})
	if _, err := w.svc.Search(context.Background(), q); fieldOf(err) != "place" {
		t.Errorf("unknown place: %v", err)
	}
}

func fieldOf(err error) string {
	var e *apperr.Error
	if !errors.As(err, &e) || e.Status != 422 {
		return ""
	}
	var names []string
	for k := range e.Fields {
		names = append(names, k)
	}
	slices.Sort(names)
	return strings.Join(names, ",")
}

func starts(slots []directory.Slot) []string {
	var out []string
	for _, s := range slots {
		out = append(out, s.Start.Format(time.RFC3339))
	}
	return out
}
