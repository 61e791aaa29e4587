package api

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/knead/knead/internal/audit"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/screening"
	"github.com/knead/knead/internal/triage"
)

type blockJSON struct {
	Problem     string  `json:"problem"`
	Reason      string  `json:"reason"`
	Rule        string  `json:"rule,omitempty"`
	ScreeningID *ID     `json:"screening_id"`
	LiftsAt     *string `json:"lifts_at"`
	Clearable   bool    `json:"clearable"`
}

type clearanceJSON struct {
	Clinician  string `json:"clinician"`
	SeenOn     string `json:"seen_on"`
	Note       string `json:"note"`
	AttestedAt string `json:"attested_at"`
}

type screeningJSON struct {
	ID                 ID                `json:"id"`
	TakenAt            string            `json:"taken_at"`
	RuleVersion        string            `json:"rule_version"`
	Tier               string            `json:"tier"`
	Flags              []triage.ID       `json:"flags"`
	Combinations       []string          `json:"combinations"`
	BlocksBooking      bool              `json:"blocks_booking"`
	Block              *blockJSON        `json:"block"`
	Advice             string            `json:"advice"`
	ExcludedTechniques []string          `json:"excluded_techniques"`
	MaxPressure        int               `json:"max_pressure"`
	Guidance           []triage.Guidance `json:"guidance"`
	Cleared            bool              `json:"cleared"`
	Clearance          *clearanceJSON    `json:"clearance"`
	Cautions           []cautionJSON     `json:"cautions,omitempty"` // for the therapist
}

func screeningOut(v screening.View) screeningJSON {
	r := v.Result
	out := screeningJSON{ID: ID(v.ID), TakenAt: v.TakenAt.UTC().Format(time.RFC3339), RuleVersion: r.RuleVersion,
		Tier: r.Tier.String(), Flags: r.Flags, Combinations: r.Combinations, BlocksBooking: v.Verdict.Blocks,
		Advice: r.Advice, ExcludedTechniques: r.ExcludedTechniques, MaxPressure: r.MaxPressure, Guidance: r.Guidance}
	if out.Combinations == nil {
		out.Combinations = []string{}
	}
	if b := v.Verdict; b.Blocks {
		out.Block = &blockJSON{Problem: b.Problem, Reason: b.Reason, Rule: string(b.Rule), Clearable: b.Clearable}
		if v.Blocker != 0 {
			id := ID(v.Blocker)
			out.Block.ScreeningID = &id
		}
		if !b.LiftsAt.IsZero() {
			at := b.LiftsAt.UTC().Format(time.RFC3339)
			out.Block.LiftsAt = &at
		}
	}
	if c := v.Clearance; c != nil {
		out.Cleared = true
		out.Clearance = &clearanceJSON{Clinician: c.Clinician, SeenOn: c.SeenOn, Note: c.Note,
			AttestedAt: c.AttestedAt.UTC().Format(time.RFC3339)}
	}
	return out
}

// Access is who is calling and from where, for the audit log: the one
// way the API and the pages name who reached a health record.
func Access(r *http.Request) audit.Access {
	return audit.Access{Actor: authz.From(r.Context()), Address: ClientAddress(r)}
}

// answerMap reads answers as strings; any other JSON value becomes "", which
// the rules reject with the ID named (not one 422 for the whole map).
func answerMap(raw map[string]json.RawMessage) map[string]string {
	out := make(map[string]string, len(raw))
	for id, v := range raw {
		var s string
		_ = json.Unmarshal(v, &s)
		out[id] = s
	}
	return out
}

func (s *Server) takeScreening(w http.ResponseWriter, r *http.Request) {
	var in struct {
		DateOfBirth string                     `json:"date_of_birth"`
		Answers     map[string]json.RawMessage `json:"answers"`
		Conditions  map[string]json.RawMessage `json:"conditions"`
	}
	if err := decode(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.Screening.Take(r.Context(), Access(r), screening.Input{DateOfBirth: in.DateOfBirth,
		Answers: answerMap(in.Answers), Conditions: answerMap(in.Conditions)})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, screeningOut(v))
}

func (s *Server) latestScreening(w http.ResponseWriter, r *http.Request) {
	v, err := s.Screening.Latest(r.Context(), Access(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, screeningOut(v))
}

func (s *Server) getScreening(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r.PathValue("id"))
	var v screening.View
	if err == nil {
		v, err = s.Screening.Get(r.Context(), Access(r), id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, screeningOut(v))
}

func (s *Server) clearScreening(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Clinician string `json:"clinician"`
		SeenOn    string `json:"seen_on"`
		Note      string `json:"note"`
	}
	id, err := pathID(r.PathValue("id"))
	if err == nil {
		err = decode(r, &in)
	}
	var v screening.View
	if err == nil {
		v, err = s.Screening.Clear(r.Context(), Access(r), id, screening.ClearanceInput{Clinician: in.Clinician,
			SeenOn: in.SeenOn, Note: in.Note})
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, screeningOut(v))
}
