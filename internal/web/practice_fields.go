package web

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// setupForm is one of the set-up page's forms. The page holds several, so
// each prefixes its element ids with its own ID, while the input names stay
// those of the service's fields.
type setupForm struct {
	Form
	ID string // the id of the form's section, and the prefix of its inputs
}

// setupInput is what the "setup-input" template needs to render one control.
type setupInput struct {
	ID, Name, Label, Type, Value, Error, Hint, Mode, Autocomplete string
	Optional, HideLabel                                           bool
	Options                                                       []setupOption
}

type setupOption struct {
	Value, Label string
	Selected     bool
}

// In builds an input: (.Location.In "lat" "Latitude" "mode" "decimal").
// Extras are pairs: type, hint, mode (inputmode), autocomplete, optional,
// and hidelabel.
func (f setupForm) In(name, label string, extra ...string) setupInput {
	in := setupInput{ID: f.ID + "-" + name, Name: name, Label: label, Type: "text", Value: f.Get(name), Error: f.Errors[name]}
	for i := 0; i+1 < len(extra); i += 2 {
		switch v := extra[i+1]; extra[i] {
		case "type":
			in.Type = v
		case "hint":
			in.Hint = v
		case "mode":
			in.Mode = v
		case "autocomplete":
			in.Autocomplete = v
		case "optional":
			in.Optional = true
		case "hidelabel":
			in.HideLabel = true
		}
	}
	return in
}

// Sel builds a select whose chosen option is the posted value.
func (f setupForm) Sel(name, label string, opts []setupOption, extra ...string) setupInput {
	in := f.In(name, label, extra...)
	in.Type, in.Options = "select", setupChosen(opts, []string{in.Value})
	return in
}

// Checks builds a group of checkboxes, each ticked when posted.
func (f setupForm) Checks(name, label string, opts []setupOption, extra ...string) setupInput {
	in := f.In(name, label, extra...)
	in.Type, in.Options = "checkboxes", setupChosen(opts, f.Values[name])
	return in
}

// Area builds a textarea.
func (f setupForm) Area(name, label string, extra ...string) setupInput {
	in := f.In(name, label, extra...)
	in.Type = "textarea"
	return in
}

func setupChosen(opts []setupOption, values []string) []setupOption {
	out := slices.Clone(opts)
	for i := range out {
		out[i].Selected = slices.Contains(values, out[i].Value)
	}
	return out
}

// setupSummary is one line of a form's error summary.
type setupSummary struct{ Href, Message string }

// Summary lists the field messages in the order of the form's inputs.
func (f setupForm) Summary() []setupSummary {
	names := slices.Collect(maps.Keys(f.Errors))
	slices.SortFunc(names, func(a, b string) int { return cmp.Or(setupRank(a)-setupRank(b), strings.Compare(a, b)) })
	out := make([]setupSummary, len(names))
	for i, name := range names {
		out[i] = setupSummary{"#" + f.ID + "-" + name, f.Errors[name]}
	}
	return out
}

// setupFieldOrder lists the inputs of every set-up form, each form's in the
// order the page shows them.
var setupFieldOrder = []string{"name", "address", "lat", "lon", "time_zone", "jurisdiction", "location_id", "reason",
	"technique", "duration_minutes", "price", "currency", "buffer_minutes", "start_date", "start_time", "end_date",
	"end_time", "min_notice_hours", "horizon_days", "cancel_window_hours", "grid_minutes", "bio", "languages",
	"languages_other", "back_pain_focus", "pressure_min", "pressure_max", "years_back_pain", "gender", "accessibility",
	"accessibility_note", "first_session", "photo"}

// setupRank places an input in its form: the hours grid by day, then the
// listed inputs.
func setupRank(name string) int {
	if i := slices.Index(setupFieldOrder, name); i >= 0 {
		return i
	}
	day, _, _ := strings.Cut(name, "_")
	return 1000 + 100*slices.Index(setupWeek, day)
}

// Week lays out the weekly-hours grid: Monday first, slots intervals a day.
func (f setupForm) Week(slots int) []setupDay {
	days := make([]setupDay, 0, 7)
	for _, d := range setupWeek {
		day := setupDay{Name: d, Label: setupDayLabel(d)}
		for i := 1; i <= slots; i++ {
			label := fmt.Sprintf("%s, %s interval", day.Label, setupOrdinal(i))
			slot := setupSlot{N: i,
				Start: f.In(setupSlotName(d, i, "start"), label+", from", "hidelabel", "", "autocomplete", "off"),
				End:   f.In(setupSlotName(d, i, "end"), label+", until", "hidelabel", "", "autocomplete", "off")}
			for _, in := range []setupInput{slot.Start, slot.End} {
				if in.Error != "" && !slices.Contains(day.Errors, in.Error) {
					day.Errors = append(day.Errors, in.Error)
				}
			}
			day.Slots = append(day.Slots, slot)
		}
		days = append(days, day)
	}
	return days
}

type setupDay struct {
	Name, Label string
	Slots       []setupSlot
	Errors      []string
}

type setupSlot struct {
	N          int
	Start, End setupInput
}

// setupWeek is the week as the hours grid shows it, Monday first.
var setupWeek = []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}

// setupMaxSlots is how many intervals a day the service accepts at most.
const setupMaxSlots = 8

func setupSlotName(day string, i int, edge string) string {
	return fmt.Sprintf("%s_%d_%s", day, i, edge)
}

func setupDayLabel(d string) string { return strings.ToUpper(d[:1]) + d[1:] }

