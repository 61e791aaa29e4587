package intake

import (
	"regexp"
	"slices"
	"unicode/utf8"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/triage"
)

// Steps of the intake, in order. "measures" is asked only when the
// deployment installed a disability instrument; "screening" links a
// screening taken during the intake; "consent" submits it.
const (
	StepWhere       = "where"
	StepPain        = "pain"
	StepCare        = "care"
	StepPreferences = "preferences"
	StepGoals       = "goals"
	StepMeasures    = "measures"
	StepScreening   = "screening"
	StepConsent     = "consent"
)

// Regions of the back a client may mark, top to bottom (the body map).
var Regions = []string{"neck", "upper_back", "mid_back", "low_back_left", "low_back_centre", "low_back_right",
	"buttock_left", "buttock_right", "leg_left", "leg_right"}

// Durations: acute under 6 weeks, subacute 6–12 weeks, chronic over 12.
var Durations = []string{"acute", "subacute", "chronic"}

// OtherCare are the other kinds of care a client may receive.
var OtherCare = []string{"physiotherapy", "chiropractic", "acupuncture", "medication", "doctor"}

// EarlierMassage: whether massage was tried before, and how it went.
var EarlierMassage = []string{"never", "helped", "no_change", "worse"}

// Pressures a client may prefer ("" for no preference).
var Pressures = []string{"light", "medium", "firm"}

// Genders a client may prefer in a therapist (the directory's).
var Genders = []string{"female", "male", "nonbinary"}

// Where is step 1: the regions that hurt.
type Where struct {
	Regions []string `json:"regions"`
}

// Pain is step 2: since when, how bad, what makes it worse or better.
type Pain struct {
	Since   string `json:"since"`
	Now     *int   `json:"now"`
	Average *int   `json:"average"`
	Worst   *int   `json:"worst"`
	Worse   string `json:"worse"`
	Better  string `json:"better"`
}

// Care is step 3: other care and earlier massage.
type Care struct {
	Other          []string `json:"other"`
	Notes          string   `json:"notes"`
	EarlierMassage string   `json:"earlier_massage"`
}

// Preferences is step 4; empty strings mean no preference.
type Preferences struct {
	Technique string `json:"technique"`
	Pressure  string `json:"pressure"`
	Gender    string `json:"gender"`
	Language  string `json:"language"`
}

// Goals is step 5.
type Goals struct {
	Goals string `json:"goals"`
}

const maxText = 2000

var languageCode = regexp.MustCompile(`^[a-z]{2}$`)

func (w Where) check(f apperr.Fields) {
	f.Check(len(w.Regions) > 0, "regions", "Mark at least one place where it hurts.")
	for _, r := range w.Regions {
		f.Check(slices.Contains(Regions, r), "regions", "Choose regions from the list.")
	}
}

func (p Pain) check(f apperr.Fields) {
	f.Check(slices.Contains(Durations, p.Since), "since", "Choose how long you have had this pain.")
	scale := func(v *int, name string) {
		f.Check(v != nil, name, "Give a number from 0 (no pain) to 10.")
		f.Check(v == nil || *v >= 0 && *v <= 10, name, "Give a number from 0 (no pain) to 10.")
	}
	scale(p.Now, "now")
	scale(p.Average, "average")
	scale(p.Worst, "worst")
	text(f, p.Worse, "worse")
	text(f, p.Better, "better")
}

func (c Care) check(f apperr.Fields) {
	for _, o := range c.Other {
		f.Check(slices.Contains(OtherCare, o), "other", "Choose from physiotherapy, chiropractic, acupuncture, medication or doctor.")
	}
	f.Check(slices.Contains(EarlierMassage, c.EarlierMassage), "earlier_massage", "Say whether you have had massage before, and how it went.")
	text(f, c.Notes, "notes")
}

func (p Preferences) check(f apperr.Fields) {
	f.Check(p.Technique == "" || slices.Contains(triage.Techniques, p.Technique), "technique", "Choose a technique from the list, or no preference.")
	f.Check(p.Pressure == "" || slices.Contains(Pressures, p.Pressure), "pressure", "Choose light, medium or firm, or no preference.")
	f.Check(p.Gender == "" || slices.Contains(Genders, p.Gender), "gender", "Choose female, male or non-binary, or no preference.")
	f.Check(p.Language == "" || languageCode.MatchString(p.Language), "language", "Give a two-letter language code, like en.")
}

func (g Goals) check(f apperr.Fields) {
	f.Check(g.Goals != "", "goals", "Say what you would like massage to help with.")
	text(f, g.Goals, "goals")
}

func text(f apperr.Fields, s, name string) {
	f.Check(utf8.RuneCountInString(s) <= maxText, name, "Use at most 2000 characters.")
}
