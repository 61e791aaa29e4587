package instrument

import "strconv"

// IDs of the built-in instruments.
const (
	PainNow = "nprs-back-now" // NPRS (OM-01), our wording
	PainAvg = "nprs-back-7d"
	PGIC    = "pgic" // OM-07, public domain (NINDS CDE)
)

// Builtin are the instruments knead may ship (domain-clinical.md §3.3):
// the 0–10 pain scale in our own words and the PGIC. NPRS's meaningful
// change is 2 points and 30 % of baseline, both (knead's responder rule,
// after Farrar 2001 and Ostelo 2008).
func Builtin() []Definition {
	nprs := func(id, text string) Definition {
		return Definition{ID: id, Name: "Pain 0–10", Version: "knead-1", Kind: Pain,
			Licence:          "Our own wording of the generic 0–10 numeric pain rating scale.",
			Items:            []Item{{ID: "pain", Text: text, Answers: zeroToTen()}},
			Scoring:          Scoring{Method: "sum", Min: 0, Max: 10, HigherIsWorse: true},
			MeaningfulChange: MeaningfulChange{Points: 2, Percent: 30, Rule: "both"}}
	}
	return []Definition{
		nprs(PainNow, "How much back pain do you have right now? 0 = no pain, 10 = worst pain you can imagine."),
		nprs(PainAvg, "Thinking about the last 7 days, how bad has your back pain been on average? 0 = no pain, 10 = worst pain you can imagine."),
		{ID: PGIC, Name: "Patient Global Impression of Change", Version: "knead-1", Kind: Change,
			Licence: "Public domain (NINDS Common Data Elements).",
			Items: []Item{{ID: "change", Text: "Since you started massage treatment, how would you describe the overall change in your back pain condition?",
				Answers: []Answer{{1, "Very much improved"}, {2, "Much improved"}, {3, "Minimally improved"}, {4, "No change"},
					{5, "Minimally worse"}, {6, "Much worse"}, {7, "Very much worse"}}}},
			// Lower is better; a responder answers 1 or 2 (Farrar 2001), which
			// is 2 points below "no change".
			Scoring:          Scoring{Method: "sum", Min: 1, Max: 7, HigherIsWorse: true},
			MeaningfulChange: MeaningfulChange{Points: 2},
			Bands:            []Band{{1, 2, "responder"}, {3, 7, "not a responder"}}},
	}
}

func zeroToTen() []Answer {
	out := make([]Answer, 11)
	for i := range out {
		out[i] = Answer{Value: i, Label: strconv.Itoa(i)}
	}
	return out
}
