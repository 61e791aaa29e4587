package demo_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/knead/knead/internal/demo"
	"github.com/knead/knead/internal/testkit"
	"github.com/knead/knead/internal/therapist"
)

// TestDataSetLooksReal loads 2,000 therapists once and checks the shape of
// the data set: where therapists are, what they offer and what papers they
// hold.
func TestDataSetLooksReal(t *testing.T) {
	const n = 2000
	d := testkit.OpenDB(t)
	load(t, d, demo.Options{Therapists: n, Seed: 1})
	recs := records(t, d)
	if len(recs) != n {
		t.Fatalf("%d therapists, want %d", len(recs), n)
	}
	var locs []therapist.Location
	for _, r := range recs {
		locs = append(locs, r.Locations...)
	}

	// Centres as a map shows them, independent of the package's tables.
	centres := []struct {
		city     string
		lat, lon float64
	}{
		{"New York", 40.7128, -74.0060},
		{"Chicago", 41.8781, -87.6298},
		{"London", 51.5074, -0.1278},
		{"Berlin", 52.5200, 13.4050},
	}
	for _, c := range centres {
		t.Run("a few hundred of 10,000 within 25 km of "+c.city, func(t *testing.T) {
			near, metro := 0, 0
			for _, l := range locs {
				switch km := haversineKm(c.lat, c.lon, l.Lat, l.Lon); {
				case km <= 25:
					near++
					metro++
				case km <= 70:
					metro++
				}
			}
			if share := float64(near) / float64(len(locs)); share < 0.01 || share > 0.06 {
				t.Errorf("%d of %d locations (%.1f%%) within 25 km, want 1–6%%", near, len(locs), 100*share)
			}
			// Spread out, not piled on the centre: most but not all of the
			// metro's locations lie within 25 km.
			if share := float64(near) / float64(metro); share < 0.5 || share > 0.8 {
				t.Errorf("%d of the metro's %d locations (%.0f%%) within 25 km, want 50–80%%", near, metro, 100*share)
			}
		})
	}

	t.Run("every therapist has a location and a service, every location a service", func(t *testing.T) {
		for _, r := range recs {
			if len(r.Locations) == 0 || len(r.Services) == 0 {
				t.Fatalf("%s: %d locations, %d services", r.Email, len(r.Locations), len(r.Services))
			}
			offered := map[int64]bool{}
			for _, s := range r.Services {
				offered[s.LocationID] = true
			}
			for _, l := range r.Locations {
				if !offered[l.ID] || l.Jurisdiction != r.Locations[0].Jurisdiction || l.TimeZone != r.Locations[0].TimeZone {
					t.Fatalf("%s: location %q has no service or is in another metro", r.Email, l.Name)
				}
			}
			if len(offered) != len(r.Locations) {
				t.Fatalf("%s: services at %d locations, therapist has %d", r.Email, len(offered), len(r.Locations))
			}
		}
	})

	t.Run("licences match their location's jurisdiction", func(t *testing.T) {
		bookable, pending, expired, rejected := 0, 0, 0, 0
		for _, r := range recs {
			jur := r.Locations[0].Jurisdiction
			main := r.Credentials[0]
			noLicence := slices.Contains(unlicensed, jur)
			for _, c := range r.Credentials {
				if c.Kind == "licence" && (c.Jurisdiction != jur || noLicence) {
					t.Fatalf("%s in %s holds a %s licence", r.Email, jur, c.Jurisdiction)
				}
			}
			if want := map[bool]string{true: "certification", false: "licence"}[noLicence]; main.Kind != want || main.Jurisdiction != jur {
				t.Fatalf("%s in %s: main credential %s for %s, want %s", r.Email, jur, main.Kind, main.Jurisdiction, want)
			}
			switch {
			case verified(main):
				bookable++
			case main.Status == "pending":
				pending++
			case main.Status == "verified":
				expired++
			case main.Status == "rejected":
				rejected++
			}
			if main.Status == "verified" && (main.VerifiedAt == nil || !main.VerifiedAt.Before(now)) {
				t.Fatalf("%s: verified at %v, want before %v", r.Email, main.VerifiedAt, now)
			}
			if verified(main) && (main.ExpiresOn.Before(now.AddDate(0, 6, -3)) || main.ExpiresOn.After(now.AddDate(3, 0, 3))) {
				t.Fatalf("%s: licence expires %v, want 6–36 months after %v", r.Email, main.ExpiresOn, now)
			}
		}
		for _, c := range []struct {
			what     string
			got      int
			min, max float64
		}{{"bookable", bookable, 0.80, 0.90}, {"pending", pending, 0.05, 0.11},
			{"expired", expired, 0.02, 0.06}, {"rejected", rejected, 0.01, 0.06}} {
			if share := float64(c.got) / n; share < c.min || share > c.max {
				t.Errorf("%d %s (%.1f%%), want %.0f–%.0f%%", c.got, c.what, 100*share, 100*c.min, 100*c.max)
			}
		}
	})

	t.Run("profiles and services hold sensible values", func(t *testing.T) {
		currency := map[string]string{"US": "USD", "CA": "CAD", "GB": "GBP", "DE": "EUR", "FR": "EUR"}
		names, slugs, zones, genders := map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]int{}
		for _, r := range recs {
			p := r.Profile
			names[p.Name], slugs[p.Slug], zones[r.Locations[0].TimeZone] = true, true, true
			genders[p.Gender]++
			if p.PressureMin < 1 || p.PressureMin > p.PressureMax || p.PressureMax > 5 ||
				p.YearsBackPain < 1 || p.YearsBackPain > 30 || len(p.Languages) == 0 || len(p.Focus) == 0 {
				t.Fatalf("%s: %+v", r.Email, p)
			}
			for _, f := range p.Focus {
				if !slices.Contains(therapist.Focuses, f) {
					t.Fatalf("%s: focus %q", r.Email, f)
				}
			}
			if s := strings.Count(strings.ReplaceAll(p.Bio, "St. ", "St "), ". ") + 1; s < 2 || s > 4 ||
				strings.ContainsAny(p.Bio, "{}") || !strings.HasSuffix(p.Bio, ".") {
				t.Fatalf("%s: bio of %d sentences: %q", r.Email, s, p.Bio)
			}
			country, _, _ := strings.Cut(r.Locations[0].Jurisdiction, "-")
			for _, s := range r.Services {
				if !slices.Contains(therapist.Techniques, s.Technique) || !slices.Contains([]int{30, 45, 60, 90}, s.DurationMinutes) ||
					!slices.Contains([]int{0, 10, 15}, s.BufferMinutes) || s.PriceAmount < 1000 || s.PriceAmount%500 != 0 ||
					s.Currency != currency[country] {
					t.Fatalf("%s: service %+v", r.Email, s)
				}
			}
		}
		if len(slugs) != n {
			t.Errorf("%d distinct slugs for %d therapists", len(slugs), n)
		}
		if len(names) < n*7/10 {
			t.Errorf("only %d distinct names among %d therapists", len(names), n)
		}
		if len(zones) < 8 {
			t.Errorf("therapists in %d time zones, want at least 8", len(zones))
		}
		for _, g := range []string{"female", "male", "nonbinary", ""} {
			if genders[g] == 0 {
				t.Errorf("no therapist with gender %q", g)
			}
		}
	})
}
