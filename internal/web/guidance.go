package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"

	"github.com/knead/knead/internal/api"
	"github.com/knead/knead/internal/screening"
	"github.com/knead/knead/internal/therapist"
	"github.com/knead/knead/internal/triage"
)

// guidanceRow is one technique's fit for this client, in their terms.
type guidanceRow struct {
	Technique, Name, Advice, Pressure string
	Excluded                          bool
	Reasons                           []string
	Find                              string // the directory filtered to it, "" when excluded
}

// pressureWords are the Walton levels (domain-clinical.md §2.1) as a
// client would say them.
var pressureWords = [...]string{"no pressure", "very light", "light", "medium", "firm", "deep"}

func guidanceRows(r triage.Result) []guidanceRow {
	var out []guidanceRow
	for _, g := range r.Guidance {
		row := guidanceRow{Technique: g.Technique, Name: therapist.TechniqueNames[g.Technique], Advice: g.Advice,
			Excluded: g.Advice == "exclude"}
		if !row.Excluded && g.MaxPressure >= 0 && g.MaxPressure < len(pressureWords) {
			row.Pressure = pressureWords[g.MaxPressure]
		}
		for _, why := range g.Reasons {
			if why.ID != triage.CI19 || len(g.Reasons) == 1 {
				row.Reasons = append(row.Reasons, why.Text)
			}
		}
		out = append(out, row)
	}
	return out
}

// Preferences narrow "Find therapists for me" (the intake's preferences
// step fills them).
type Preferences struct {
	Technique, Language, Gender string
}

// findURL is the directory's search filtered to a technique the screening
// allows and the client's preferences (the parameter names of
// search_form.go).
func findURL(technique string, p Preferences) string {
	q := url.Values{}
	q.Set("technique", technique)
	if p.Language != "" {
		q.Set("language", p.Language)
	}
	if p.Gender != "" {
		q.Set("gender", p.Gender)
	}
	return "/therapists?" + q.Encode()
}

type guidancePage struct {
	Base
	Screened, Blocks, Emergency bool
	Tier, Heading, Reason       string
	ScreeningID                 int64
	Rows                        []guidanceRow
	Find                        string // the first allowed technique's search; "" when none or blocked
}

// showGuidance explains which techniques fit, from the latest screening;
// while booking is blocked it says why and offers no search.
func (s *Server) showGuidance(w http.ResponseWriter, r *http.Request) {
	v, err := s.API.Screening.Latest(r.Context(), api.Access(r))
	p := guidancePage{Base: s.base(r, "Which massage suits you")}
	if errors.Is(err, screening.ErrNoScreening) {
		s.render(w, r, http.StatusOK, "guidance", p)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	prefs, err := s.preferences(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "guidance", guidanceFor(p, v, prefs))
}

func guidanceFor(p guidancePage, v screening.View, prefs Preferences) guidancePage {
	p.Screened, p.ScreeningID, p.Blocks = true, v.ID, v.Verdict.Blocks
	p.Tier, p.Heading, p.Reason = v.Result.Tier.String(), tierWords[v.Result.Tier], v.Verdict.Reason
	p.Emergency = v.Result.Tier == triage.Emergency
	if p.Emergency {
		p.Nav = slices.DeleteFunc(p.Nav, func(n navItem) bool { return n.Href == "/therapists" })
		return p
	}
	p.Rows = guidanceRows(v.Result)
	for i, row := range p.Rows {
		if row.Excluded || p.Blocks {
			continue
		}
		p.Rows[i].Find = findURL(row.Technique, prefs)
		if p.Find == "" || row.Technique == prefs.Technique {
			p.Find = p.Rows[i].Find
		}
	}
	return p
}
