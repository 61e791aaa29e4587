// Package intake keeps a client's intake: where it hurts, since when, how
// bad, other care, preferences, goals and baseline questionnaires, saved
// step by step as a resumable draft, then submitted with a screening and a
// versioned consent. It is health data: every read is audited, and a
// therapist reads a client's intake only in a care relationship
// (audit.MayRead).
package intake

import (
	"slices"
	"strings"
	"time"

	"github.com/knead/knead/internal/instrument"
)

// RecordType names intakes in the audit log.
const RecordType = "intake"

// Audit actions beyond audit's read and create.
const (
	actionUpdate = "update"
	actionSubmit = "submit"
)

// ConsentVersion names the consent text the client agrees to; a new text
// gets a new version, and each submitted intake keeps the version agreed.
const ConsentVersion = "2026-11.1"

// ConsentText is what the client agrees to (domain-clinical.md DP-11:
// explicit, purpose-specific, withdrawable).
const ConsentText = "I agree that knead keeps these answers about my health and shows them to the therapists " +
	"I book, for as long as I am in their care, so that they can treat me safely. I can see who opened them, " +
	"download them, and withdraw this consent at any time."

// Data is what the client answered, step by step; a step not saved yet is
// nil.
type Data struct {
	Where       *Where                       `json:"where,omitempty"`
	Pain        *Pain                        `json:"pain,omitempty"`
	Care        *Care                        `json:"care,omitempty"`
	Preferences *Preferences                 `json:"preferences,omitempty"`
	Goals       *Goals                       `json:"goals,omitempty"`
	Measures    map[string]instrument.Result `json:"measures,omitempty"` // baseline scores, by instrument
}

// Intake is one client's intake.
type Intake struct {
	ID, ClientID                int64
	Data                        Data
	Done                        []string // steps saved
	ScreeningID                 int64    // 0 until linked
	ConsentName, ConsentVersion string
	CreatedAt, UpdatedAt        time.Time
	SubmittedAt                 *time.Time
}

// Submitted reports whether the intake was submitted.
func (i Intake) Submitted() bool { return i.SubmittedAt != nil }

// Next is the first step of steps not saved yet; "" when all are.
func (i Intake) Next(steps []string) string {
	for _, s := range steps {
		if !slices.Contains(i.Done, s) && s != StepConsent {
			return s
		}
	}
	if i.Submitted() {
		return ""
	}
	return StepConsent
}

func doneList(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, ",")
}

func markDone(done []string, step string) []string {
	if !slices.Contains(done, step) {
		done = append(done, step)
	}
	return done
}
