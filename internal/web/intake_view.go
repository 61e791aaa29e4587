package web

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/instrument"
	"github.com/knead/knead/internal/intake"
)

var errNoStep = apperr.ErrNotFound.With("There is no such intake step.")

// Labels of the intake's choices, in the order shown.
var (
	regionChoices = []choice{{"neck", "Neck"}, {"upper_back", "Upper back, between the shoulder blades"},
		{"mid_back", "Middle of the back"}, {"low_back_left", "Low back, left side"}, {"low_back_centre", "Low back, centre"},
		{"low_back_right", "Low back, right side"}, {"buttock_left", "Left buttock"}, {"buttock_right", "Right buttock"},
		{"leg_left", "Down the left leg"}, {"leg_right", "Down the right leg"}}
	sinceChoices = []choice{{"acute", "Less than 6 weeks"}, {"subacute", "6 to 12 weeks"}, {"chronic", "More than 12 weeks"}}
	careChoices  = []choice{{"physiotherapy", "Physiotherapy"}, {"chiropractic", "Chiropractic"}, {"acupuncture", "Acupuncture"},
		{"medication", "Medication for the pain"}, {"doctor", "A doctor is following it"}}
	earlierChoices = []choice{{"never", "No, never"}, {"helped", "Yes, and it helped"}, {"no_change", "Yes, it made no difference"},
		{"worse", "Yes, and it made things worse"}}
	pressureChoices  = []choice{{"", "No preference"}, {"light", "Light"}, {"medium", "Medium"}, {"firm", "Firm"}}
	techniqueChoices = []choice{{"", "No preference"}, {"swedish", "Swedish"}, {"deep_tissue", "Deep tissue"},
		{"trigger_point", "Trigger point"}, {"thai", "Thai"}}
	genderChoices = []choice{{"", "No preference"}, {"female", "Female"}, {"male", "Male"}, {"nonbinary", "Non-binary"}}
	stepTitles    = map[string]string{intake.StepWhere: "Where does it hurt?", intake.StepPain: "Since when, and how much?",
		intake.StepCare: "Other care", intake.StepPreferences: "Your preferences", intake.StepGoals: "Your goals",
		intake.StepMeasures: "How your back affects your day", intake.StepScreening: "Safety screening",
		intake.StepConsent: "Consent"}
)

func labelOf(cs []choice, v string) string {
	for _, c := range cs {
		if c.Value == v {
			return c.Label
		}
	}
	return v
}

// Has reports whether the form holds value among name's values (a
// checkbox group).
func (f Form) Has(name, value string) bool { return slices.Contains(f.Values[name], value) }

type stepNav struct {
	Name, Title string
	Current     bool
}

type intakeStepView struct {
	Base
	Step, Heading string
	Number, Total int
	Progress      []stepNav
	Form          Form
	Errors        []question // in the form's order
	Choices       map[string][]choice
	Scale         []int
	Instruments   []instrument.Definition
}

func (s *Server) stepView(r *http.Request, step string, f Form) intakeStepView {
	steps := s.API.Intake.Steps()
	v := intakeStepView{Base: s.base(r, stepTitles[step]+" · Intake"), Step: step, Heading: stepTitles[step], Total: len(steps), Form: f,
		Scale: []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, Instruments: s.API.Intake.Baseline(),
		Choices: map[string][]choice{"regions": regionChoices, "since": sinceChoices, "other": careChoices,
			"earlier": earlierChoices, "pressure": pressureChoices, "technique": techniqueChoices, "gender": genderChoices,
			"language": searchChoices.Languages}}
	v.Choices["language"] = append([]choice{{"", "No preference"}}, v.Choices["language"][1:]...)
	for i, st := range steps {
		v.Progress = append(v.Progress, stepNav{st, stepTitles[st], st == step})
		if st == step {
			v.Number = i + 1
		}
	}
	for _, name := range slices.Sorted(maps.Keys(f.Errors)) {
		v.Errors = append(v.Errors, question{ID: name, Error: f.Errors[name]})
	}
	return v
}

// stepInput reads a step's form; a scale left blank stays nil, so it is
// named as unanswered.
func (s *Server) stepInput(step string, f Form) intake.StepInput {
	num := func(name string) *int {
		v := f.Get(name)
		if v == "" {
			return nil
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			n = -1
		}
		return &n
	}
	in := intake.StepInput{Where: intake.Where{Regions: f.Values["regions"]},
		Pain: intake.Pain{Since: f.Get("since"), Now: num("now"), Average: num("average"), Worst: num("worst"),
			Worse: f.Get("worse"), Better: f.Get("better")},
		Care:        intake.Care{Other: f.Values["other"], Notes: f.Get("notes"), EarlierMassage: f.Get("earlier_massage")},
		Preferences: intake.Preferences{Technique: f.Get("technique"), Pressure: f.Get("pressure"), Gender: f.Get("gender"), Language: f.Get("language")},
		Goals:       intake.Goals{Goals: f.Get("goals")}, Measures: map[string]map[string]int{}}
	for _, def := range s.API.Intake.Baseline() {
		answers := map[string]int{}
		for _, it := range def.Items {
			if p := num(def.ID + "." + it.ID); p != nil {
				answers[it.ID] = *p
			}
		}
		in.Measures[def.ID] = answers
	}
	return in
}

