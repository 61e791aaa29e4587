package triage

import (
	"slices"
	"strings"

	"github.com/knead/knead/internal/apperr"
)

// ShortForm is the re-screen asked at check-in before every session
// (domain-clinical.md §1.2): the emergency questions, worsening weakness
// and fever. Each is a question of RedFlags, asked in the same words.
var ShortForm = []ID{RF01, RF02, RF03, RF04, RF05, RF06, RF07, RF11, RF13}

// Carried are the answers of the client's latest full screening that a
// check-in still reads: the bases of the combination rules whose other
// half the short form asks again (RF-09 with RF-05/RF-06, RF-12 and RF-15
// with RF-11). A carried answer alone never stops a session: it was judged
// when the client booked.
var Carried = []ID{RF09, RF12, RF15}

// ShortQuestions are the short form's questions, in order.
func ShortQuestions() []RedFlag {
	out := make([]RedFlag, len(ShortForm))
	for i, id := range ShortForm {
		out[i] = redFlagByID[id]
	}
	return out
}

// CheckResult is what a check-in's answers mean for today's session.
type CheckResult struct {
	RuleVersion  string   `json:"rule_version"`
	Tier         Tier     `json:"tier"`
	Flags        []ID     `json:"flags"`                  // short-form IDs not answered "no", in order
	Combinations []string `json:"combinations,omitempty"` // with a carried answer, e.g. "RF-09+RF-06"
	// Stops: the session does not go ahead; the client is referred.
	Stops  bool   `json:"stops"`
	Advice string `json:"advice"`
}

// sessionAdvice is what a check-in tells the client about today's
// session, before the tier's own advice when the session stops.
const (
	sessionClear   = "Nothing in your answers stops today's session. Tell your therapist if anything changes."
	sessionStopped = "Today's massage will not go ahead: these symptoms need a doctor first."
)

// EvaluateShort reads a check-in: answers to every short-form question
// ("yes", "no" or "not_sure"), and the IDs the client's latest screening
// flagged (only those of Carried count). It uses the full screening's
// logic: "not sure" to an emergency question is urgent, combinations
// raise the tier, and any result of soon or above stops the session —
// every short-form question is urgent or emergency, so any answer but "no"
// does. A missing answer is a 422 naming each unanswered ID.
func EvaluateShort(answers map[string]string, carried []ID) (CheckResult, error) {
	f := apperr.Fields{}
	for _, id := range ShortForm {
		checkOne(f, answers, id)
	}
	for id := range answers {
		if !slices.Contains(ShortForm, ID(id)) {
			f.Add(id, "There is no question "+id+" at check-in.")
		}
	}
	if err := f.Err(); err != nil {
		return CheckResult{}, err
	}
	r := CheckResult{RuleVersion: RuleVersion, Flags: []ID{}}
	now, bases := map[ID]bool{}, map[ID]bool{}
	var advice []string
	for _, q := range ShortQuestions() {
		a := answers[string(q.ID)]
		if a == No {
			continue
		}
		now[q.ID], bases[q.ID] = true, true
		r.Flags = append(r.Flags, q.ID)
		t := q.Tier
		if a == NotSure && q.Emergency() {
			t = Urgent
		}
		r.Tier = max(r.Tier, t)
		if q.Advice != "" {
			advice = append(advice, q.Advice)
		}
	}
	for _, id := range carried {
		if slices.Contains(Carried, id) {
			bases[id] = true
		}
	}
	t, names, comboAdvice := combine(bases, now)
	r.Tier, r.Combinations = max(r.Tier, t), names
	r.Stops = r.Tier >= Soon
	if !r.Stops {
		r.Advice = sessionClear
		return r, nil
	}
	r.Advice = strings.Join(append(append([]string{sessionStopped, tierAdvice[r.Tier]}, comboAdvice...), advice...), " ")
	return r, nil
}

// ReferralAdvice is what the client is told when their therapist stops
// and refers a session, naming rule when the therapist gave one. A stop
// at the door always means seeing a doctor today at least (§1.2: the
// therapist's flag overrides the client's answers); a rule whose own tier
// is emergency says so.
func ReferralAdvice(rule ID) (Tier, string) {
	tier := Urgent
	q, ok := redFlagByID[rule]
	if ok {
		tier = max(tier, q.Tier)
	}
	advice := []string{"Your therapist stopped today's session and advises you to see a doctor.", tierAdvice[tier]}
	if ok && q.Advice != "" {
		advice = append(advice, q.Advice)
	}
	return tier, strings.Join(advice, " ")
}

// IsRedFlag reports whether id is a red-flag ID (RF-xx) of AllRF.
func IsRedFlag(id ID) bool { return slices.Contains(AllRF, id) }
