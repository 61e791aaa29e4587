package directory

import (
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/booking"
	"github.com/knead/knead/internal/therapist"
)

// Limits of a search (API.md, issue 6).
const (
	MaxRadiusKm     = 200
	DefaultRadiusKm = 25
	MaxWindowDays   = booking.MaxSlotDays
	MinDuration     = 15
	MaxDuration     = 240
)

// Genders a profile may give.
var Genders = []string{"female", "male", "nonbinary"}

var (
	languageCode = regexp.MustCompile(`^[a-z]{2}$`)
	currencyCode = regexp.MustCompile(`^[A-Z]{3}$`)
)

// Parse reads API.md's query parameters (and the additions focus and
// place) into a Query, with one message per invalid field. Limit and
// cursor are the caller's: they are the API's pagination.
func Parse(v url.Values) (Query, error) {
	f := apperr.Fields{}
	q := Query{Technique: v.Get("technique"), Focus: v.Get("focus"), Language: v.Get("language"), Gender: v.Get("gender"),
		Currency: v.Get("currency"), Place: strings.TrimSpace(v.Get("place")), Sort: v.Get("sort"), VerifiedOnly: true}
	if s := v.Get("near"); s != "" {
		p, ok := ParsePoint(s)
		f.Check(ok, "near", "Give near as latitude,longitude in degrees, like 40.7128,-74.0060 (latitude −90 to 90, longitude −180 to 180).")
		q.Near = &p
	}
	if q.Near == nil && q.Place != "" {
		if p, ok := ParsePoint(q.Place); ok { // typed coordinates
			q.Near, q.Place = &p, ""
		}
	}
	q.RadiusKm = parseRadius(f, v.Get("radius_km"), q.Near != nil || q.Place != "")
	f.Check(q.Technique == "" || slices.Contains(therapist.Techniques, q.Technique), "technique",
		"Choose one of: "+strings.Join(therapist.Techniques, ", ")+".")
	f.Check(q.Focus == "" || slices.Contains(therapist.Focuses, q.Focus), "focus",
		"Choose one of: "+strings.Join(therapist.Focuses, ", ")+".")
	f.Check(q.Language == "" || languageCode.MatchString(q.Language), "language", "Give a two-letter ISO 639-1 code, like en.")
	f.Check(q.Gender == "" || slices.Contains(Genders, q.Gender), "gender", "Choose female, male or nonbinary.")
	f.Check(q.Currency == "" || currencyCode.MatchString(q.Currency), "currency", "Give a three-letter ISO 4217 code, like USD.")
	if s := v.Get("max_price"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		f.Check(err == nil && n >= 0, "max_price", "Give the most you would pay in minor units (cents), a whole number.")
		f.Check(q.Currency != "", "currency", "Give the currency of max_price, like USD.")
		q.MaxPrice = &n
	}
	if s := v.Get("verified_only"); s != "" {
		b, err := strconv.ParseBool(s)
		f.Check(err == nil, "verified_only", "Use true or false.")
		q.VerifiedOnly = err != nil || b
	}
	if s := v.Get("duration"); s != "" {
		n, err := strconv.Atoi(s)
		f.Check(err == nil && n >= MinDuration && n <= MaxDuration, "duration", "Give the session's length in minutes, from 15 to 240.")
		q.Duration = n
	}
	q.Window = parseWindow(f, v)
	checkSort(f, q)
	if err := f.Err(); err != nil {
		return Query{}, err
	}
	return q, nil
}

// ParsePoint reads "LAT,LON" in degrees.
func ParsePoint(s string) (Point, bool) {
	a, b, ok := strings.Cut(s, ",")
	if !ok {
		return Point{}, false
	}
	lat, err1 := strconv.ParseFloat(strings.TrimSpace(a), 64)
	lon, err2 := strconv.ParseFloat(strings.TrimSpace(b), 64)
	ok = err1 == nil && err2 == nil && lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180
	return Point{lat, lon}, ok
}

func parseRadius(f apperr.Fields, s string, near bool) float64 {
	if s == "" {
		if near {
			return DefaultRadiusKm
		}
		return 0
	}
	r, err := strconv.ParseFloat(s, 64)
	f.Check(err == nil && r > 0 && r <= MaxRadiusKm, "radius_km", "Give a radius above 0 and at most 200 km.")
	f.Check(near, "near", "Give near (or place) with radius_km: the radius is around it.")
	return r
}

// parseWindow reads from, to and time_window. A time window or dates alone
// make no window: both dates are needed.
func parseWindow(f apperr.Fields, v url.Values) *Window {
	fs, ts, tw := v.Get("from"), v.Get("to"), v.Get("time_window")
	if fs == "" && ts == "" && tw == "" {
		return nil
	}
	w := &Window{Start: 0, End: 1440}
	var err error
	w.From, err = booking.ParseDate(fs)
	f.Check(err == nil, "from", "Give from as a date, YYYY-MM-DD (with to).")
	to, err2 := booking.ParseDate(ts)
	f.Check(err2 == nil, "to", "Give to as a date, YYYY-MM-DD, the day after the last day (with from).")
	w.To = to
	if err == nil && err2 == nil {
		f.Check(w.From.Before(w.To), "to", "to must be after from.")
		f.Check(!w.From.AddDays(MaxWindowDays).Before(w.To), "to", "Ask for at most 31 days at a time.")
	}
	if tw != "" {
		s, e, ok := ParseTimeWindow(tw)
		f.Check(ok, "time_window", "Give time_window as HH:MM-HH:MM in local time, the end after the start, like 17:00-21:00.")
		w.Start, w.End = s, e
	}
	return w
}

// ParseTimeWindow reads HH:MM-HH:MM into local minutes; 24:00 is allowed
// as an end.
func ParseTimeWindow(s string) (start, end int, ok bool) {
	a, b, found := strings.Cut(s, "-")
	if !found {
		return 0, 0, false
	}
	start, ok1 := clockMinutes(a, false)
	end, ok2 := clockMinutes(b, true)
	return start, end, ok1 && ok2 && start < end
}

var clockPattern = regexp.MustCompile(`^([01][0-9]|2[0-4]):([0-5][0-9])$`)

func clockMinutes(s string, isEnd bool) (int, bool) {
	m := clockPattern.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return 0, false
	}
	h, _ := strconv.Atoi(m[1])
	mins, _ := strconv.Atoi(m[2])
	if h == 24 && (mins != 0 || !isEnd) {
		return 0, false
	}
	return h*60 + mins, true
}

func checkSort(f apperr.Fields, q Query) {
	switch q.Sort {
	case "", SortPrice, SortRating, SortName:
	case SortDistance:
		f.Check(q.Near != nil || q.Place != "", "sort", "Sorting by distance needs near (or place).")
	case SortSoonest:
		f.Check(q.Window != nil, "sort", "Sorting by the soonest slot needs from and to.")
	default:
		f.Add("sort", "Choose distance, soonest, price or rating.")
	}
}
