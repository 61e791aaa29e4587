package triage

import (
	"time"
)

// How long results hold (domain-clinical.md §1.2, API.md "Safety
// screening"). Each is a length of time from the instant a screening was
// taken; a boundary instant itself is allowed (≥), so "24 h later" means
// exactly 24 h is enough.
const (
	MaxAge        = 90 * 24 * time.Hour // a screening older than this no longer counts
	EmergencyWait = 24 * time.Hour      // an emergency lifts only with a new screening this much later
	UrgentWait    = 14 * 24 * time.Hour // an urgent block lifts with a non-blocking new screening this much later
)

// Problem names of API.md's booking checks.
const (
	ProblemRequired = "screening-required"
	ProblemBlocked  = "booking-blocked"
)

// Clearance is the client's attestation that a clinician reviewed this
// episode (API.md): it lifts soon and urgent blocks and those of CI-01,
// CI-10 and CI-14, never an emergency, RF-19 or a postponement.
type Clearance struct {
	Clinician  string    `json:"clinician"`
	SeenOn     string    `json:"seen_on"`
	Note       string    `json:"note"`
	AttestedAt time.Time `json:"attested_at"`
}

// Verdict says whether booking is blocked, and why.
type Verdict struct {
	Blocks  bool
	Problem string    // ProblemRequired or ProblemBlocked when Blocks
	Reason  string    // plain words
	Rule    ID        // the rule that blocks, when one does
	LiftsAt time.Time // the earliest a new screening can lift it; zero when none can by time alone
	// Clearable: a clinician's review attested on the screening that blocks
	// would lift it.
	Clearable bool
	// From is the index, in the history given to Standing, of the
	// screening that blocks.
	From int
	// Emergency: an emergency result blocks, so the client's pages offer
	// no search and no booking, only the emergency advice.
	Emergency bool
}

// block is one reason a screening blocks.
type block struct {
	rule      ID
	kind      blockKind
	reason    string
	clearable bool
	wait      time.Duration // for emergency and urgent
}

type blockKind int

const (
	kindEmergency blockKind = iota
	kindMinor
	kindUrgent
	kindCleared // soon, and general contraindications a clinician clears
	kindPostpone
)

// blocks lists why a result blocks, strongest first.
func blocks(r Result) []block {
	var out []block
	switch r.Tier {
	case Emergency:
		out = append(out, block{kind: kindEmergency, reason: tierAdvice[Emergency], wait: EmergencyWait})
	case Urgent:
		out = append(out, block{kind: kindUrgent, reason: tierAdvice[Urgent], clearable: true, wait: UrgentWait})
	case Soon:
		out = append(out, block{kind: kindCleared, reason: tierAdvice[Soon], clearable: true})
	}
	if r.AdultOn != "" {
		out = append(out, block{rule: RF19, kind: kindMinor, reason: minorAdvice})
	}
	for _, id := range r.Flags {
		switch c := contraByID[id]; c.Block {
		case UntilCleared:
			out = append(out, block{rule: id, kind: kindCleared, reason: c.Advice, clearable: true})
		case Postpone:
			out = append(out, block{rule: id, kind: kindPostpone, reason: c.Advice})
		}
	}
	return out
}

// BlocksAt says whether a screening taken at takenAt, as the client's latest,
// blocks booking at now: older than 90 days it no longer counts; an
// emergency blocks whatever a clinician says; urgent, soon and the general
// contraindications a clinician clears block until the clearance; RF-19 and
// postponements (CI-02, CI-15) block until a new screening.
func BlocksAt(r Result, takenAt time.Time, c *Clearance, now time.Time) Verdict {
	if now.Sub(takenAt) > MaxAge {
		return Verdict{Blocks: true, Problem: ProblemRequired,
			Reason: "Your last safety screening is more than 90 days old: please take a new one before booking."}
	}
	for _, b := range blocks(r) {
		if b.clearable && c != nil {
			continue
		}
		return verdict(b, r, takenAt)
	}
	return Verdict{}
}

func verdict(b block, r Result, takenAt time.Time) Verdict {
	v := Verdict{Blocks: true, Problem: ProblemBlocked, Reason: b.reason, Rule: b.rule, Clearable: b.clearable,
		Emergency: b.kind == kindEmergency}
	switch b.kind {
	case kindEmergency, kindUrgent:
		v.LiftsAt = takenAt.Add(b.wait)
	case kindMinor:
		v.LiftsAt, _ = time.Parse(time.DateOnly, r.AdultOn)
	}
	return v
}

// Taken is one screening of a client's history.
type Taken struct {
	Result    Result
	At        time.Time
	Clearance *Clearance
}

// Standing says whether a client's history, newest first, blocks booking at
// now. The latest screening decides by itself (BlocksAt), and an earlier
// one still blocks when a later screening cannot lift it: a new screening
// lifts an emergency only 24 h later, an uncleared urgent result only 14
// days later (and the new one must not block, which BlocksAt has checked),
// RF-19 only from the 18th birthday of the date of birth then given, and
// never a soon result or a contraindication that needs a clinician. So
// answering differently does not get round a block.
func Standing(history []Taken, now time.Time) Verdict {
	if len(history) == 0 {
		return Verdict{Blocks: true, Problem: ProblemRequired, Reason: "Please take a safety screening before booking."}
	}
	latest := history[0]
	if v := BlocksAt(latest.Result, latest.At, latest.Clearance, now); v.Blocks {
		return v
	}
	for i, s := range history[1:] {
		for _, b := range blocks(s.Result) {
			if carried(b, s, latest.At) {
				v := verdict(b, s.Result, s.At)
				v.From = i + 1
				return v
			}
		}
	}
	return Verdict{}
}

// carried reports whether block b of the earlier screening s still stands
// after a newer screening taken at newer.
func carried(b block, s Taken, newer time.Time) bool {
	if b.clearable && s.Clearance != nil {
		return false
	}
	switch b.kind {
	case kindEmergency, kindUrgent:
		return newer.Sub(s.At) < b.wait
	case kindMinor:
		adult, _ := time.Parse(time.DateOnly, s.Result.AdultOn)
		return newer.Before(adult)
	case kindCleared:
		return true
	}
	return false // a postponement lifts with any new screening
}

// ClearanceAllowed says whether a clinician's review may be attested on a
// screening: never on an emergency (only a new screening 24 h later lifts
// it) nor on RF-19 (a clinician cannot make a client an adult).
func ClearanceAllowed(r Result) (bool, string) {
	switch {
	case r.Tier == Emergency:
		return false, "A clinician's review cannot lift an emergency result. If you are safe now, take a new screening at least 24 hours after this one."
	case r.AdultOn != "":
		return false, "People under 18 cannot book on knead themselves, whatever a clinician says."
	}
	return true, ""
}
