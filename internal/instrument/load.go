package instrument

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
)

// Set is the instruments a deployment offers: the built-in ones, then the
// installed ones in file-name order.
type Set struct{ defs []Definition }

// All lists the instruments.
func (s Set) All() []Definition { return slices.Clone(s.defs) }

// Get finds an instrument by ID.
func (s Set) Get(id string) (Definition, bool) {
	for _, d := range s.defs {
		if d.ID == id {
			return d, true
		}
	}
	return Definition{}, false
}

// OfKind lists the instruments of a kind, such as Disability.
func (s Set) OfKind(kind string) []Definition {
	var out []Definition
	for _, d := range s.defs {
		if d.Kind == kind {
			out = append(out, d)
		}
	}
	return out
}

// Load returns the built-in instruments and those installed in dir (every
// *.json file directly in it; "" installs none). A file that does not
// follow docs/instruments.md stops knead at start, naming the file and
// what is wrong, rather than asking a broken questionnaire.
func Load(dir string) (Set, error) {
	s := Set{defs: Builtin()}
	if dir == "" {
		return s, nil
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return Set{}, err
	}
	if _, err := os.Stat(dir); err != nil {
		return Set{}, fmt.Errorf("instruments: %w", err)
	}
	slices.Sort(files)
	for _, f := range files {
		d, err := readFile(f)
		if err == nil {
			if _, dup := s.Get(d.ID); dup {
				err = fmt.Errorf("id %q is already used", d.ID)
			}
		}
		if err != nil {
			return Set{}, fmt.Errorf("instruments: %s: %w", f, err)
		}
		s.defs = append(s.defs, d)
	}
	return s, nil
}

func readFile(path string) (Definition, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Definition{}, err
	}
	return Parse(b)
}

// Parse reads and checks one definition; unknown fields are refused, so a
// misspelt one is not silently ignored.
func Parse(b []byte) (Definition, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var d Definition
	if err := dec.Decode(&d); err != nil {
		return Definition{}, err
	}
	return d, d.check()
}

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,39}$`)

var kinds = []string{Pain, Disability, Change, Prognosis}

func (d Definition) check() error {
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	if !idPattern.MatchString(d.ID) {
		bad("id %q: use lower-case letters, digits and hyphens, at most 40", d.ID)
	}
	if d.Name == "" || d.Version == "" {
		bad("name and version are required")
	}
	if !slices.Contains(kinds, d.Kind) {
		bad("kind %q: want one of %v", d.Kind, kinds)
	}
	if len(d.Items) == 0 {
		bad("no items")
	}
	seen := map[string]bool{}
	for i, it := range d.Items {
		if it.ID == "" || it.Text == "" || seen[it.ID] {
			bad("item %d: needs a unique id and a text", i+1)
		}
		seen[it.ID] = true
		errs = append(errs, it.check()...)
	}
	errs = append(errs, d.checkScoring(seen)...)
	return errors.Join(errs...)
}

func (it Item) check() []error {
	var errs []error
	if len(it.Answers) < 2 {
		errs = append(errs, fmt.Errorf("item %s: at least 2 answers", it.ID))
	}
	values := map[int]bool{}
	for _, a := range it.Answers {
		if a.Label == "" || values[a.Value] {
			errs = append(errs, fmt.Errorf("item %s: each answer needs a label and its own value", it.ID))
		}
		values[a.Value] = true
	}
	return errs
}

func (d Definition) checkScoring(items map[string]bool) []error {
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	sc := d.Scoring
	lo, hi, ok := d.span()
	switch {
	case !ok:
		bad("scoring method %q: want sum, mean or percent", sc.Method)
	case !near(lo, sc.Min) || !near(hi, sc.Max):
		bad("scoring: the items score %g to %g, but min and max say %g to %g", lo, hi, sc.Min, sc.Max)
	}
	if sc.MinAnswered < 0 || sc.MinAnswered > len(d.Items) {
		bad("scoring: min_answered %d is outside 0 to %d items", sc.MinAnswered, len(d.Items))
	}
	for _, s := range sc.Subscales {
		for _, id := range s.Items {
			if !items[id] {
				bad("subscale %s: no item %q", s.ID, id)
			}
		}
	}
	m := d.MeaningfulChange
	if m.Points < 0 || m.Percent < 0 || m.Percent > 100 || m.Points == 0 && m.Percent == 0 {
		bad("meaningful_change: give points, percent (0 to 100) or both")
	}
	if m.Rule != "" && m.Rule != "either" && m.Rule != "both" {
		bad("meaningful_change.rule %q: want either or both", m.Rule)
	}
	for _, b := range d.Bands {
		if b.Label == "" || b.Min > b.Max || b.Min < sc.Min || b.Max > sc.Max {
			bad("band %q: needs a label and min ≤ max inside the score's range", b.Label)
		}
	}
	return errs
}

// span is the range the items can score by the method.
func (d Definition) span() (lo, hi float64, ok bool) {
	var sumLo, sumHi float64
	for _, it := range d.Items {
		sumLo += float64(it.bottom())
		sumHi += float64(it.top())
	}
	n := float64(max(len(d.Items), 1))
	switch d.Scoring.Method {
	case "sum":
		return sumLo, sumHi, true
	case "mean":
		return sumLo / n, sumHi / n, true
	case "percent":
		if sumHi == 0 {
			return 0, 0, true
		}
		return sumLo / sumHi * 100, 100, true
	}
	return 0, 0, false
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
