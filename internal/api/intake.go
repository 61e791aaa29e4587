package api

import (
	"net/http"

	"github.com/knead/knead/internal/apperr"
	"time"

	"github.com/knead/knead/internal/instrument"
	"github.com/knead/knead/internal/intake"
)

type consentJSON struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	At      string `json:"at"`
}

type intakeJSON struct {
	ID             ID                  `json:"id"`
	ClientID       ID                  `json:"client_id"`
	Status         string              `json:"status"`
	Steps          []string            `json:"steps"`
	Done           []string            `json:"done"`
	NextStep       *string             `json:"next_step"`
	Where          *intake.Where       `json:"where"`
	Pain           *intake.Pain        `json:"pain"`
	Care           *intake.Care        `json:"care"`
	Preferences    *intake.Preferences `json:"preferences"`
	Goals          *intake.Goals       `json:"goals"`
	Measures       []scoreJSON         `json:"measures"`
	ScreeningID    *ID                 `json:"screening_id"`
	Consent        *consentJSON        `json:"consent"`
	ConsentVersion string              `json:"consent_version"`
	ConsentText    string              `json:"consent_text"`
	CreatedAt      string              `json:"created_at"`
	UpdatedAt      string              `json:"updated_at"`
}

func (s *Server) intakeOut(in intake.Intake) intakeJSON {
	steps := s.Intake.Steps()
	d := in.Data
	out := intakeJSON{ID: ID(in.ID), ClientID: ID(in.ClientID), Status: "draft", Steps: steps, Done: in.Done,
		Where: d.Where, Pain: d.Pain, Care: d.Care, Preferences: d.Preferences, Goals: d.Goals,
		Measures: s.scoresOut(d.Measures), ConsentVersion: intake.ConsentVersion, ConsentText: intake.ConsentText,
		CreatedAt: in.CreatedAt.UTC().Format(time.RFC3339), UpdatedAt: in.UpdatedAt.UTC().Format(time.RFC3339)}
	if next := in.Next(steps); next != "" {
		out.NextStep = &next
	}
	if in.ScreeningID != 0 {
		id := ID(in.ScreeningID)
		out.ScreeningID = &id
	}
	if in.Submitted() {
		out.Status = "submitted"
		out.Consent = &consentJSON{Name: in.ConsentName, Version: in.ConsentVersion, At: in.SubmittedAt.UTC().Format(time.RFC3339)}
	}
	return out
}

type scoreJSON struct {
	Instrument string     `json:"instrument"`
	Version    string     `json:"version"`
	Score      float64    `json:"score"`
	Subscores  []subJSON  `json:"subscores"`
	Band       string     `json:"band"`
	Answers    []itemJSON `json:"answers"`
}

type subJSON struct {
	ID    string  `json:"id"`
	Score float64 `json:"score"`
}

type itemJSON struct {
	Item  string `json:"item"`
	Value int    `json:"value"`
}

// scoresOut lists scores in the instruments' order, items in theirs (a
// list rather than a map: JSON objects have no order).
func (s *Server) scoresOut(m map[string]instrument.Result) []scoreJSON {
	out := []scoreJSON{}
	for _, def := range s.Instruments.All() {
		r, ok := m[def.ID]
		if !ok {
			continue
		}
		sc := scoreJSON{Instrument: r.Instrument, Version: r.Version, Score: r.Score, Band: r.Band,
			Subscores: []subJSON{}, Answers: []itemJSON{}}
		for _, sub := range def.Scoring.Subscales {
			if v, ok := r.Subscores[sub.ID]; ok {
				sc.Subscores = append(sc.Subscores, subJSON{sub.ID, v})
			}
		}
		for _, it := range def.Items {
			if v, ok := r.Answers[it.ID]; ok {
				sc.Answers = append(sc.Answers, itemJSON{it.ID, v})
			}
		}
		out = append(out, sc)
	}
	return out
}

func (s *Server) myIntake(w http.ResponseWriter, r *http.Request) {
	in, err := s.Intake.Mine(r.Context(), Access(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.intakeOut(in))
}

func (s *Server) clientIntake(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r.PathValue("id"))
	var in intake.Intake
	if err == nil {
		in, err = s.Intake.ForClient(r.Context(), Access(r), id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.intakeOut(in))
}

// putIntakeStep saves one step: its body is that step's object.
func (s *Server) putIntakeStep(w http.ResponseWriter, r *http.Request) {
	step := r.PathValue("step")
	var body struct {
		intake.Where
		intake.Pain
		intake.Care
		intake.Preferences
		intake.Goals
		Answers     map[string]map[string]int `json:"answers"`
		ScreeningID ID                        `json:"screening_id"`
	}
	err := decode(r, &body)
	var in intake.Intake
	if err == nil {
		in, err = s.Intake.Save(r.Context(), Access(r), step, intake.StepInput{Where: body.Where, Pain: body.Pain,
			Care: body.Care, Preferences: body.Preferences, Goals: body.Goals, Measures: body.Answers,
			ScreeningID: int64(body.ScreeningID)})
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.intakeOut(in))
}

// putIntake saves several steps of the draft at once, all or none: each
// member present is a step's object (API.md's PUT /api/v1/me/intake).
func (s *Server) putIntake(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Where       *intake.Where       `json:"where"`
		Pain        *intake.Pain        `json:"pain"`
		Care        *intake.Care        `json:"care"`
		Preferences *intake.Preferences `json:"preferences"`
		Goals       *intake.Goals       `json:"goals"`
		Measures    *struct {
			Answers map[string]map[string]int `json:"answers"`
		} `json:"measures"`
		Screening *struct {
			ScreeningID ID `json:"screening_id"`
		} `json:"screening"`
	}
	err := decode(r, &body)
	var steps []string
	var in intake.StepInput
	add := func(present bool, step string, set func()) {
		if present {
			steps = append(steps, step)
			set()
		}
	}
	add(body.Where != nil, intake.StepWhere, func() { in.Where = *body.Where })
	add(body.Pain != nil, intake.StepPain, func() { in.Pain = *body.Pain })
	add(body.Care != nil, intake.StepCare, func() { in.Care = *body.Care })
	add(body.Preferences != nil, intake.StepPreferences, func() { in.Preferences = *body.Preferences })
	add(body.Goals != nil, intake.StepGoals, func() { in.Goals = *body.Goals })
	add(body.Measures != nil, intake.StepMeasures, func() { in.Measures = body.Measures.Answers })
	add(body.Screening != nil, intake.StepScreening, func() { in.ScreeningID = int64(body.Screening.ScreeningID) })
	if err == nil && len(steps) == 0 {
		err = apperr.Fields{"where": "Send at least one step: where, pain, care, preferences, goals, measures or screening."}.Err()
	}
	var out intake.Intake
	if err == nil {
		out, err = s.Intake.SaveSteps(r.Context(), Access(r), steps, in)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.intakeOut(out))
}

func (s *Server) submitIntake(w http.ResponseWriter, r *http.Request) {
	var body struct {
		ConsentName    string `json:"consent_name"`
		ConsentVersion string `json:"consent_version"`
	}
	err := decode(r, &body)
	var in intake.Intake
	if err == nil {
		in, err = s.Intake.Submit(r.Context(), Access(r), intake.SubmitInput{ConsentName: body.ConsentName,
			ConsentVersion: body.ConsentVersion})
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.intakeOut(in))
}

// listInstruments lists the questionnaires this deployment asks, with
// their items, for apps that show them (licensed text: signed-in only).
func (s *Server) listInstruments(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"instruments": s.Instruments.All()})
}
