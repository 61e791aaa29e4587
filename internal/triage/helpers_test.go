package triage

import (
	"slices"
	"testing"
	"time"
)

// today is the date the tests screen on.
var today = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

const adultDOB = "1980-04-23"

// allNo answers every question "no".
func allNo() (answers, conditions map[string]string) {
	answers, conditions = map[string]string{}, map[string]string{}
	for _, q := range RedFlags {
		answers[string(q.ID)] = No
	}
	for _, c := range Contraindications {
		if !c.Always {
			conditions[string(c.ID)] = No
		}
	}
	return answers, conditions
}

// screen evaluates "no" to everything but set, for an adult unless dob is
// given.
func screen(t *testing.T, set map[ID]string, dob string) Result {
	t.Helper()
	answers, conditions := allNo()
	for id, a := range set {
		if _, ok := answers[string(id)]; ok {
			answers[string(id)] = a
		} else {
			conditions[string(id)] = a
		}
	}
	if dob == "" {
		dob = adultDOB
	}
	r, err := Evaluate(answers, conditions, dob, today)
	if err != nil {
		t.Fatalf("Evaluate(%v): %v", set, err)
	}
	return r
}

func yes(ids ...ID) map[ID]string {
	m := map[ID]string{}
	for _, id := range ids {
		m[id] = Yes
	}
	return m
}

func guidanceFor(r Result, tech string) Guidance {
	for _, g := range r.Guidance {
		if g.Technique == tech {
			return g
		}
	}
	return Guidance{}
}

func hasReason(g Guidance, id ID) bool {
	return slices.ContainsFunc(g.Reasons, func(r Reason) bool { return r.ID == id })
}
