package screening

import (
	"context"
	"encoding/json"

	"github.com/knead/knead/internal/audit"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/triage"
)

// LatestFor is clientID's latest screening for whoever may read it
// (audit.MayRead: the client, or a therapist in a care relationship), the
// read recorded in the same transaction. Anyone else is answered
// not-found, as is a client with no screening.
func (s *Service) LatestFor(ctx context.Context, a audit.Access, clientID int64) (View, error) {
	var v View
	now := s.now()
	err := s.db.InTx(ctx, func(tx db.Tx) error {
		if err := audit.MayRead(ctx, tx, a.Actor, clientID, now); err != nil {
			return err
		}
		var err error
		if v, err = s.view(ctx, tx, clientID, 0, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, a, clientID, RecordType, v.ID, audit.Read)
	})
	return v, err
}

// Caution is one flagged answer in plain words, for the therapist.
type Caution struct {
	ID   triage.ID
	Text string
}

// Cautions are the screening's flags as the therapist reads them: the
// question the client was asked and what they answered.
func (v View) Cautions() []Caution {
	out := []Caution{}
	for _, id := range v.Result.Flags {
		text := questions[id]
		switch {
		case id == triage.RF19:
			text = "Under 18: cannot book for themself."
		case v.answers[string(id)] == triage.NotSure:
			text = "Not sure: " + text
		default:
			text = "Yes: " + text
		}
		out = append(out, Caution{id, text})
	}
	return out
}

// questions are the screening's questions by ID.
var questions = func() map[triage.ID]string {
	m := map[triage.ID]string{}
	for _, q := range triage.RedFlags {
		m[q.ID] = q.Question
	}
	for _, c := range triage.Contraindications {
		m[c.ID] = c.Question
	}
	return m
}()

func answersOf(row store.Screening) map[string]string {
	all := map[string]string{}
	_ = json.Unmarshal([]byte(row.Answers), &all)
	var conditions map[string]string
	_ = json.Unmarshal([]byte(row.Conditions), &conditions)
	for k, a := range conditions {
		all[k] = a
	}
	return all
}
