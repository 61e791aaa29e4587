package triage

// Combination raises the tier when Base and any of With are flagged together
// (domain-clinical.md §1.2). The list is closed: no other combination
// changes a tier. A "not sure" counts as flagged here too — it is never read
// as "no" — so RF-09 with a "not sure" to RF-05 is an emergency even though
// that answer alone is urgent: with a history of cancer the doubt is itself
// the reason to act now (metastatic cord compression pathway).
type Combination struct {
	Base   ID
	With   []ID
	Tier   Tier
	Advice string
}

// Combinations is §1.2's complete list.
var Combinations = []Combination{
	// Cancer history with severe progressive pain, nerve symptoms in both
	// legs or worsening weakness: metastatic spinal cord compression (NHS
	// Lothian MSCC).
	{Base: RF09, With: []ID{RF05, RF06, RF14}, Tier: Emergency,
		Advice: "With a history of cancer, these symptoms need checking straight away."},
	{Base: RF09, With: []ID{RF10}, Tier: Urgent,
		Advice: "With a history of cancer, weight loss without trying needs checking by your doctor today."},
	// Infection risk with fever or unrelenting pain: spinal infection.
	{Base: RF12, With: []ID{RF11, RF14}, Tier: Urgent,
		Advice: "With your infection risk, these symptoms need checking by your doctor today."},
	// RF-15 is caution alone; with non-mechanical pain, feeling unwell or a
	// cancer history the NHS urgent-list concern applies (§1.3's decision).
	{Base: RF15, With: []ID{RF14, RF11, RF09}, Tier: Urgent,
		Advice: "Upper-back pain together with these answers needs checking by your doctor today."},
}

// Name is how a matched combination is listed, e.g. "RF-09+RF-05".
func combinationName(base, with ID) string { return string(base) + "+" + string(with) }

// combine returns the highest tier of the combinations flagged, their names
// and their advice: a combination counts when its base is flagged and one
// of its others is in with (the same set for a full screening; today's
// answers only for a check-in, so earlier answers alone never re-match).
func combine(flagged, with map[ID]bool) (Tier, []string, []string) {
	tier := None
	var names, advice []string
	for _, c := range Combinations {
		if !flagged[c.Base] {
			continue
		}
		matched := false
		for _, w := range c.With {
			if with[w] {
				names = append(names, combinationName(c.Base, w))
				matched = true
			}
		}
		if matched {
			tier = max(tier, c.Tier)
			advice = append(advice, c.Advice)
		}
	}
	return tier, names, advice
}
