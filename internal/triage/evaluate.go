package triage

import (
	"slices"
	"strings"
	"time"

	"github.com/knead/knead/internal/apperr"
)

// Result is what a screening's answers mean. It is stored with the answers
// for display; whether it blocks booking at a given moment is worked out
// when read (BlocksAt, Standing), never stored.
type Result struct {
	RuleVersion  string   `json:"rule_version"`
	Tier         Tier     `json:"tier"`
	Flags        []ID     `json:"flags"`                  // every RF and CI flagged, in rule order
	Combinations []string `json:"combinations,omitempty"` // e.g. "RF-09+RF-05"
	// AdultOn is the 18th birthday when RF-19 is flagged (under 18).
	AdultOn string `json:"adult_on,omitempty"`
	// BlocksBooking is what the answers alone say, as taken.
	BlocksBooking      bool       `json:"blocks_booking"`
	Advice             string     `json:"advice"`
	ExcludedTechniques []string   `json:"excluded_techniques"`
	MaxPressure        int        `json:"max_pressure"` // Walton 0–5; 0 when every technique is excluded
	Guidance           []Guidance `json:"guidance"`
}

// Flagged reports whether id is among the result's flags.
func (r Result) Flagged(id ID) bool { return slices.Contains(r.Flags, id) }

// Evaluate reads a screening: answers to the red-flag questions, conditions
// (the contraindication questions), each "yes", "no" or "not_sure", and the
// date of birth as YYYY-MM-DD, on the date today. A missing answer is never
// read as "no": it is a 422 naming every unanswered or unknown ID (the field
// names are the IDs).
func Evaluate(answers, conditions map[string]string, dateOfBirth string, today time.Time) (Result, error) {
	f := apperr.Fields{}
	dob := checkBirth(f, dateOfBirth, today)
	checkAnswers(f, answers, conditions)
	if err := f.Err(); err != nil {
		return Result{}, err
	}
	r := Result{RuleVersion: RuleVersion, ExcludedTechniques: []string{}, Flags: []ID{}}
	flagged := map[ID]bool{}
	var advice []string
	for _, q := range RedFlags {
		a := answers[string(q.ID)]
		if a == No {
			continue
		}
		flagged[q.ID] = true
		t := q.Tier
		if a == NotSure && q.Emergency() {
			t = Urgent // §1.2: "not sure" to an emergency question is urgent
		}
		r.Tier = max(r.Tier, t)
		if q.Advice != "" {
			advice = append(advice, q.Advice)
		}
	}
	adult := dob.AddDate(AdultAge, 0, 0) // 29 February + 18 years is 1 March: the later day
	if today.Before(adult) {
		flagged[RF19] = true
		r.AdultOn = adult.Format(time.DateOnly)
		advice = append(advice, minorAdvice)
	}
	var general bool
	for _, c := range Contraindications {
		if c.Always || conditions[string(c.ID)] == No {
			continue
		}
		flagged[c.ID] = true
		r.Tier = max(r.Tier, c.Tier, Caution) // §1.2: contraindications are at least caution
		general = general || c.Block != NoBlock
		if c.Advice != "" {
			advice = append(advice, c.Advice)
		}
	}
	t, names, comboAdvice := combine(flagged, flagged)
	r.Tier, r.Combinations = max(r.Tier, t), names
	advice = append(comboAdvice, advice...)
	for _, id := range append(slices.Clone(AllRF), AllCI...) {
		if flagged[id] {
			r.Flags = append(r.Flags, id)
		}
	}
	r.BlocksBooking = r.Tier >= Soon || flagged[RF19] || general
	if r.Tier >= Soon || !r.BlocksBooking {
		advice = append([]string{tierAdvice[r.Tier]}, advice...)
	}
	r.Advice = strings.Join(advice, " ")
	r.Guidance, r.ExcludedTechniques, r.MaxPressure = guide(flagged)
	return r, nil
}

// Earliest and latest dates of birth accepted: nobody is older than 130.
const maxAgeYears = 130

func checkBirth(f apperr.Fields, s string, today time.Time) time.Time {
	dob, err := time.Parse(time.DateOnly, s)
	switch {
	case s == "":
		f.Add("date_of_birth", "Give your date of birth as YYYY-MM-DD.")
	case err != nil:
		f.Add("date_of_birth", "This is not a date as YYYY-MM-DD, such as 1980-04-23.")
	case dob.After(today):
		f.Add("date_of_birth", "The date of birth cannot be in the future.")
	case dob.Before(today.AddDate(-maxAgeYears, 0, 0)):
		f.Add("date_of_birth", "Please check the year of birth.")
	}
	return dob
}

// checkAnswers names every question left unanswered, every answer that is
// not yes, no or not_sure, and every ID that is not a question of that
// group.
func checkAnswers(f apperr.Fields, answers, conditions map[string]string) {
	for _, q := range RedFlags {
		checkOne(f, answers, q.ID)
	}
	for _, c := range Contraindications {
		if !c.Always {
			checkOne(f, conditions, c.ID)
		}
	}
	for id := range answers {
		if _, ok := redFlagByID[ID(id)]; !ok {
			f.Add(id, unknown(ID(id), "answers"))
		}
	}
	for id := range conditions {
		if c, ok := contraByID[ID(id)]; !ok || c.Always {
			f.Add(id, unknown(ID(id), "conditions"))
		}
	}
}

func checkOne(f apperr.Fields, m map[string]string, id ID) {
	a, ok := m[string(id)]
	switch {
	case !ok:
		f.Add(string(id), "Please answer this question: yes, no or not sure.")
	case a != Yes && a != No && a != NotSure:
		f.Add(string(id), "Answer yes, no or not_sure.")
	}
}

func unknown(id ID, group string) string {
	switch {
	case id == RF19:
		return "RF-19 is worked out from the date of birth; leave it out."
	case id == CI19:
		return "CI-19 applies to everyone and is not a question; leave it out."
	case group == "answers" && contraByID[id].ID != "":
		return string(id) + " is a condition: send it under conditions."
	case group == "conditions" && redFlagByID[id].ID != "":
		return string(id) + " is a red-flag question: send it under answers."
	}
	return "There is no question " + string(id) + " in " + group + "."
}
