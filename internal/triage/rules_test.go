package triage

import (
	"slices"
	"testing"
)

// ruleCase is one rule's own test: the answers set (all others "no"), and
// what the result must be. Every ID of AllRF and AllCI has at least one
// (coverage_test.go checks).
type ruleCase struct {
	id       ID
	name     string
	set      map[ID]string
	dob      string
	tier     Tier
	blocks   bool
	excluded []string
	max      int
}

var (
	deepAndThai = []string{DeepTissue, TriggerPoint, Thai}
	all4        = []string{Swedish, DeepTissue, TriggerPoint, Thai}
	none4       = []string{}
)

func rf(id ID, tier Tier) ruleCase {
	return ruleCase{id: id, name: "yes", set: yes(id), tier: tier, blocks: tier >= Soon, excluded: none4, max: 5}
}

// rfNotSure: "not sure" is urgent on an emergency question, yes elsewhere.
func rfNotSure(id ID, tier Tier) ruleCase {
	if tier == Emergency {
		tier = Urgent
	}
	return ruleCase{id: id, name: "not sure", set: map[ID]string{id: NotSure}, tier: tier, blocks: tier >= Soon, excluded: none4, max: 5}
}

func ci(id ID, tier Tier, blocks bool, excluded []string, max int) ruleCase {
	return ruleCase{id: id, name: "yes", set: yes(id), tier: tier, blocks: blocks, excluded: excluded, max: max}
}

var ruleCases = func() []ruleCase {
	rfTiers := []struct {
		id   ID
		tier Tier
	}{
		{RF01, Emergency}, {RF02, Emergency}, {RF03, Emergency}, {RF04, Emergency}, {RF05, Emergency},
		{RF06, Urgent}, {RF07, Emergency}, {RF08, Urgent}, {RF09, Soon}, {RF10, Urgent}, {RF11, Urgent},
		{RF12, Soon}, {RF13, Emergency}, {RF14, Urgent}, {RF15, Caution}, {RF16, Urgent}, {RF17, Urgent},
		{RF18, Soon}, {RF20, Soon}, {RF21, Caution},
	}
	var out []ruleCase
	for _, c := range rfTiers {
		out = append(out, rf(c.id, c.tier), rfNotSure(c.id, c.tier))
	}
	out = append(out,
		ruleCase{id: RF19, name: "under 18", dob: "2010-06-01", tier: None, blocks: true, excluded: none4, max: 5},
		ci(CI01, Urgent, true, deepAndThai, 2),
		ci(CI02, Caution, true, all4, 0),
		ci(CI03, Caution, false, deepAndThai, 2),
		ci(CI04, Caution, false, deepAndThai, 3),
		ci(CI05, Caution, false, deepAndThai, 2),
		ci(CI06, Caution, false, deepAndThai, 2),
		ci(CI07, Caution, false, deepAndThai, 3),
		ci(CI08, Caution, false, deepAndThai, 3),
		ci(CI09, Soon, true, deepAndThai, 2),
		ci(CI10, Caution, true, deepAndThai, 2),
		ci(CI11, Caution, false, []string{Thai}, 5),
		ci(CI12, Caution, false, none4, 4),
		ci(CI13, Caution, false, none4, 4),
		ci(CI14, Caution, true, deepAndThai, 2),
		ci(CI15, Caution, true, all4, 0),
		ci(CI16, Caution, false, none4, 5),
		ci(CI17, Caution, false, []string{Thai}, 5),
		ci(CI18, Caution, false, []string{Thai}, 5),
		ruleCase{id: CI03, name: "not sure counts as yes", set: map[ID]string{CI03: NotSure}, tier: Caution, excluded: deepAndThai, max: 2},
		// CI-19 is not asked: a clean screening carries it.
		ruleCase{id: CI19, name: "applied to everyone", tier: None, excluded: none4, max: 5},
	)
	return out
}()

func TestRules(t *testing.T) {
	for _, c := range ruleCases {
		t.Run(string(c.id)+" "+c.name, func(t *testing.T) {
			r := screen(t, c.set, c.dob)
			if r.Tier != c.tier || r.BlocksBooking != c.blocks || !slices.Equal(r.ExcludedTechniques, c.excluded) || r.MaxPressure != c.max {
				t.Errorf("tier %s blocks %v excluded %v max %d; want %s %v %v %d\nadvice: %s",
					r.Tier, r.BlocksBooking, r.ExcludedTechniques, r.MaxPressure, c.tier, c.blocks, c.excluded, c.max, r.Advice)
			}
			if c.id != CI19 && !r.Flagged(c.id) {
				t.Errorf("flags %v lack %s", r.Flags, c.id)
			}
			if c.id == CI19 && (r.Flagged(CI19) || len(r.Flags) != 0) {
				t.Errorf("flags %v: CI-19 is a rule for everyone, not a flag", r.Flags)
			}
			if r.Advice == "" {
				t.Error("no advice")
			}
		})
	}
}

// CI-19 adds its precaution to every technique of every client, without
// turning an allowed technique into a modified one.
func TestKidneyAreaAppliesToEveryone(t *testing.T) {
	for _, set := range []map[ID]string{nil, yes(CI03), yes(RF09)} {
		r := screen(t, set, "")
		for _, tech := range Techniques {
			g := guidanceFor(r, tech)
			if !hasReason(g, CI19) {
				t.Errorf("%v: %s has no CI-19 reason: %+v", set, tech, g.Reasons)
			}
		}
		if set == nil && guidanceFor(r, Swedish).Advice != "allowed" {
			t.Errorf("CI-19 alone made Swedish %q", guidanceFor(r, Swedish).Advice)
		}
	}
}

// Reasons are in the client's terms and name the condition.
func TestGuidanceReasons(t *testing.T) {
	r := screen(t, yes(CI03), "")
	g := guidanceFor(r, DeepTissue)
	if g.Advice != "exclude" || g.MaxPressure != 0 || !hasReason(g, CI03) {
		t.Fatalf("deep tissue with a blood thinner: %+v", g)
	}
	s := guidanceFor(r, Swedish)
	if s.Advice != "modify" || s.MaxPressure != 2 {
		t.Fatalf("Swedish with a blood thinner: %+v", s)
	}
	want := "You take a blood thinner or bruise or bleed easily — deep tissue: not advised."
	if g.Reasons[0].Text != want {
		t.Errorf("reason %q, want %q", g.Reasons[0].Text, want)
	}
}

// Guidance never ranks techniques (domain-clinical.md §4: head-to-head
// trials show no clinically meaningful difference).
func TestNoTechniqueIsClaimedBetter(t *testing.T) {
	texts := []string{}
	for _, a := range tierAdvice {
		texts = append(texts, a)
	}
	for _, c := range Contraindications {
		texts = append(texts, c.Advice, c.Because)
		for _, u := range c.Uses {
			texts = append(texts, u.Note)
		}
	}
	for _, txt := range texts {
		for _, w := range []string{"better", "best", "superior", "most effective", "cure"} {
			if containsWord(txt, w) {
				t.Errorf("%q claims %q", txt, w)
			}
		}
	}
}

func containsWord(s, w string) bool {
	for i := 0; i+len(w) <= len(s); i++ {
		if s[i:i+len(w)] == w && (i == 0 || !isLetter(s[i-1])) && (i+len(w) == len(s) || !isLetter(s[i+len(w)])) {
			return true
		}
	}
	return false
}

func isLetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }
