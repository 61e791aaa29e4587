package web

import (
	"math"
	"net/url"
	"strconv"
	"strings"

	"github.com/knead/knead/internal/booking"
)

// The search page's form speaks people's words — a place, miles or
// kilometres, a last day rather than an exclusive end, "after" and
// "before" times, a price in whole units — and searchQuery turns it into
// the API's query parameters (API.md "Directory and slots"), so one parser
// (directory.Parse) checks both.

// searchFields maps the API's parameter names back to the form's fields,
// so that an error is shown next to what the person typed.
var searchFields = map[string]string{"near": "place", "radius_km": "radius", "time_window": "after", "max_price": "max_price"}

const kmPerMile = 1.609344

// searchDays is the window a time of day alone searches: the next week.
const searchDays = 7

// searchQuery translates the form. ok is false when nothing was asked yet:
// the page then shows the empty form.
func searchQuery(form url.Values, today booking.Date) (q url.Values, ok bool) {
	q = url.Values{}
	copyValues(q, form, "place", "technique", "focus", "language", "gender", "duration", "currency", "sort")
	if r := strings.TrimSpace(form.Get("radius")); r != "" {
		q.Set("radius_km", r)
		if km, err := strconv.ParseFloat(r, 64); err == nil && form.Get("unit") == "mi" {
			q.Set("radius_km", strconv.FormatFloat(km*kmPerMile, 'f', -1, 64))
		}
	}
	if p := strings.TrimSpace(form.Get("max_price")); p != "" {
		q.Set("max_price", p)
		if x, err := strconv.ParseFloat(p, 64); err == nil && x >= 0 && x < 1e12 {
			q.Set("max_price", strconv.FormatInt(int64(math.Round(x*100)), 10))
		}
	}
	if form.Get("verified") == "all" {
		q.Set("verified_only", "false")
	}
	after, before := form.Get("after"), form.Get("before")
	if after != "" || before != "" {
		q.Set("time_window", or(after, "00:00")+"-"+or(before, "24:00"))
	}
	from, last := form.Get("from"), form.Get("to")
	if from != "" || last != "" || after != "" || before != "" {
		q.Set("from", or(from, today.String()))
		q.Set("to", "")
		if d, err := booking.ParseDate(or(last, q.Get("from"))); err == nil {
			if last == "" {
				d = d.AddDays(searchDays - 1)
			}
			q.Set("to", d.AddDays(1).String()) // the form's last day is included
		} else {
			q.Set("to", last)
		}
	}
	for k := range q {
		if q.Get(k) != "" {
			return q, true
		}
	}
	return q, false
}

func copyValues(dst, src url.Values, names ...string) {
	for _, n := range names {
		if v := strings.TrimSpace(src.Get(n)); v != "" {
			dst.Set(n, v)
		}
	}
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// formErrors renames the API's fields to the form's.
func formErrors(errs map[string]string) map[string]string {
	out := make(map[string]string, len(errs))
	for k, v := range errs {
		if f, ok := searchFields[k]; ok {
			k = f
		}
		if _, seen := out[k]; !seen {
			out[k] = v
		}
	}
	return out
}

// choice is an option of a select.
type choice struct{ Value, Label string }

// searchChoices are the selects' options.
var searchChoices = struct {
	Techniques, Focus, Durations, Languages, Genders, Currencies, Sorts, Units, Verified []choice
}{
	Techniques: []choice{{"", "Any technique"}, {"swedish", "Swedish"}, {"deep_tissue", "Deep tissue"},
		{"trigger_point", "Trigger point"}, {"thai", "Thai"}},
	Focus: []choice{{"", "Any"}, {"low_back", "Low back"}, {"upper_back", "Upper back"}, {"neck", "Neck"},
		{"sciatica", "Sciatica"}, {"pregnancy", "Pregnancy"}, {"sports", "Sports injuries"}},
	Durations: []choice{{"", "Any length"}, {"30", "30 minutes"}, {"45", "45 minutes"}, {"60", "60 minutes"},
		{"75", "75 minutes"}, {"90", "90 minutes"}, {"120", "120 minutes"}},
	Languages: []choice{{"", "Any language"}, {"en", "English"}, {"es", "Spanish"}, {"fr", "French"}, {"de", "German"},
		{"zh", "Chinese"}, {"pt", "Portuguese"}, {"it", "Italian"}, {"ko", "Korean"}, {"ru", "Russian"}, {"hi", "Hindi"},
		{"pl", "Polish"}, {"ar", "Arabic"}, {"tr", "Turkish"}, {"vi", "Vietnamese"}, {"tl", "Tagalog"}},
	Genders:    []choice{{"", "Any"}, {"female", "Female"}, {"male", "Male"}, {"nonbinary", "Non-binary"}},
	Currencies: []choice{{"", "Any currency"}, {"USD", "USD"}, {"CAD", "CAD"}, {"GBP", "GBP"}, {"EUR", "EUR"}},
	Sorts: []choice{{"", "Best match"}, {"distance", "Distance"}, {"soonest", "Soonest free time"}, {"price", "Price"},
		{"rating", "Rating"}},
	Units:    []choice{{"km", "km"}, {"mi", "miles"}},
	Verified: []choice{{"only", "Verified credentials only"}, {"all", "Everyone"}},
}

// selectField is what the "select" template of the search page needs.
type selectField struct {
	Name, Label, Value, Error string
	Options                   []choice
}

// newSelect builds a select from the form: searchSelect "sort" "Sort by" .Choices.Sorts .Form.
func newSelect(name, label string, opts []choice, f Form) selectField {
	return selectField{Name: name, Label: label, Value: f.Get(name), Error: f.Errors[name], Options: opts}
}
