package triage

import "encoding/json"

// Tier is how urgently a client should see a clinician (domain-clinical.md
// §1.2), in ascending order so that the highest of several wins.
type Tier int

const (
	None Tier = iota
	Caution
	Soon
	Urgent
	Emergency
)

var tierNames = [...]string{"none", "caution", "soon", "urgent", "emergency"}

func (t Tier) String() string { return tierNames[t] }

// ParseTier reads a tier's name; false for an unknown one.
func ParseTier(s string) (Tier, bool) {
	for i, n := range tierNames {
		if n == s {
			return Tier(i), true
		}
	}
	return None, false
}

// MarshalJSON writes the tier's name.
func (t Tier) MarshalJSON() ([]byte, error) { return json.Marshal(t.String()) }

// UnmarshalJSON reads a tier's name; an unknown one reads as emergency, so a
// stored result that cannot be read never lets anyone through.
func (t *Tier) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	v, ok := ParseTier(s)
	if !ok {
		v = Emergency
	}
	*t = v
	return nil
}

// tierAdvice is what each tier tells the client (domain-clinical.md §1.2).
// The emergency numbers are listed because knead does not know the client's
// country yet.
var tierAdvice = map[Tier]string{
	Emergency: "Call emergency services now (911 in the US and Canada, 999 in the UK, 112 in the EU) or go to the nearest emergency department. Do not wait for a massage.",
	Urgent:    "Contact your doctor today, or use urgent care (NHS 111 in the UK) within 24 hours. Please do not book a massage until a clinician has seen you.",
	Soon:      "Please see your doctor within about 2 weeks, before starting massage. When a clinician has reviewed this back pain, tell us who and when, and you can book.",
	Caution:   "You can book. Your therapist will see these answers and adapt the treatment.",
	None:      "Nothing in your answers stops you from booking. Massage may give modest, mostly short-term relief; it is meant to go with staying active and exercise, not to replace them.",
}
