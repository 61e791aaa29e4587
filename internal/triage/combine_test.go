package triage

import (
	"slices"
	"testing"
)

// The combination rules of §1.2, each pair, and pairs that are not on the
// closed list.
func TestCombinations(t *testing.T) {
	tests := []struct {
		name  string
		set   map[ID]string
		tier  Tier
		combo []string
	}{
		{"cancer + both legs", yes(RF09, RF05), Emergency, []string{"RF-09+RF-05"}},
		{"cancer + worsening weakness", yes(RF09, RF06), Emergency, []string{"RF-09+RF-06"}},
		{"cancer + constant pain", yes(RF09, RF14), Emergency, []string{"RF-09+RF-14"}},
		{"cancer + weight loss", yes(RF09, RF10), Urgent, []string{"RF-09+RF-10"}},
		{"infection risk + fever", yes(RF12, RF11), Urgent, []string{"RF-12+RF-11"}},
		{"infection risk + constant pain", yes(RF12, RF14), Urgent, []string{"RF-12+RF-14"}},
		{"upper back + constant pain", yes(RF15, RF14), Urgent, []string{"RF-15+RF-14"}},
		{"upper back + fever", yes(RF15, RF11), Urgent, []string{"RF-15+RF-11"}},
		// RF-15 alone is caution; with RF-09 (soon alone) it is urgent.
		{"upper back + cancer", yes(RF15, RF09), Urgent, []string{"RF-15+RF-09"}},
		{"cancer + upper back + constant pain", yes(RF09, RF15, RF14), Emergency, []string{"RF-09+RF-14", "RF-15+RF-14", "RF-15+RF-09"}},
		// Not on the list: the highest single tier stands.
		{"infection risk + first episode", yes(RF12, RF18), Soon, nil},
		{"cancer + first episode", yes(RF09, RF18), Soon, nil},
		{"upper back + long episode", yes(RF15, RF21), Caution, nil},
		{"upper back + weight loss", yes(RF15, RF10), Urgent, nil},
		// "Not sure" is never "no": RF-05 not sure (urgent alone) with a
		// cancer history is the emergency combination.
		{"cancer + not sure both legs", map[ID]string{RF09: Yes, RF05: NotSure}, Emergency, []string{"RF-09+RF-05"}},
		{"not sure cancer + weight loss", map[ID]string{RF09: NotSure, RF10: Yes}, Urgent, []string{"RF-09+RF-10"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := screen(t, tt.set, "")
			if r.Tier != tt.tier || !slices.Equal(r.Combinations, tt.combo) {
				t.Errorf("tier %s combinations %v; want %s %v", r.Tier, r.Combinations, tt.tier, tt.combo)
			}
		})
	}
}

// The highest tier of several single answers wins.
func TestHighestTierWins(t *testing.T) {
	r := screen(t, map[ID]string{RF21: Yes, RF18: Yes, RF11: Yes, RF03: NotSure, CI03: Yes}, "")
	if r.Tier != Urgent {
		t.Fatalf("tier %s, want urgent", r.Tier)
	}
	r = screen(t, map[ID]string{RF21: Yes, RF01: Yes}, "")
	if r.Tier != Emergency {
		t.Fatalf("tier %s, want emergency", r.Tier)
	}
}
