// Package instrument holds questionnaires: their items, answers, scoring,
// score range and clinically meaningful change (domain-clinical.md §3).
// Pain 0–10 and the PGIC are built in (our wording; public domain).
// Copyrighted instruments (Roland-Morris, STarT Back, Oswestry, PEG) are
// never copied into the repository: a deployment that holds a licence
// installs their definitions as JSON files in a directory (docs/
// instruments.md), and Load reads them. Intake, the diary and outcomes
// score answers with Definition.Score and compare scores with
// Definition.Meaningful. The package is pure: no database, no clock.
package instrument

import (
	"strconv"

	"github.com/knead/knead/internal/apperr"
)

// Kinds of instrument: what a score measures, and so where knead asks it.
const (
	Pain       = "pain"       // pain intensity (NPRS, PEG)
	Disability = "disability" // function (RMDQ, ODI): asked at intake's baseline
	Change     = "change"     // global impression of change (PGIC)
	Prognosis  = "prognosis"  // risk stratification (STarT Back)
)

// Definition is one instrument, as installed (the file format of
// docs/instruments.md).
type Definition struct {
	ID               string           `json:"id"`      // stable, lower-case: "rmdq-24"
	Name             string           `json:"name"`    // "Roland-Morris Disability Questionnaire"
	Version          string           `json:"version"` // the licensed form's version; stored with every score
	Kind             string           `json:"kind"`
	Licence          string           `json:"licence"` // attribution shown wherever it is asked
	Instructions     string           `json:"instructions"`
	Items            []Item           `json:"items"`
	Scoring          Scoring          `json:"scoring"`
	MeaningfulChange MeaningfulChange `json:"meaningful_change"`
	Bands            []Band           `json:"bands,omitempty"`
}

// Item is one question and its answers.
type Item struct {
	ID      string   `json:"id"`
	Text    string   `json:"text"`
	Answers []Answer `json:"answers"`
}

// Answer is one choice and the points it scores.
type Answer struct {
	Value int    `json:"value"`
	Label string `json:"label"`
}

// Scoring turns answers into a score.
type Scoring struct {
	// Method: "sum" of the points; "mean" of the points; "percent": the sum
	// over the most the answered items could score, × 100 (Oswestry).
	Method string `json:"method"`
	// Min and Max are the score's range; Load checks them against the items.
	Min float64 `json:"min"`
	Max float64 `json:"max"`
	// MinAnswered is how many items must be answered; 0 means all.
	MinAnswered int `json:"min_answered,omitempty"`
	// HigherIsWorse says which way improvement goes (true for pain and
	// disability; false for an instrument where a higher score is better).
	HigherIsWorse bool `json:"higher_is_worse"`
	// Subscales are scored the same way over some of the items (STarT
	// Back's distress subscale).
	Subscales []Subscale `json:"subscales,omitempty"`
}

// Subscale is a named score over a subset of items.
type Subscale struct {
	ID    string   `json:"id"`
	Items []string `json:"items"`
}

// MeaningfulChange is the smallest change that matters to a person
// (MCID): Points on the score's scale, Percent of the baseline, or both.
// With both, Rule says whether either is enough ("either", Ostelo for
// RMDQ) or both are needed ("both", knead's NPRS responder).
type MeaningfulChange struct {
	Points  float64 `json:"points,omitempty"`
	Percent float64 `json:"percent,omitempty"`
	Rule    string  `json:"rule,omitempty"`
}

// Band names a range of scores ("minimal disability"), inclusive.
type Band struct {
	Min   float64 `json:"min"`
	Max   float64 `json:"max"`
	Label string  `json:"label"`
}

// Result is a scored set of answers.
type Result struct {
	Instrument string             `json:"instrument"`
	Version    string             `json:"version"`
	Score      float64            `json:"score"`
	Subscores  map[string]float64 `json:"subscores,omitempty"`
	Band       string             `json:"band,omitempty"`
	Answers    map[string]int     `json:"answers"`
}

// Score checks and scores answers (item ID → an answer's value). Every
// item left out or answered with a value it does not offer is named, so
// a missing answer is never scored as zero; an instrument that allows
// some items unanswered (MinAnswered) names the missing ones only when
// too few were answered.
func (d Definition) Score(answers map[string]int) (Result, error) {
	f := apperr.Fields{}
	given := 0
	for _, it := range d.Items {
		v, ok := answers[it.ID]
		switch {
		case !ok:
			continue
		case !it.offers(v):
			f.Add(it.ID, "Choose one of the answers offered.")
		default:
			given++
		}
	}
	need := d.Scoring.MinAnswered
	if need == 0 {
		need = len(d.Items)
	}
	if given < need {
		for _, it := range d.Items {
			if _, ok := answers[it.ID]; !ok {
				f.Add(it.ID, "Please answer this question.")
			}
		}
	}
	for id := range answers {
		if d.item(id) == nil {
			f.Add(id, "There is no question "+strconv.Quote(id)+" in "+d.Name+".")
		}
	}
	if err := f.Err(); err != nil {
		return Result{}, err
	}
	r := Result{Instrument: d.ID, Version: d.Version, Answers: answers}
	r.Score = d.scoreOf(d.Items, answers)
	for _, s := range d.Scoring.Subscales {
		if r.Subscores == nil {
			r.Subscores = map[string]float64{}
		}
		r.Subscores[s.ID] = d.scoreOf(d.itemsOf(s.Items), answers)
	}
	for _, b := range d.Bands {
		if r.Score >= b.Min && r.Score <= b.Max {
			r.Band = b.Label
		}
	}
	return r, nil
}

func (d Definition) scoreOf(items []Item, answers map[string]int) float64 {
	var sum, most float64
	n := 0
	for _, it := range items {
		v, ok := answers[it.ID]
		if !ok {
			continue
		}
		sum += float64(v)
		most += float64(it.top())
		n++
	}
	switch {
	case n == 0:
		return 0
	case d.Scoring.Method == "mean":
		return sum / float64(n)
	case d.Scoring.Method == "percent":
		if most == 0 {
			return 0
		}
		return sum / most * 100
	}
	return sum
}

// Meaningful reports whether the change from baseline to current is an
// improvement at least as large as the instrument's meaningful change.
func (d Definition) Meaningful(baseline, current float64) bool {
	better := baseline - current
	if !d.Scoring.HigherIsWorse {
		better = -better
	}
	if better <= 0 {
		return false
	}
	m := d.MeaningfulChange
	points := m.Points > 0 && better >= m.Points
	percent := m.Percent > 0 && baseline != 0 && better/abs(baseline)*100 >= m.Percent
	switch {
	case m.Points > 0 && m.Percent > 0 && m.Rule == "both":
		return points && percent
	case m.Points > 0 && m.Percent > 0:
		return points || percent
	}
	return points || percent
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func (d Definition) item(id string) *Item {
	for i := range d.Items {
		if d.Items[i].ID == id {
			return &d.Items[i]
		}
	}
	return nil
}

func (d Definition) itemsOf(ids []string) []Item {
	var out []Item
	for _, id := range ids {
		if it := d.item(id); it != nil {
			out = append(out, *it)
		}
	}
	return out
}

func (it Item) offers(v int) bool {
	for _, a := range it.Answers {
		if a.Value == v {
			return true
		}
	}
	return false
}

func (it Item) top() int {
	m := 0
	for i, a := range it.Answers {
		if i == 0 || a.Value > m {
			m = a.Value
		}
	}
	return m
}

func (it Item) bottom() int {
	m := 0
	for i, a := range it.Answers {
		if i == 0 || a.Value < m {
			m = a.Value
		}
	}
	return m
}
