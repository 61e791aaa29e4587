package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/knead/knead/internal/intake"
)

type measureRow struct{ Name, Score, Band string }

type intakeSummaryView struct {
	Base
	Own                     bool // the client's own view
	ClientName, SubmittedAt string
	Regions                 []string
	On                      map[string]bool
	Since, Pain             string
	Worse, Better, Notes    string
	Other                   []string
	Earlier                 string
	Technique, Pressure     string
	Gender, Language, Goals string
	Measures                []measureRow
	ScreeningID             int64
	Consent                 string
}

// summaryView is an intake in words, for the therapist before the first
// session or for the client.
func (s *Server) summaryView(r *http.Request, in intake.Intake, own bool) intakeSummaryView {
	v := intakeSummaryView{Base: s.base(r, "Intake summary"), Own: own, On: map[string]bool{}, ScreeningID: in.ScreeningID}
	if u, err := s.Accounts.Me(r.Context(), in.ClientID); err == nil {
		v.ClientName = u.Name
	}
	if in.SubmittedAt != nil {
		v.SubmittedAt = in.SubmittedAt.UTC().Format(longDate)
		v.Consent = fmt.Sprintf("Given by %s on %s (consent version %s)", in.ConsentName, v.SubmittedAt, in.ConsentVersion)
	}
	d := in.Data
	if d.Where != nil {
		for _, reg := range d.Where.Regions {
			v.Regions, v.On[reg] = append(v.Regions, labelOf(regionChoices, reg)), true
		}
	}
	if p := d.Pain; p != nil && p.Now != nil && p.Average != nil && p.Worst != nil {
		v.Since = labelOf(sinceChoices, p.Since)
		v.Pain = fmt.Sprintf("now %d, on average %d, at worst %d (out of 10)", *p.Now, *p.Average, *p.Worst)
		v.Worse, v.Better = p.Worse, p.Better
	}
	if c := d.Care; c != nil {
		for _, o := range c.Other {
			v.Other = append(v.Other, labelOf(careChoices, o))
		}
		v.Notes, v.Earlier = c.Notes, labelOf(earlierChoices, c.EarlierMassage)
	}
	if p := d.Preferences; p != nil {
		v.Technique, v.Pressure = labelOf(techniqueChoices, p.Technique), labelOf(pressureChoices, p.Pressure)
		v.Gender, v.Language = labelOf(genderChoices, p.Gender), labelOf(searchChoices.Languages, p.Language)
		if p.Language == "" {
			v.Language = "No preference"
		}
	}
	if d.Goals != nil {
		v.Goals = d.Goals.Goals
	}
	for _, def := range s.API.Intake.Baseline() {
		if m, ok := d.Measures[def.ID]; ok {
			v.Measures = append(v.Measures, measureRow{Name: def.Name,
				Score: strings.TrimSuffix(fmt.Sprintf("%.1f", m.Score), ".0") + fmt.Sprintf(" (%g–%g)", def.Scoring.Min, def.Scoring.Max),
				Band:  m.Band})
		}
	}
	return v
}
