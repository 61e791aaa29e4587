package api

import (
	"time"

	"github.com/knead/knead/internal/instrument"
	"github.com/knead/knead/internal/outcome"
	"github.com/knead/knead/internal/store"
)

// instrumentAnswerJSON is a follow-up answer to an installed disability
// instrument (MeasureInstrumentAnswer).
type instrumentAnswerJSON struct {
	ID         ID         `json:"id"`
	Instrument string     `json:"instrument"`
	Version    string     `json:"version"`
	Point      string     `json:"point"`
	Score      float64    `json:"score"`
	Answers    []itemJSON `json:"answers"`
	AnsweredAt string     `json:"answered_at"`
}

func (s *Server) instrumentAnswerOut(m store.InstrumentAnswer) instrumentAnswerJSON {
	out := instrumentAnswerJSON{ID: ID(m.ID), Instrument: m.Instrument, Version: m.Version, Point: m.Point, Score: m.Score,
		Answers: []itemJSON{}, AnsweredAt: m.AnsweredAt.UTC().Format(time.RFC3339)}
	d, _ := s.Instruments.Get(m.Instrument)
	for _, it := range d.Items { // in the instrument's order
		if v, ok := m.Answers[it.ID]; ok {
			out.Answers = append(out.Answers, itemJSON{it.ID, v})
		}
	}
	return out
}

// instrumentDueJSON is a disability instrument due now, with its
// definition to ask it from (MeasureInstrumentDue).
type instrumentDueJSON struct {
	Instrument string                `json:"instrument"`
	Point      string                `json:"point"`
	Label      string                `json:"label"`
	DueOn      string                `json:"due_on"`
	Overdue    bool                  `json:"overdue"`
	Definition instrument.Definition `json:"definition"`
}

func (s *Server) instrumentsOut(p outcome.Progress) ([]instrumentAnswerJSON, []instrumentDueJSON) {
	due := []instrumentDueJSON{}
	for _, d := range p.InstrumentsDue {
		due = append(due, instrumentDueJSON{Instrument: d.Def.ID, Point: d.Point.ID, Label: d.Point.Label,
			DueOn: d.On.Format(time.DateOnly), Overdue: d.Overdue, Definition: d.Def})
	}
	answers := make([]instrumentAnswerJSON, len(p.Instruments))
	for i, m := range p.Instruments {
		answers[i] = s.instrumentAnswerOut(m)
	}
	return answers, due
}
