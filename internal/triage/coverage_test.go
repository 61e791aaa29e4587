package triage

import (
	"slices"
	"testing"
)

// Every rule ID the repository knows has a rule and a test case of its own
// (ruleCases); every rule and test names a known ID, each once. Adding an ID
// to AllRF or AllCI without its rule and test fails here.
func TestEveryIDIsImplementedAndTested(t *testing.T) {
	rules := map[ID]int{RF19: 1} // RF-19 is computed from the date of birth (Evaluate, AdultAge)
	for _, q := range RedFlags {
		rules[q.ID]++
		if q.Question == "" || q.Tier == None {
			t.Errorf("%s has no question or no tier", q.ID)
		}
	}
	for _, c := range Contraindications {
		rules[c.ID]++
		if c.Question == "" != c.Always || c.Because == "" || len(c.Uses) == 0 {
			t.Errorf("%s: a question unless applied to everyone, a reason and technique rules are needed", c.ID)
		}
		for tech, u := range c.Uses {
			if !slices.Contains(Techniques, tech) || u.Note == "" || (u.Effect == Exclude) != (u.MaxPressure == 0) || u.MaxPressure > 5 {
				t.Errorf("%s %s: %+v", c.ID, tech, u)
			}
		}
	}
	tested := map[ID]bool{}
	for _, c := range ruleCases {
		tested[c.id] = true
	}
	known := append(slices.Clone(AllRF), AllCI...)
	for _, id := range known {
		if rules[id] != 1 {
			t.Errorf("%s has %d rules, want 1", id, rules[id])
		}
		if !tested[id] {
			t.Errorf("%s has no case in ruleCases", id)
		}
	}
	for id := range rules {
		if !slices.Contains(known, id) {
			t.Errorf("rule %s is not in AllRF or AllCI", id)
		}
	}
	for id := range tested {
		if !slices.Contains(known, id) {
			t.Errorf("test case %s is not in AllRF or AllCI", id)
		}
	}
	for _, c := range Combinations {
		for _, id := range append([]ID{c.Base}, c.With...) {
			if !slices.Contains(AllRF, id) {
				t.Errorf("combination names unknown %s", id)
			}
		}
	}
	// The check-in's short form (§1.2): each ID a question of its own,
	// tested at every answer (shortCases).
	for _, id := range ShortForm {
		if redFlagByID[id].Question == "" || redFlagByID[id].Tier < Urgent {
			t.Errorf("short form %s is not an urgent or emergency question", id)
		}
		for _, a := range []string{Yes, No, NotSure} {
			if !slices.ContainsFunc(shortCases, func(c shortCase) bool { return c.id == id && c.answer == a }) {
				t.Errorf("short form %s has no case answered %s", id, a)
			}
		}
	}
	if want := []ID{RF01, RF02, RF03, RF04, RF05, RF06, RF07, RF11, RF13}; !slices.Equal(ShortForm, want) {
		t.Errorf("short form %v, want %v (domain-clinical.md §1.2)", ShortForm, want)
	}
	for _, id := range Carried {
		if !slices.ContainsFunc(Combinations, func(c Combination) bool { return c.Base == id }) {
			t.Errorf("carried %s is not a combination's base", id)
		}
	}
	if want := []ID{CI01, CI02, CI10, CI14, CI15}; !slices.Equal(General(), want) {
		t.Errorf("general contraindications %v, want %v (API.md)", General(), want)
	}
}
