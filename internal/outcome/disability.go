package outcome

import (
	"context"
	"slices"
	"strconv"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/audit"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/instrument"
	"github.com/knead/knead/internal/store"
)

// MeasureBaseline reads the baseline scores of the installed instruments
// (instrument ID → score) from the client's intake; the intake area
// provides it (intake.MeasureBaselines).
type MeasureBaseline func(ctx context.Context, q db.Querier, clientID int64) (map[string]float64, error)

// InstrumentDue is an installed disability instrument due at a point.
type InstrumentDue struct {
	Def instrument.Definition
	Due
}

// WithDisability sets the installed disability instruments, asked again
// at the PGIC's points (§3.2 "RMDQ (if installed)").
func (s *Service) WithDisability(defs []instrument.Definition) *Service {
	s.disability = defs
	return s
}

// Responder counts a client as a responder when, for any of defs, their
// latest follow-up score is a meaningful improvement on the intake's
// baseline by the instrument's own rule (Definition.Meaningful; RMDQ:
// 5 points or 30 %).
func Responder(defs []instrument.Definition, baseline MeasureBaseline) InstrumentResponder {
	return func(ctx context.Context, q db.Querier, clientID int64) (bool, error) {
		base, err := baseline(ctx, q, clientID)
		if err != nil || len(base) == 0 {
			return false, err
		}
		answers, err := store.ClientInstrumentAnswers(ctx, q, clientID)
		if err != nil {
			return false, err
		}
		latest := map[string]float64{}
		for _, a := range answers {
			latest[a.Instrument] = a.Score
		}
		for _, d := range defs {
			b, hasBase := base[d.ID]
			now, hasNow := latest[d.ID]
			if hasBase && hasNow && d.Meaningful(b, now) {
				return true, nil
			}
		}
		return false, nil
	}
}

// dueInstruments lists the disability instruments due, each at the same
// point as the PGIC would be, unless answered there already.
func (s *Service) dueInstruments(p *Progress) {
	answered := map[string]map[string]bool{}
	for _, a := range p.Instruments {
		if answered[a.Instrument] == nil {
			answered[a.Instrument] = map[string]bool{}
		}
		answered[a.Instrument][a.Point] = true
	}
	for _, d := range s.disability {
		if due, ok := DuePGIC(p.Start, p.Today, answered[d.ID]); ok {
			p.InstrumentsDue = append(p.InstrumentsDue, InstrumentDue{Def: d, Due: due})
		}
	}
}

// AnswerInstrument stores the calling client's answers to an installed
// disability instrument at the point due now, scored by its definition; a
// field is named "INSTRUMENT.ITEM" as in the intake.
func (s *Service) AnswerInstrument(ctx context.Context, a audit.Access, id, point string, answers map[string]int) (store.InstrumentAnswer, error) {
	now := s.now()
	m := store.InstrumentAnswer{ClientID: a.Actor.UserID, Instrument: id, Point: point, AnsweredAt: now}
	err := s.db.InTx(ctx, func(tx db.Tx) error {
		p, err := s.progress(ctx, tx, a.Actor.UserID, now)
		if err != nil {
			return err
		}
		var due *InstrumentDue
		for i := range p.InstrumentsDue {
			if p.InstrumentsDue[i].Def.ID == id {
				due = &p.InstrumentsDue[i]
			}
		}
		f := apperr.Fields{}
		switch {
		case !slices.ContainsFunc(s.disability, func(d instrument.Definition) bool { return d.ID == id }):
			f.Add("instrument", "No questionnaire called "+strconv.Quote(id)+" is asked here.")
		case due == nil || due.Point.ID != point:
			f.Add("point", "This questionnaire is not due now.")
		default:
			r, err := due.Def.Score(answers)
			for k, msg := range apperr.From(err).Fields {
				f.Add(id+"."+k, msg)
			}
			m.Version, m.Score, m.Answers = r.Version, r.Score, r.Answers
		}
		if err := f.Err(); err != nil {
			return err
		}
		var fresh bool
		if m.ID, fresh, err = store.InsertInstrumentAnswer(ctx, tx, m); err != nil {
			return err
		}
		if !fresh {
			return apperr.Fields{"point": "You have answered this questionnaire already."}.Err()
		}
		return audit.Record(ctx, tx, now, a, m.ClientID, RecordMeasure, m.ID, audit.Create)
	})
	return m, err
}
