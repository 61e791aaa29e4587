package triage

// Effect is what a condition does to a technique (domain-clinical.md §2.2).
type Effect int

const (
	Allowed Effect = iota
	Modify
	Exclude
)

var effectNames = [...]string{"allowed", "modify", "exclude"}

func (e Effect) String() string { return effectNames[e] }

// Use is a condition's rule for one technique: its effect, the highest
// Walton pressure level (1–5) allowed, and what the therapist changes, in
// the client's terms.
type Use struct {
	Effect      Effect
	MaxPressure int // 0 when excluded
	Note        string
}

// Block says how a general contraindication (§2.1: no massage at all)
// blocks booking.
type Block int

const (
	NoBlock Block = iota
	// UntilCleared blocks until the client attests a clinician's review.
	UntilCleared
	// Postpone blocks until a new screening no longer reports it: a fever
	// or intoxication passes; a clinician's review does not change it.
	Postpone
)

// Contraindication is one condition of §2.2.
type Contraindication struct {
	ID       ID
	Question string // plain words, asked of the client; empty for CI-19
	Because  string // the client's own terms, for reasons: "you take a blood thinner"
	Tier     Tier   // raised by a yes, beyond caution
	Block    Block
	Always   bool // applied to everyone, not asked (CI-19)
	Advice   string
	Uses     map[string]Use // by technique; a technique left out is allowed
}

// Natural pressure range tops: Swedish is up to level 3; deep tissue,
// trigger point and Thai compression reach 5 (Walton scale, §2.1).
var naturalMax = map[string]int{Swedish: 3, DeepTissue: 5, TriggerPoint: 5, Thai: 5}

func allOut(note string) map[string]Use {
	return map[string]Use{Swedish: {Exclude, 0, note}, DeepTissue: {Exclude, 0, note},
		TriggerPoint: {Exclude, 0, note}, Thai: {Exclude, 0, note}}
}

// afterClearance is the rule for a general contraindication that a
// clinician's review lifts (CI-01, CI-10, CI-14): §2.2 only says "no
// massage until cleared", so once cleared only gentle Swedish is offered
// (the safer reading); the rest stay excluded.
func afterClearance(swedishNote string) map[string]Use {
	out := allOut("not advised with this condition")
	out[Swedish] = Use{Modify, 2, swedishNote}
	return out
}

func deepOut(swedish Use, thai Use) map[string]Use {
	return map[string]Use{Swedish: swedish, DeepTissue: {Exclude, 0, "not advised"},
		TriggerPoint: {Exclude, 0, "not advised"}, Thai: thai}
}
