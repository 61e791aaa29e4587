package demo

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The tables are typed in by hand; these checks catch a slipped digit or a
// missing entry before it turns into a therapist in the sea.
func TestMetroTables(t *testing.T) {
	postal := map[style]*regexp.Regexp{
		styleUS: regexp.MustCompile(`^\d{5}$`),
		styleCA: regexp.MustCompile(`^[A-Z]\d[A-Z]$`),
		styleQC: regexp.MustCompile(`^[HJ]\d[A-Z]$`),
		styleGB: regexp.MustCompile(`^[A-Z]{1,2}\d[A-Z\d]?$`),
		styleDE: regexp.MustCompile(`^\d{5}$`),
		styleFR: regexp.MustCompile(`^\d{5}$`),
	}
	currency := map[string]string{"US": "USD", "CA": "CAD", "GB": "GBP", "DE": "EUR", "FR": "EUR"}
	names := map[string]bool{}
	for _, m := range metros {
		t.Run(m.name, func(t *testing.T) {
			if names[m.name] {
				t.Fatal("listed twice")
			}
			names[m.name] = true
			if _, err := time.LoadLocation(m.zone); err != nil {
				t.Errorf("zone: %v", err)
			}
			country, _, _ := strings.Cut(m.jurisdiction, "-")
			if currency[country] != m.currency || m.weight <= 0 || m.price60 <= 0 || len(credentialRules[m.jurisdiction]) == 0 {
				t.Errorf("jurisdiction %s, currency %s, weight %d, price %d, %d credential rules", m.jurisdiction,
					m.currency, m.weight, m.price60, len(credentialRules[m.jurisdiction]))
			}
			wantRegion := ""
			if country == "US" || country == "CA" {
				wantRegion = strings.TrimPrefix(m.jurisdiction, country+"-")
			}
			if m.region != wantRegion {
				t.Errorf("region %q for %s, want %q", m.region, m.jurisdiction, wantRegion)
			}
			for _, c := range m.cultures {
				if _, ok := cultures[c.key]; !ok || c.weight <= 0 {
					t.Errorf("culture %q weight %d", c.key, c.weight)
				}
			}
			areas := map[string]bool{}
			for _, p := range m.places {
				if km := distanceKm(m.lat, m.lon, p.lat, p.lon); km > 62 {
					t.Errorf("%s is %.0f km from the centre", p.area, km)
				}
				if areas[p.area] {
					t.Errorf("area %s listed twice", p.area)
				}
				areas[p.area] = true
				for _, code := range p.postal {
					if !postal[m.style].MatchString(code) {
						t.Errorf("%s: postal code %q", p.area, code)
					}
				}
				if len(p.postal) == 0 {
					t.Errorf("%s has no postal code", p.area)
				}
			}
			inner, outer := m.split()
			if len(inner) < 6 || len(outer) < 4 {
				t.Errorf("%d inner and %d outer places, want at least 6 and 4", len(inner), len(outer))
			}
		})
	}
	if len(metros) < 18 {
		t.Errorf("%d metros, want about 20", len(metros))
	}
}

func TestCultureTables(t *testing.T) {
	for key, c := range cultures {
		if len(c.female) < 8 || len(c.male) < 8 || len(c.last) < 8 || langNames[c.lang] == "" {
			t.Errorf("culture %s: %d female, %d male, %d last names, language %q", key, len(c.female),
				len(c.male), len(c.last), c.lang)
		}
		for _, list := range [][]string{c.female, c.male, c.last} {
			seen := map[string]bool{}
			for _, n := range list {
				if n != strings.TrimSpace(n) || n == "" || slugify(n) == "" || seen[n] {
					t.Errorf("culture %s: name %q empty, padded or listed twice", key, n)
				}
				seen[n] = true
			}
		}
	}
}

func TestSlugify(t *testing.T) {
	tests := []struct{ in, want string }{
		{"María López", "maria-lopez"},
		{"Jean-François Côté", "jean-francois-cote"},
		{"Łukasz Wiśniewski", "lukasz-wisniewski"},
		{"Ayşe Yılmaz", "ayse-yilmaz"},
		{"Jürgen Schröder", "jurgen-schroder"},
		{"Emily O'Connor", "emily-oconnor"},
		{"Mary Grace  Dela Cruz", "mary-grace-dela-cruz"},
	}
	for _, tt := range tests {
		if got := slugify(tt.in); got != tt.want {
			t.Errorf("slugify(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFillFollowsThePattern(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	shape := regexp.MustCompile(`^227\.0[1-9]\d{4}-[A-HJ-NP-Z]$`)
	for range 100 {
		if got := fill(r, "227.0N####-@"); !shape.MatchString(got) {
			t.Fatalf("fill = %q", got)
		}
	}
}
