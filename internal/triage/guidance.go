package triage

import (
	"unicode"
	"unicode/utf8"
)

// Guidance is what suits one technique, with the reasons in the client's
// terms ("you take a blood thinner or bruise or bleed easily — deep tissue:
// not advised"). Techniques are listed in a fixed order and never ranked:
// no technique is shown to be better than another (domain-clinical.md §4).
type Guidance struct {
	Technique   string   `json:"technique"`
	Advice      string   `json:"advice"`       // allowed, modify or exclude
	MaxPressure int      `json:"max_pressure"` // Walton 1–5; 0 when excluded
	Reasons     []Reason `json:"reasons"`
}

// Reason is one rule's say about a technique.
type Reason struct {
	ID   ID     `json:"id"`
	Text string `json:"text"`
}

var techniqueNames = map[string]string{Swedish: "Swedish massage", DeepTissue: "deep tissue",
	TriggerPoint: "trigger point therapy", Thai: "Thai massage"}

// guide combines the flagged conditions per technique: the strictest effect
// and the lowest pressure win. CI-19 applies to everyone, so it adds its
// reason to every technique without changing the advice: it is a standard
// precaution, not an adaptation to this client.
func guide(flagged map[ID]bool) (out []Guidance, excluded []string, maxPressure int) {
	excluded = []string{}
	for _, tech := range Techniques {
		g := Guidance{Technique: tech, Advice: Allowed.String(), MaxPressure: naturalMax[tech], Reasons: []Reason{}}
		effect := Allowed
		for _, c := range Contraindications {
			use, ok := c.Uses[tech]
			if !ok || !c.Always && !flagged[c.ID] {
				continue
			}
			g.Reasons = append(g.Reasons, Reason{c.ID, reason(c.Because, tech, use.Note)})
			if c.Always {
				continue
			}
			effect = max(effect, use.Effect)
			g.MaxPressure = min(g.MaxPressure, use.MaxPressure)
		}
		if effect == Exclude {
			g.MaxPressure = 0
			excluded = append(excluded, tech)
		}
		g.Advice = effect.String()
		maxPressure = max(maxPressure, g.MaxPressure)
		out = append(out, g)
	}
	return out, excluded, maxPressure
}

func reason(because, tech, note string) string {
	return capital(because) + " — " + techniqueNames[tech] + ": " + note + "."
}

func capital(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