func setupOrdinal(i int) string {
	if i <= 3 {
		return []string{"first", "second", "third"}[i-1]
	}
	return strconv.Itoa(i) + "th"
}

// Options the set-up forms offer.
var (
	setupFocusNames = map[string]string{"low_back": "Low back", "upper_back": "Upper back", "neck": "Neck",
		"sciatica": "Sciatica", "pregnancy": "Pregnancy", "sports": "Sports injuries"}
	setupLanguages = []string{"en", "es", "fr", "de", "it", "pt", "nl", "pl", "zh", "ja", "ko", "ar", "hi", "ru", "tr", "uk"}
	setupGenders   = []setupOption{{Value: "", Label: "Prefer not to say"}, {Value: "female", Label: "Female"},
		{Value: "male", Label: "Male"}, {Value: "nonbinary", Label: "Non-binary"}}
	setupPressures = []setupOption{{Value: "1", Label: "1 · very light"}, {Value: "2", Label: "2 · light"},
		{Value: "3", Label: "3 · medium"}, {Value: "4", Label: "4 · firm"}, {Value: "5", Label: "5 · very firm"}}
	setupGrids = []setupOption{{Value: "5", Label: "Every 5 minutes"}, {Value: "10", Label: "Every 10 minutes"},
		{Value: "15", Label: "Every 15 minutes"}, {Value: "20", Label: "Every 20 minutes"},
		{Value: "30", Label: "Every 30 minutes"}, {Value: "60", Label: "On the hour"}}
)

func setupLanguageOptions() []setupOption {
	out := make([]setupOption, len(setupLanguages))
	for i, c := range setupLanguages {
		out[i] = setupOption{Value: c, Label: languageNames[c]}
	}
	return out
}

// setupCurrencies are offered for prices, with their minor-unit digits.
var setupCurrencies = []struct {
	Code, Name string
	Digits     int
}{
	{"USD", "US dollar", 2}, {"CAD", "Canadian dollar", 2}, {"EUR", "Euro", 2}, {"GBP", "Pound sterling", 2},
	{"AUD", "Australian dollar", 2}, {"NZD", "New Zealand dollar", 2}, {"CHF", "Swiss franc", 2},
	{"SEK", "Swedish krona", 2}, {"NOK", "Norwegian krone", 2}, {"DKK", "Danish krone", 2}, {"PLN", "Polish złoty", 2},
	{"CZK", "Czech koruna", 2}, {"MXN", "Mexican peso", 2}, {"BRL", "Brazilian real", 2}, {"ZAR", "South African rand", 2},
	{"INR", "Indian rupee", 2}, {"SGD", "Singapore dollar", 2}, {"HKD", "Hong Kong dollar", 2}, {"JPY", "Japanese yen", 0},
	{"KRW", "South Korean won", 0},
}

func setupCurrencyOptions() []setupOption {
	out := make([]setupOption, len(setupCurrencies))
	for i, c := range setupCurrencies {
		out[i] = setupOption{Value: c.Code, Label: c.Code + " · " + c.Name}
	}
	return out
}

// setupMinorDigits is how many decimals a currency's prices have.
func setupMinorDigits(code string) (int, bool) {
	for _, c := range setupCurrencies {
		if c.Code == code {
			return c.Digits, true
		}
	}
	return 0, false
}

// setupCountryCurrency guesses the currency of a jurisdiction such as US-NY.
func setupCountryCurrency(jurisdiction string) string {
	country, _, _ := strings.Cut(jurisdiction, "-")
	switch country {
	case "AT", "BE", "CY", "DE", "EE", "ES", "FI", "FR", "GR", "HR", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PT", "SI", "SK":
		return "EUR"
	}
	byCountry := map[string]string{"US": "USD", "CA": "CAD", "GB": "GBP", "AU": "AUD", "NZ": "NZD", "CH": "CHF",
		"SE": "SEK", "NO": "NOK", "DK": "DKK", "PL": "PLN", "CZ": "CZK", "MX": "MXN", "BR": "BRL", "ZA": "ZAR",
		"IN": "INR", "SG": "SGD", "HK": "HKD", "JP": "JPY", "KR": "KRW"}
	if c, ok := byCountry[country]; ok {
		return c
	}
	return "USD"
}

// setupParsePrice reads "80", "80.5" or "80,50" as minor units of currency.
func setupParsePrice(s, currency string) (int64, bool) {
	digits, ok := setupMinorDigits(currency)
	s = strings.TrimSpace(s)
	whole, frac, hasFrac := strings.Cut(strings.Replace(s, ",", ".", 1), ".")
	if !ok || whole == "" || len(whole) > 7 || hasFrac && (frac == "" || len(frac) > digits) || !setupAllDigits(whole+frac) {
		return 0, false
	}
	frac += strings.Repeat("0", digits-len(frac))
	v, err := strconv.ParseInt(whole+frac, 10, 64)
	return v, err == nil
}

func setupAllDigits(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }) < 0
}

// setupPrice writes minor units as people read them: 80.00 EUR.
func setupPrice(amount int64, currency string) string {
	return setupAmount(amount, currency) + " " + currency
}

// setupAmount writes minor units as the price field reads them: 80.00.
func setupAmount(amount int64, currency string) string {
	if digits, _ := setupMinorDigits(currency); digits == 0 {
		return strconv.FormatInt(amount, 10)
	}
	return fmt.Sprintf("%d.%02d", amount/100, amount%100)
}
