package api

import (
	"net/http"
	"time"

	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/outcome"
)

type baselineJSON struct {
	Value  float64 `json:"value"`
	Source string  `json:"source"`
}

type verdictJSON struct {
	Kind   string `json:"kind"`
	Text   string `json:"text"`
	Advise bool   `json:"advise"`
	ByPGIC bool   `json:"by_pgic"`
}

type sessionPainJSON struct {
	AppointmentID ID     `json:"appointment_id"`
	Start         string `json:"start"`
	Technique     string `json:"technique"`
	Before        *int   `json:"before"`
	After         *int   `json:"after"`
}

type progressJSON struct {
	ClientID  ID                `json:"client_id"`
	Baseline  *baselineJSON     `json:"baseline"`
	Now       *float64          `json:"now"`
	Threshold *float64          `json:"threshold"`
	Verdict   verdictJSON       `json:"verdict"`
	Rescreen  bool              `json:"rescreen"`
	Sessions  []sessionPainJSON `json:"sessions"`
	Due       *dueJSON          `json:"due"`
}

func score(n int) *int {
	if n < 0 {
		return nil
	}
	return &n
}

func progressOut(p outcome.Progress) progressJSON {
	v := p.Verdict
	out := progressJSON{ClientID: ID(p.ClientID), Rescreen: p.Ref.Rescreen, Sessions: []sessionPainJSON{},
		Verdict: verdictJSON{Kind: string(v.Kind), Text: v.Says(), Advise: v.Advise(), ByPGIC: v.ByPGIC}}
	if p.Ref.BaselineSource != outcome.NoSource {
		out.Baseline = &baselineJSON{Value: p.Ref.Baseline, Source: string(p.Ref.BaselineSource)}
		out.Threshold = &v.Threshold
	}
	if p.Ref.HasNow {
		out.Now = &p.Ref.Now
	}
	for _, s := range p.Sessions {
		out.Sessions = append(out.Sessions, sessionPainJSON{AppointmentID: ID(s.AppointmentID), Start: s.Start.Format(time.RFC3339),
			Technique: s.Technique, Before: score(s.Before), After: score(s.After)})
	}
	if d := p.Due; d != nil {
		out.Due = &dueJSON{Instrument: "pgic", Point: d.Point.ID, Label: d.Point.Label, Question: outcome.PGICQuestion(p.Start),
			Options: outcome.PGICOptions, DueOn: d.On.Format(time.DateOnly), Overdue: d.Overdue}
	}
	return out
}

func (s *Server) myProgress(w http.ResponseWriter, r *http.Request) {
	s.progress(w, r, authz.From(r.Context()).UserID, nil)
}

func (s *Server) clientProgress(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r.PathValue("id"))
	s.progress(w, r, id, err)
}

func (s *Server) progress(w http.ResponseWriter, r *http.Request, clientID int64, err error) {
	var p outcome.Progress
	if err == nil {
		p, err = s.Outcome.Progress(r.Context(), Access(r), clientID)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, progressOut(p))
}
