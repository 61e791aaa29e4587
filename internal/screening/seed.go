package screening

import (
	"context"
	"time"

	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/triage"
)

// SeedBirth is the date of birth seeded screenings give: an adult.
const SeedBirth = "1980-04-23"

// Answered is every question of the screening answered "no", except the
// IDs in set, answered as set says.
func Answered(set map[string]string) (answers, conditions map[string]string) {
	answers, conditions = map[string]string{}, map[string]string{}
	for _, q := range triage.RedFlags {
		answers[string(q.ID)] = triage.No
	}
	for _, c := range triage.Contraindications {
		if !c.Always {
			conditions[string(c.ID)] = triage.No
		}
	}
	for id, a := range set {
		if _, ok := answers[id]; ok {
			answers[id] = a
		} else {
			conditions[id] = a
		}
	}
	return answers, conditions
}

// Seed stores a screening of an adult taken at at, answered "no" to
// everything but set, with no audit entry: for demo data, load runs and
// tests, never for a person answering.
func Seed(ctx context.Context, q db.Querier, clientID int64, at time.Time, set map[string]string) (int64, error) {
	row, err := Seeded(clientID, at, set)
	if err != nil {
		return 0, err
	}
	return store.InsertScreening(ctx, q, row)
}

// Seeded is the row Seed stores, for bulk inserts.
func Seeded(clientID int64, at time.Time, set map[string]string) (store.Screening, error) {
	answers, conditions := Answered(set)
	r, err := triage.Evaluate(answers, conditions, SeedBirth, Today(at))
	if err != nil {
		return store.Screening{}, err
	}
	return store.Screening{ClientID: clientID, TakenAt: at, RuleVersion: r.RuleVersion, DateOfBirth: SeedBirth,
		Answers: jsonText(answers), Conditions: jsonText(conditions), Result: jsonText(r)}, nil
}
