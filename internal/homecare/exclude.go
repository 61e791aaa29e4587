package homecare

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/triage"
)

// Exclusion says why a routine is not offered to a client: the screening
// flags that rule it out, in the client's terms.
type Exclusion struct {
	Rules  []triage.ID
	Reason string
}

// Screened is what a client's latest screening says about home care.
type Screened struct {
	ID    int64 // 0: no screening yet, nothing known to rule out
	Flags []triage.ID
	// SeeClinician: the screening asks the client to see a clinician
	// urgently or now (§1.2), so no routine is offered until then.
	SeeClinician bool
}

// screened reads the latest of a client's screenings (newest first).
// A stored result that cannot be read rules everything out.
func screened(rows []store.Screening) Screened {
	if len(rows) == 0 {
		return Screened{}
	}
	latest := rows[0]
	var r triage.Result
	if err := json.Unmarshal([]byte(latest.Result), &r); err != nil {
		return Screened{ID: latest.ID, SeeClinician: true}
	}
	cleared := latest.AttestedAt != nil && r.Tier < triage.Emergency
	return Screened{ID: latest.ID, Flags: r.Flags, SeeClinician: r.Tier >= triage.Urgent && !cleared}
}

var because = func() map[triage.ID]string {
	m := map[triage.ID]string{}
	for _, c := range triage.Contraindications {
		m[c.ID] = c.Because
	}
	return m
}()

// Excludes says whether the screening rules the routine out, and why; nil
// when it is offered.
func (s Screened) Excludes(r Routine) *Exclusion {
	if s.SeeClinician {
		return &Exclusion{Reason: "The latest safety screening asks to see a clinician first; home care waits until then."}
	}
	var rules []triage.ID
	var why []string
	for _, id := range r.Rules() {
		if slices.Contains(s.Flags, id) && !slices.Contains(rules, id) {
			rules = append(rules, id)
			why = append(why, because[id]+" ("+string(id)+")")
		}
	}
	if len(rules) == 0 {
		return nil
	}
	return &Exclusion{Rules: rules, Reason: "Not advised with these safety-screening answers: " + strings.Join(why, "; ") + "."}
}
