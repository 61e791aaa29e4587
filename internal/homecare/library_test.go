package homecare

import (
	"encoding/json"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/triage"
)

// wantRules is every mapping from a routine to the screening flags that
// rule it out (domain-clinical.md §6 cautions, §2.2 conditions). Changing
// the library's cautions means changing this table on purpose.
var wantRules = map[string][]triage.ID{
	"foam-roller-upper-back": {triage.CI01, triage.CI03, triage.CI04, triage.CI05, triage.CI06, triage.CI11},
	"ball-beside-spine":      {triage.CI01, triage.CI03, triage.CI04, triage.CI05, triage.CI06, triage.CI11},
	"knee-to-chest":          {triage.CI04, triage.CI05, triage.CI06, triage.CI08, triage.CI18},
	"cat-cow":                {triage.CI04, triage.CI05, triage.CI06, triage.CI08},
	"childs-pose":            {triage.CI04, triage.CI05, triage.CI06, triage.CI08, triage.CI18},
	"pelvic-tilts":           {triage.CI04, triage.CI05, triage.CI06, triage.CI08},
	"heat":                   {triage.CI07, triage.CI12, triage.CI17},
	"cold":                   {triage.CI07, triage.CI12},
}

// Each flag alone rules out exactly the routines mapped to it, and names
// itself in the reason; a screening with no flags rules out nothing.
func TestEveryExclusionMapping(t *testing.T) {
	if len(wantRules) != len(Library) {
		t.Fatalf("the table covers %d routines, the library has %d", len(wantRules), len(Library))
	}
	for _, r := range Library {
		want, ok := wantRules[r.Slug]
		if !ok {
			t.Errorf("%s: not in the table", r.Slug)
			continue
		}
		if (Screened{}).Excludes(r) != nil {
			t.Errorf("%s: excluded with no flags", r.Slug)
		}
		for _, id := range append(slices.Clone(triage.AllRF), triage.AllCI...) {
			ex := Screened{ID: 1, Flags: []triage.ID{id}}.Excludes(r)
			mapped := slices.Contains(want, id)
			switch {
			case mapped && ex == nil:
				t.Errorf("%s: %s does not rule it out", r.Slug, id)
			case !mapped && ex != nil:
				t.Errorf("%s: %s rules it out: %s", r.Slug, id, ex.Reason)
			case mapped && (!slices.Equal(ex.Rules, []triage.ID{id}) || !regexp.MustCompile(`\(`+string(id)+`\)`).MatchString(ex.Reason)):
				t.Errorf("%s: %s gives %v %q", r.Slug, id, ex.Rules, ex.Reason)
			}
		}
	}
}

// A screening asking to see a clinician urgently pauses every routine,
// until a clearance (never for an emergency); one that cannot be read
// pauses them too.
func TestScreeningTiers(t *testing.T) {
	attested := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	row := func(tier triage.Tier, cleared bool) store.Screening {
		b, _ := json.Marshal(triage.Result{Tier: tier, Flags: []triage.ID{}})
		s := store.Screening{ID: 7, Result: string(b)}
		if cleared {
			s.AttestedAt = &attested
		}
		return s
	}
	tests := []struct {
		name  string
		rows  []store.Screening
		pause bool
	}{
		{"none taken", nil, false},
		{"caution", []store.Screening{row(triage.Caution, false)}, false},
		{"soon", []store.Screening{row(triage.Soon, false)}, false},
		{"urgent", []store.Screening{row(triage.Urgent, false)}, true},
		{"urgent, cleared", []store.Screening{row(triage.Urgent, true)}, false},
		{"emergency, attested", []store.Screening{row(triage.Emergency, true)}, true},
		{"only the latest counts", []store.Screening{row(triage.None, false), row(triage.Emergency, false)}, false},
		{"unreadable", []store.Screening{{ID: 3, Result: "{"}}, true},
	}
	for _, tc := range tests {
		sc := screened(tc.rows)
		for _, r := range Library {
			if got := sc.Excludes(r) != nil; got != tc.pause {
				t.Errorf("%s: %s excluded %v, want %v", tc.name, r.Slug, got, tc.pause)
			}
		}
	}
}

// Every routine is complete and its slug can be a URL segment of its own.
func TestLibraryComplete(t *testing.T) {
	slug := regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	seen := map[string]bool{}
	for _, r := range Library {
		if !slug.MatchString(r.Slug) || seen[r.Slug] || r.Slug == "mine" {
			t.Errorf("slug %q: not a unique URL segment", r.Slug)
		}
		seen[r.Slug] = true
		if r.Title == "" || r.Summary == "" || len(r.Steps) < 3 || r.HowLong == "" || r.HowOften == "" || r.Feel == "" ||
			len(r.StopIf) == 0 || len(r.Cautions) == 0 || r.Source == "" {
			t.Errorf("%s: incomplete", r.Slug)
		}
		if got, ok := Find(r.Slug); !ok || got.Title != r.Title {
			t.Errorf("Find(%s)", r.Slug)
		}
	}
	if _, ok := Find("nope"); ok {
		t.Error("Find of an unknown slug")
	}
}
