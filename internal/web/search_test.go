package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/knead/knead/internal/account"
	"github.com/knead/knead/internal/booking"
	"github.com/knead/knead/internal/demo"
	"github.com/knead/knead/internal/testkit"
)

// The search page without script: a GET form, results with one-click slot
// links to the booking page, errors next to the fields.
func TestSearchPage(t *testing.T) {
	srv, d := newTestServer(t)
	if _, err := demo.Load(context.Background(), d, account.NewHasher(account.Cheap, 2),
		demo.Options{Therapists: 150, Seed: 1, Now: time.Now()}, testkit.Logger()); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		query  string
		status int
		want   []string
	}{
		{"", http.StatusOK, []string{`<form class="search__form card" method="get" action="/therapists"`, `data-geolocate="f-place"`,
			`href="/therapists?sort=rating">Browse every therapist`}},
		{"sort=rating", http.StatusOK, []string{`class="card result"`, "Credentials verified"}}, // where browsing leads
		{"place=New+York&radius=25&unit=mi&after=17:00&duration=60", http.StatusOK,
			[]string{"miles away", `/book?service=`, "Next free times", "Credentials verified"}},
		{"place=40.7128,-74.0060&technique=deep_tissue&sort=price", http.StatusOK, []string{" km away", "See free times"}},
		{"place=Atlantis", http.StatusUnprocessableEntity, []string{`id="form-errors"`, `href="#f-place"`, `aria-invalid="true"`}},
		{"place=New+York&radius=500", http.StatusUnprocessableEntity, []string{`href="#f-radius"`}},
		{"after=21:00&before=17:00", http.StatusUnprocessableEntity, []string{`href="#f-after"`}},
		{"max_price=80", http.StatusUnprocessableEntity, []string{`href="#f-currency"`}},
		{"technique=shiatsu", http.StatusUnprocessableEntity, []string{`href="#f-technique"`}},
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			res, body := get(t, srv.URL+"/therapists?"+tc.query)
			if res.StatusCode != tc.status {
				t.Fatalf("status %d, want %d: %.2000s", res.StatusCode, tc.status, body)
			}
			for _, w := range tc.want {
				if !strings.Contains(body, w) {
					t.Errorf("no %q in %.3000s", w, body)
				}
			}
		})
	}
}

func TestSearchQuery(t *testing.T) {
	today := booking.Date{Year: 2026, Month: 12, Day: 1}
	tests := []struct{ form, want string }{
		{"", ""},
		{"radius=10&unit=mi&place=Leeds", "place=Leeds&radius_km=16.09344"},
		{"after=17:00", "from=2026-12-01&time_window=17%3A00-24%3A00&to=2026-12-08"},
		{"from=2026-12-07&to=2026-12-13&before=12:00", "from=2026-12-07&time_window=00%3A00-12%3A00&to=2026-12-14"},
		{"max_price=80.5&currency=USD&verified=all", "currency=USD&max_price=8050&verified_only=false"},
		{"max_price=lots", "max_price=lots"},
	}
	for _, tc := range tests {
		form, _ := url.ParseQuery(tc.form)
		q, _ := searchQuery(form, today)
		if got := q.Encode(); got != tc.want {
			t.Errorf("%q: %q, want %q", tc.form, got, tc.want)
		}
	}
}
