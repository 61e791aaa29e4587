package web

import (
	"net/http"
	"slices"

	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/intake"
	"github.com/knead/knead/internal/screening"
	"github.com/knead/knead/internal/triage"
	"github.com/knead/knead/internal/tz"
)

// question is one screening question as the form shows it.
type question struct {
	ID, Text, Short, Answer, Error string
	Choices                        []choice
}

type screeningFormView struct {
	Base
	Form       Form
	RedFlags   []question
	Conditions []question
	Missing    []question // the unanswered or wrongly answered, in order
	FromIntake bool
	// StepNumber of StepTotal is the screening's place in the intake.
	StepNumber, StepTotal int
}

var answerChoices = []choice{{triage.Yes, "Yes"}, {triage.No, "No"}, {triage.NotSure, "Not sure"}}

// screeningForm lays out every question with the answers already given
// and each one's message.
func (s *Server) screeningForm(r *http.Request, f Form) screeningFormView {
	v := s.screeningFormOf(f)
	v.Base = s.base(r, "Safety screening")
	steps := s.API.Intake.Steps()
	v.StepNumber, v.StepTotal = slices.Index(steps, intake.StepScreening)+1, len(steps)
	return v
}

func (s *Server) screeningFormOf(f Form) screeningFormView {
	v := screeningFormView{Form: f, FromIntake: f.Get("from") == "intake"}
	add := func(id triage.ID, text string) question {
		q := question{ID: string(id), Text: text, Short: shortLabels[id], Answer: f.Get(string(id)), Error: f.Errors[string(id)],
			Choices: answerChoices}
		if q.Error != "" {
			v.Missing = append(v.Missing, q)
		}
		return q
	}
	if msg := f.Errors["date_of_birth"]; msg != "" {
		v.Missing = append(v.Missing, question{ID: "date_of_birth", Short: "Date of birth", Error: msg})
	}
	for _, q := range triage.RedFlags {
		v.RedFlags = append(v.RedFlags, add(q.ID, q.Question))
	}
	for _, c := range triage.Contraindications {
		if !c.Always {
			v.Conditions = append(v.Conditions, add(c.ID, c.Question))
		}
	}
	return v
}

// screeningInput reads the answers given; a question left blank is left
// out, so the rules name it as unanswered rather than read it as "no".
func screeningInput(f Form) screening.Input {
	in := screening.Input{DateOfBirth: f.Get("date_of_birth"), Answers: map[string]string{}, Conditions: map[string]string{}}
	for _, q := range triage.RedFlags {
		if a := f.Get(string(q.ID)); a != "" {
			in.Answers[string(q.ID)] = a
		}
	}
	for _, c := range triage.Contraindications {
		if a := f.Get(string(c.ID)); a != "" && !c.Always {
			in.Conditions[string(c.ID)] = a
		}
	}
	return in
}

type resultPage struct {
	Base
	ID                     int64
	TakenAt, LiftsAt       string
	Tier                   string
	Heading, Advice        string
	Emergency, Blocks      bool
	Number, NumberWhere    string
	Reason                 string
	Clearable              bool
	ClearanceID            int64
	Clearance              *triage.Clearance
	Flagged                []question
	Guidance               []guidanceRow
	FromIntake, ShowIntake bool
	Form                   Form
}

// resultView explains a screening: its tier in plain words, what to do,
// whether booking is blocked now and what lifts it. An emergency shows
// the number to call and nothing that leads to search or booking, not
// even in the navigation.
func (s *Server) resultView(r *http.Request, v screening.View, f Form) (resultPage, error) {
	me, err := s.Accounts.Me(r.Context(), authz.From(r.Context()).UserID)
	if err != nil {
		return resultPage{}, err
	}
	loc := tz.Or(me.TimeZone)
	res := v.Result
	p := resultPage{Base: s.base(r, "Your screening result"), ID: v.ID, TakenAt: v.TakenAt.In(loc).Format(longDateTime),
		Tier: res.Tier.String(), Heading: tierWords[res.Tier], Advice: res.Advice, Emergency: res.Tier == triage.Emergency,
		Blocks: v.Verdict.Blocks, Reason: v.Verdict.Reason, Clearable: v.Verdict.Clearable && v.Blocker != 0,
		ClearanceID: v.Blocker, Clearance: v.Clearance, FromIntake: r.URL.Query().Get("from") == "intake", Form: f}
	if !v.Verdict.LiftsAt.IsZero() {
		p.LiftsAt = v.Verdict.LiftsAt.In(loc).Format(longDateTime)
	}
	if p.Emergency {
		p.Number, p.NumberWhere = emergencyNumber(me.TimeZone)
		p.Nav = slices.DeleteFunc(p.Nav, func(n navItem) bool { return n.Href == "/therapists" })
		p.Clearable = false
	} else {
		p.Guidance = guidanceRows(res)
	}
	p.ShowIntake = p.FromIntake && !p.Emergency
	for _, id := range res.Flags {
		if id != triage.CI19 {
			p.Flagged = append(p.Flagged, question{ID: string(id), Short: flagLabel(id)})
		}
	}
	return p, nil
}

func flagLabel(id triage.ID) string {
	if id == triage.RF19 {
		return "Under 18"
	}
	return shortLabels[id]
}

// Formats of instants shown to people, in their own zone.
const longDateTime = "Monday 2 January 2006, 15:04 MST"