// stepValues fills a step's form from the draft, to resume it.
func stepValues(step string, d intake.Data) url.Values {
	v := url.Values{}
	set := func(name string, p *int) {
		if p != nil {
			v.Set(name, strconv.Itoa(*p))
		}
	}
	switch {
	case step == intake.StepWhere && d.Where != nil:
		v["regions"] = d.Where.Regions
	case step == intake.StepPain && d.Pain != nil:
		v.Set("since", d.Pain.Since)
		set("now", d.Pain.Now)
		set("average", d.Pain.Average)
		set("worst", d.Pain.Worst)
		v.Set("worse", d.Pain.Worse)
		v.Set("better", d.Pain.Better)
	case step == intake.StepCare && d.Care != nil:
		v["other"] = d.Care.Other
		v.Set("notes", d.Care.Notes)
		v.Set("earlier_massage", d.Care.EarlierMassage)
	case step == intake.StepPreferences && d.Preferences != nil:
		p := d.Preferences
		v.Set("technique", p.Technique)
		v.Set("pressure", p.Pressure)
		v.Set("gender", p.Gender)
		v.Set("language", p.Language)
	case step == intake.StepGoals && d.Goals != nil:
		v.Set("goals", d.Goals.Goals)
	case step == intake.StepMeasures:
		for id, r := range d.Measures {
			for item, val := range r.Answers {
				v.Set(id+"."+item, strconv.Itoa(val))
			}
		}
	}
	return v
}

type consentView struct {
	Base
	Form          Form
	Text, Version string
	Number, Total int
}

func (s *Server) consentView(r *http.Request, f Form) consentView {
	n := len(s.API.Intake.Steps())
	v := consentView{Base: s.base(r, "Consent · Intake"), Form: f, Text: intake.ConsentText, Version: intake.ConsentVersion,
		Number: n, Total: n}
	// A step left undone is named by its step; link each to it.
	for k := range f.Errors {
		if title, ok := stepTitles[k]; ok && k != intake.StepConsent {
			f.Errors[k] = title + ": not done yet."
		}
	}
	return v
}

// preferences are the client's intake preferences for "Find therapists
// for me"; none before an intake.
func (s *Server) preferences(r *http.Request) (Preferences, error) {
	in, err := s.myIntake(r)
	if err != nil || in.Data.Preferences == nil {
		return Preferences{}, err
	}
	p := in.Data.Preferences
	return Preferences{Technique: p.Technique, Language: p.Language, Gender: p.Gender}, nil
}

// checkGroup is a fieldset of checkboxes or radios.
type checkGroup struct {
	Name, Legend, Type, Error string
	Choices                   []choice
	On                        map[string]bool
}

// Group builds the group of choices named name from the form.
func (v intakeStepView) Group(name, legend, typ string) checkGroup {
	g := checkGroup{Name: name, Legend: legend, Type: typ, Error: v.Form.Errors[name], On: map[string]bool{}}
	key := name
	if name == "earlier_massage" {
		key = "earlier"
	}
	g.Choices = v.Choices[key]
	if name == "now" || name == "average" || name == "worst" {
		for _, n := range v.Scale {
			g.Choices = append(g.Choices, choice{strconv.Itoa(n), strconv.Itoa(n)})
		}
	}
	for _, val := range v.Form.Values[name] {
		g.On[val] = true
	}
	if typ == "radio" && len(v.Form.Values[name]) == 0 && len(g.Choices) > 0 && g.Choices[0].Value == "" {
		g.On[""] = true // "no preference" until chosen
	}
	return g
}

// Item is one questionnaire item's radios.
func (v intakeStepView) Item(def instrument.Definition, it instrument.Item) checkGroup {
	return itemGroup(v.Form, def, it)
}

// itemGroup is an instrument's item as radio buttons named
// "INSTRUMENT.ITEM", the intake's and the follow-up's form alike.
func itemGroup(f Form, def instrument.Definition, it instrument.Item) checkGroup {
	name := def.ID + "." + it.ID
	g := checkGroup{Name: name, Legend: it.Text, Type: "radio", Error: f.Errors[name], On: map[string]bool{f.Get(name): true}}
	for _, a := range it.Answers {
		g.Choices = append(g.Choices, choice{strconv.Itoa(a.Value), a.Label})
	}
	return g
}

type textArea struct {
	Name, Label, Value, Error string
	Required                  bool
}

// Area is a text area of the form.
func (v intakeStepView) Area(name, label string, required bool) textArea {
	return textArea{Name: name, Label: label, Value: v.Form.Get(name), Error: v.Form.Errors[name], Required: required}
}

// On is the body map's state: the regions ticked.
func (v intakeStepView) On() map[string]bool {
	on := map[string]bool{}
	for _, r := range v.Form.Values["regions"] {
		on[r] = true
	}
	return on
}
