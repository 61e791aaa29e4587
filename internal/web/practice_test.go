package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/knead/knead/internal/practice"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/therapist"
)

// post sends a set-up form and checks the status.
func (b *browser) post(path string, form url.Values, status int) string {
	b.t.Helper()
	res, body := b.do("POST", path, form)
	if res.StatusCode != status {
		b.t.Fatalf("POST %s %v: status %d, want %d\n%.3000s", path, form, res.StatusCode, status, body)
	}
	if status == http.StatusSeeOther && !strings.HasPrefix(res.Header.Get("Location"), "/therapist/setup?saved=") {
		b.t.Fatalf("POST %s: redirected to %q, want back to the set-up page", path, res.Header.Get("Location"))
	}
	return body
}

// setupPage loads the set-up page and fails unless it is there.
func (b *browser) setupPage() string {
	b.t.Helper()
	res, body := b.do("GET", "/therapist/setup", nil)
	if res.StatusCode != http.StatusOK {
		b.t.Fatalf("GET /therapist/setup: %d\n%.2000s", res.StatusCode, body)
	}
	return body
}

var dataLocation = regexp.MustCompile(`data-location="(\d+)"`)

// firstLocation is the id of the first location the set-up page lists.
func firstLocation(t *testing.T, page string) string {
	t.Helper()
	m := dataLocation.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("the set-up page lists no location:\n%.3000s", page)
	}
	return m[1]
}

func week(pairs ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(pairs); i += 2 {
		v.Set(pairs[i], pairs[i+1])
	}
	return v
}

func withValue(v url.Values, k, val string) url.Values {
	out := url.Values{}
	for key, vals := range v {
		out[key] = append([]string(nil), vals...)
	}
	out.Set(k, val)
	return out
}

func TestPracticeSetUpThroughTheForms(t *testing.T) {
	srv, s, _ := newSiteServer(t)
	b := newBrowser(t, srv)
	b.signUp("mia@example.test", "therapist")

	page := b.setupPage()
	for _, want := range []string{"0 of 4 done", "No locations yet", "Add a location first", "a site admin checks it with the board",
		`name="min_notice_hours" type="number" value="2"`, `name="horizon_days" type="number" value="90"`,
		`name="cancel_window_hours" type="number" value="24"`, `<option value="15" selected>`, `value="Europe/Berlin" selected`} {
		if !strings.Contains(page, want) {
			t.Errorf("empty set-up page lacks %q", want)
		}
	}

	res, _ := b.do("POST", "/therapist/setup/locations", url.Values{"name": {"Studio Mitte"}, "address": {"Torstraße 1, Berlin"},
		"lat": {"52.53"}, "lon": {"13,40"}, "time_zone": {"America/New_York"}, "jurisdiction": {"us-ny"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/therapist/setup?saved=locations#locations" {
		t.Fatalf("add a location: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	_, page = b.do("GET", "/therapist/setup?saved=locations", nil)
	flash := strings.Index(page, `<p class="alert alert--info" role="status">Location added: Studio Mitte.</p>`)
	if flash < strings.Index(page, `id="locations"`) || flash > strings.Index(page, `id="services"`) || !strings.Contains(page, "US-NY") {
		t.Errorf("after adding a location: the flash is not in the locations section, or no jurisdiction is listed")
	}
	loc := firstLocation(t, page)
	b.post("/therapist/setup/services", url.Values{"name": {"Deep tissue for low back"}, "location_id": {loc},
		"technique": {"deep_tissue"}, "duration_minutes": {"60"}, "price": {"95,50"}, "currency": {"USD"},
		"buffer_minutes": {""}}, http.StatusSeeOther)
	b.post("/therapist/setup/hours", week("location_id", loc, "monday_1_start", "9:00", "monday_1_end", "12:00",
		"monday_2_start", "13:00", "monday_2_end", "17:30", "friday_1_start", "14:00", "friday_1_end", "24:00"), http.StatusSeeOther)
	b.post("/therapist/setup/time-off", url.Values{"location_id": {loc}, "start_date": {"2030-12-24"}, "start_time": {"09:00"},
		"end_date": {"2030-12-26"}, "reason": {"Holidays"}}, http.StatusSeeOther)
	b.post("/therapist/setup/time-off", url.Values{"location_id": {""}, "start_date": {"2030-07-01"},
		"end_date": {"2030-07-01"}}, http.StatusSeeOther)
	b.post("/therapist/setup/rules", url.Values{"min_notice_hours": {"12"}, "horizon_days": {"60"},
		"cancel_window_hours": {"48"}, "grid_minutes": {"30"}}, http.StatusSeeOther)
	b.post("/therapist/setup/profile", url.Values{"bio": {"Ten years with sore backs."}, "languages": {"en", "de"},
		"languages_other": {"GA, cy"}, "back_pain_focus": {"neck", "sciatica"}, "pressure_min": {"2"}, "pressure_max": {"4"},
		"years_back_pain": {"10"}, "gender": {"female"}}, http.StatusSeeOther)

	page = b.setupPage()
	for _, want := range []string{
		"3 of 4 done", "Deep tissue for low back", "95.50 USD", "60 minutes", // service; no buffer given is none
		`name="monday_1_start" type="text" value="09:00"`, `name="monday_2_end" type="text" value="17:30"`,
		`name="friday_1_end" type="text" value="24:00"`,
		"Tue 24 Dec 2030, 09:00 to the end of Thu 26 Dec 2030", "Studio Mitte · America/New_York · Holidays",
		"Mon 1 Jul 2030, all day", "Everywhere · Europe/Berlin",
		`name="min_notice_hours" type="number" value="12"`, `name="horizon_days" type="number" value="60"`,
		`name="cancel_window_hours" type="number" value="48"`, `<option value="30" selected>`,
		"Ten years with sore backs.", `value="cy, ga"`, `value="de" id="profile-languages-de" checked`,
		`value="sciatica" id="profile-back_pain_focus-sciatica" checked`, `<option value="female" selected>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("set-up page lacks %q", want)
		}
	}
	if strings.Contains(page, "+ 0 minutes buffer") || strings.Contains(page, "Add a location first") {
		t.Error("the filled set-up page still shows an empty state")
	}

	// A verified licence for the location's jurisdiction completes the list.
	var id int64
	fmt.Sscan(loc, &id)
	l, err := store.LocationByID(context.Background(), s.DB.R(), id)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.InsertCredential(context.Background(), s.DB.W(), therapist.Credential{TherapistID: l.TherapistID,
		Kind: "licence", Number: "NY-1", Jurisdiction: "US-NY", Issuer: "NYSED", ExpiresOn: time.Now().AddDate(1, 0, 0),
		Status: "verified"}, time.Now()); err != nil {
		t.Fatal(err)
	}
	if page = b.setupPage(); !strings.Contains(page, "All set.") || !strings.Contains(page, "where your licence is verified") {
		t.Error("with a location, a service, hours and a verified licence, the checklist is not all done")
	}
}

// Time off is typed in the location's zone and stored as an instant.
// therapistInNewYork signs up a therapist with one New York location added
// through the set-up form, and returns the location's id as the form
// knows it and as a number.
func therapistInNewYork(t *testing.T) (*Server, *browser, string, int64) {
	t.Helper()
	srv, s, _ := newSiteServer(t)
	b := newBrowser(t, srv)
	b.signUp("mia@example.test", "therapist")
	b.post("/therapist/setup/locations", url.Values{"name": {"NY"}, "address": {"1 Main St"}, "lat": {"40.7"},
		"lon": {"-74"}, "time_zone": {"America/New_York"}, "jurisdiction": {"US-NY"}}, http.StatusSeeOther)
	loc := firstLocation(t, b.setupPage())
	var id int64
	fmt.Sscan(loc, &id)
	return s, b, loc, id
}

func TestPracticeTimeOffIsInTheLocationsZone(t *testing.T) {
	s, b, loc, id := therapistInNewYork(t)
	b.post("/therapist/setup/time-off", url.Values{"location_id": {loc}, "start_date": {"2030-12-24"}, "start_time": {"09:00"},
		"end_date": {"2030-12-24"}, "end_time": {"17:00"}}, http.StatusSeeOther)
	l, err := store.LocationByID(context.Background(), s.DB.R(), id)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := store.UpcomingTimeOff(context.Background(), s.DB.R(), l.TherapistID, time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
	want := time.Date(2030, 12, 24, 14, 0, 0, 0, time.UTC)
	if err != nil || len(rows) != 1 || !rows[0].Start.Equal(want) || !rows[0].End.Equal(want.Add(8*time.Hour)) {
		t.Fatalf("time off %+v %v, want 14:00–22:00 UTC", rows, err)
	}
}

func TestPracticeExtraHoursForm(t *testing.T) {
	s, b, loc, id := therapistInNewYork(t)
	b.post("/therapist/setup/extra-hours", url.Values{"location_id": {loc}, "date": {"2030-12-21"}, "start": {"09:00"},
		"end": {"13:00"}}, http.StatusSeeOther)
	rows, err := store.ExtraHoursOf(context.Background(), s.DB.R(), id, "2030-12-01")
	if err != nil || len(rows) != 1 || rows[0].Day != "2030-12-21" || rows[0].StartMinute != 540 || rows[0].EndMinute != 780 {
		t.Fatalf("extra hours %+v %v", rows, err)
	}
}

// snapshot is everything the set-up forms can change, to show that a
// refused form changed nothing.
func snapshot(t *testing.T, s *Server, therapistID int64) string {
	t.Helper()
	ctx := context.Background()
	p, err := s.Practice.Get(ctx, therapistID)
	if err != nil {
		t.Fatal(err)
	}
	rules, _ := s.Practice.Rules(ctx, therapistID)
	out := fmt.Sprintf("%+v %+v", p, rules)
	for _, l := range p.Locations {
		hours, _ := store.WeeklyHours(ctx, s.DB.R(), l.ID)
		out += fmt.Sprintf(" %+v", hours)
	}
	off, _ := store.UpcomingTimeOff(ctx, s.DB.R(), therapistID, time.Unix(0, 0))
	out += fmt.Sprintf(" %+v", off)
	extra, _ := store.ExtraHoursOf(ctx, s.DB.R(), therapistID, "0000-01-01")
	return out + fmt.Sprintf(" %+v", extra)
}

func TestPracticeSetUpRefusesBadInput(t *testing.T) {
	srv, s, _ := newSiteServer(t)
	other := newBrowser(t, srv)
	other.signUp("other@example.test", "therapist")
	other.post("/therapist/setup/locations", url.Values{"name": {"Theirs"}, "address": {"2 Side St"}, "lat": {"0"},
		"lon": {"0"}, "time_zone": {"UTC"}, "jurisdiction": {"GB"}}, http.StatusSeeOther)
	theirs := firstLocation(t, other.setupPage())

	b := newBrowser(t, srv)
	b.signUp("mia@example.test", "therapist")
	location := url.Values{"name": {"Studio"}, "address": {"1 Main St"}, "lat": {"40.7"}, "lon": {"-74"},
		"time_zone": {"America/New_York"}, "jurisdiction": {"US-NY"}}
	b.post("/therapist/setup/locations", location, http.StatusSeeOther)
	loc := firstLocation(t, b.setupPage())
	service := url.Values{"name": {"Swedish"}, "location_id": {loc}, "technique": {"swedish"}, "duration_minutes": {"60"},
		"price": {"80"}, "currency": {"USD"}, "buffer_minutes": {"10"}}
	b.post("/therapist/setup/services", service, http.StatusSeeOther)
	hours := week("location_id", loc, "monday_1_start", "09:00", "monday_1_end", "17:00")
	b.post("/therapist/setup/hours", hours, http.StatusSeeOther)
	timeOff := url.Values{"location_id": {loc}, "start_date": {"2030-12-24"}, "end_date": {"2030-12-26"}}
	rules := url.Values{"min_notice_hours": {"2"}, "horizon_days": {"90"}, "cancel_window_hours": {"24"}, "grid_minutes": {"15"}}
	profile := url.Values{"languages": {"en"}, "pressure_min": {"1"}, "pressure_max": {"5"}, "years_back_pain": {"3"}}
	b.post("/therapist/setup/profile", profile, http.StatusSeeOther)
	var locID int64
	fmt.Sscan(loc, &locID)
	l, _ := store.LocationByID(context.Background(), s.DB.R(), locID)
	before := snapshot(t, s, l.TherapistID)

	tests := []struct {
		name, path string
		form       url.Values
		want       string // a message the page shows
	}{
		{"hours: end before start", "/therapist/setup/hours", withValue(hours, "monday_1_end", "08:00"), "Monday: the end must be after the start."},
		{"hours: a start without an end", "/therapist/setup/hours", withValue(hours, "tuesday_1_start", "09:00"), "give the end too"},
		{"hours: 25:00 as an end", "/therapist/setup/hours", week("location_id", loc, "monday_1_start", "09:00", "monday_1_end", "17:00",
			"wednesday_1_start", "09:00", "wednesday_1_end", "25:00"), "Wednesday: give the end as HH:MM, 00:01 to 24:00."},
		{"hours: overlapping intervals", "/therapist/setup/hours", week("location_id", loc, "monday_1_start", "09:00",
			"monday_1_end", "13:00", "monday_2_start", "12:00", "monday_2_end", "17:00"), "Two intervals on monday overlap."},
		{"hours: another therapist's location", "/therapist/setup/hours", withValue(hours, "location_id", theirs), "You have no location with this id."},
		{"location: unknown zone", "/therapist/setup/locations", withValue(location, "time_zone", "Moon/Base"), "Give an IANA time zone"},
		{"location: latitude 91", "/therapist/setup/locations", withValue(location, "lat", "91"), "Latitude is from -90 to 90."},
		{"location: latitude not a number", "/therapist/setup/locations", withValue(location, "lat", "north"), "Give the latitude as a number"},
		{"location: no name", "/therapist/setup/locations", withValue(location, "name", " "), "Name the location"},
		{"service: negative price", "/therapist/setup/services", withValue(service, "price", "-5"), "Give the price as a number"},
		{"service: too many decimals", "/therapist/setup/services", withValue(service, "price", "80.555"), "Give the price as a number"},
		{"service: unknown technique", "/therapist/setup/services", withValue(service, "technique", "reiki"), "Choose one of swedish"},
		{"service: unknown currency", "/therapist/setup/services", withValue(service, "currency", "XXX"), "Give the price as a number"},
		{"service: 7 minutes", "/therapist/setup/services", withValue(service, "duration_minutes", "7"), "Give 15 to 240 minutes"},
		{"service: another therapist's location", "/therapist/setup/services", withValue(service, "location_id", theirs), "You have no location with this id."},
		{"time off: end before start", "/therapist/setup/time-off", withValue(timeOff, "end_date", "2030-12-20"), "The end must be after the start."},
		{"time off: no date", "/therapist/setup/time-off", withValue(timeOff, "start_date", ""), "Give the start date"},
		{"time off: bad time", "/therapist/setup/time-off", withValue(timeOff, "start_time", "25:00"), "Give the start time as HH:MM"},
		{"time off: another therapist's location", "/therapist/setup/time-off", withValue(timeOff, "location_id", theirs), "You have no location with this id."},
		{"extra hours: end before start", "/therapist/setup/extra-hours", url.Values{"location_id": {loc}, "date": {"2030-12-21"},
			"start": {"13:00"}, "end": {"09:00"}}, "The end must be after the start."},
		{"extra hours: no date", "/therapist/setup/extra-hours", url.Values{"location_id": {loc}, "start": {"09:00"}, "end": {"13:00"}},
			"Give the date as YYYY-MM-DD."},
		{"extra hours: another therapist's location", "/therapist/setup/extra-hours", url.Values{"location_id": {theirs},
			"date": {"2030-12-21"}, "start": {"09:00"}, "end": {"13:00"}}, "You have no location with this id."},
		{"rules: grid of 7 minutes", "/therapist/setup/rules", withValue(rules, "grid_minutes", "7"), "Choose 5, 10, 15, 20, 30 or 60 minutes."},
		{"rules: horizon 0", "/therapist/setup/rules", withValue(rules, "horizon_days", "0"), "Give 1 to 730 days."},
		{"rules: notice not a number", "/therapist/setup/rules", withValue(rules, "min_notice_hours", "two"), "Give a whole number of hours"},
		{"profile: pressure reversed", "/therapist/setup/profile", withValue(withValue(profile, "pressure_min", "4"), "pressure_max", "2"), "min not above max"},
		{"profile: not a language code", "/therapist/setup/profile", withValue(profile, "languages_other", "english"), "is not an ISO 639-1 code"},
		{"profile: no language", "/therapist/setup/profile", withValue(profile, "languages", ""), "List at least one language"},
	}
	// A select shows only its own options, so a made-up value is not kept.
	selects := map[string]bool{"location_id": true, "technique": true, "currency": true, "time_zone": true, "grid_minutes": true}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := b.post(tt.path, tt.form, http.StatusUnprocessableEntity)
			if !strings.Contains(body, tt.want) {
				t.Errorf("the page does not say %q", tt.want)
			}
			if !strings.Contains(body, "Nothing was saved") {
				t.Error("the page does not say that nothing was saved")
			}
			for k, v := range tt.form {
				if len(v) == 1 && v[0] != "" && !selects[k] && !strings.Contains(body, `value="`+v[0]+`"`) &&
					!strings.Contains(body, ">"+v[0]+"<") {
					t.Errorf("the input %s=%q is not kept", k, v[0])
				}
			}
			if after := snapshot(t, s, l.TherapistID); after != before {
				t.Errorf("a refused form changed the practice:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
}

// Only therapists reach the set-up page and its forms.
func TestPracticeSetUpIsForTherapistsOnly(t *testing.T) {
	srv, _, _ := newSiteServer(t)
	client, visitor := newBrowser(t, srv), newBrowser(t, srv)
	client.signUp("c@example.test", "client")
	routes := []struct{ method, path string }{{"GET", "/therapist/setup"}}
	for _, p := range []string{"profile", "locations", "services", "hours", "time-off", "rules"} {
		routes = append(routes, struct{ method, path string }{"POST", "/therapist/setup/" + p})
	}
	for _, r := range routes {
		form := url.Values(nil)
		if r.method == "POST" {
			form = url.Values{"name": {"x"}}
		}
		if res, body := client.do(r.method, r.path, form); res.StatusCode != http.StatusForbidden ||
			!strings.Contains(body, "This page is not for your account") {
			t.Errorf("client %s %s: %d, want 403", r.method, r.path, res.StatusCode)
		}
		if res, _ := visitor.do(r.method, r.path, form); res.StatusCode != http.StatusSeeOther ||
			!strings.HasPrefix(res.Header.Get("Location"), "/signin?next=") {
			t.Errorf("visitor %s %s: %d %q, want a redirect to sign in", r.method, r.path, res.StatusCode, res.Header.Get("Location"))
		}
	}
}

func TestTherapistHomeLinksToSetUp(t *testing.T) {
	srv, _, _ := newSiteServer(t)
	b := newBrowser(t, srv)
	b.signUp("mia@example.test", "therapist")
	_, body := b.do("GET", "/therapist", nil)
	for _, want := range []string{`href="/therapist/setup"`, `hx-get="/therapist/setup"`, `hx-select="#setup-checklist"`} {
		if !strings.Contains(body, want) {
			t.Errorf("therapist home lacks %q", want)
		}
	}
}

func TestPracticeFormValues(t *testing.T) {
	for _, tt := range []struct {
		in, currency string
		want         int64
		ok           bool
	}{
		{"80", "USD", 8000, true}, {"80.5", "EUR", 8050, true}, {"80,50", "EUR", 8050, true}, {" 0 ", "GBP", 0, true},
		{"9000", "JPY", 9000, true}, {"90.5", "JPY", 0, false}, {"-5", "USD", 0, false}, {"80.555", "USD", 0, false},
		{"", "USD", 0, false}, {"1e3", "USD", 0, false}, {"80.", "USD", 0, false}, {"80", "XXX", 0, false},
		{"12345678", "USD", 0, false},
	} {
		got, ok := setupParsePrice(tt.in, tt.currency)
		if got != tt.want || ok != tt.ok {
			t.Errorf("setupParsePrice(%q, %s) = %d %v, want %d %v", tt.in, tt.currency, got, ok, tt.want, tt.ok)
		}
	}
	for _, tt := range []struct{ jurisdiction, want string }{{"US-NY", "USD"}, {"DE", "EUR"}, {"CA-ON", "CAD"}, {"GB", "GBP"}, {"XX", "USD"}} {
		if got := setupCountryCurrency(tt.jurisdiction); got != tt.want {
			t.Errorf("setupCountryCurrency(%s) = %s, want %s", tt.jurisdiction, got, tt.want)
		}
	}
	day := func(d, h int) time.Time { return time.Date(2030, 12, d, h, 0, 0, 0, time.UTC) }
	for _, tt := range []struct {
		start, end time.Time
		want       string
	}{
		{day(24, 0), day(25, 0), "Tue 24 Dec 2030, all day"},
		{day(24, 0), day(27, 0), "Tue 24 Dec 2030 to Thu 26 Dec 2030, whole days"},
		{day(24, 9), day(27, 0), "Tue 24 Dec 2030, 09:00 to the end of Thu 26 Dec 2030"},
		{day(24, 0), day(24, 12), "Tue 24 Dec 2030, 00:00 to Tue 24 Dec 2030, 12:00"},
	} {
		if got := setupSpan(tt.start, tt.end); got != tt.want {
			t.Errorf("setupSpan(%v, %v) = %q, want %q", tt.start, tt.end, got, tt.want)
		}
	}
	if got := setupPrice(9550, "USD"); got != "95.50 USD" {
		t.Errorf("setupPrice = %q", got)
	}
}

// setupFixture is the set-up page with something of everything, and one
// form refused, for TestEveryPageRenders.
func setupFixture() setupView {
	p := practice.Practice{Profile: therapist.Profile{ID: 7, Bio: "Hi", Languages: []string{"en", "ga"}, Focus: []string{"neck"},
		PressureMin: 2, PressureMax: 4, YearsBackPain: 3, Access: []string{"elevator"}, AccessNote: "Ramp", FirstSession: "Talk first",
		Photo: "abc"},
		Locations: []therapist.Location{{ID: 1, Name: "Studio", Address: "1 Main St", TimeZone: "America/New_York", Jurisdiction: "US-NY"},
			{ID: 2, Name: "Clinic", Address: "2 Side St", TimeZone: "Europe/London", Jurisdiction: "GB"}},
		Services: []therapist.Service{{ID: 1, LocationID: 1, Name: "Deep", Technique: "deep_tissue", DurationMinutes: 60,
			PriceAmount: 9000, Currency: "USD", BufferMinutes: 10}}}
	v := setupView{Rules: store.DefaultRules, Zone: "UTC", Services: 1,
		TimeOff: []setupTimeOff{{ID: 4, Where: "Everywhere", When: "Mon 1 Jul 2030, all day", Zone: "UTC"}},
		Extra:   []setupExtra{{ID: 5, Where: "Studio · America/New_York", When: "Sat 6 Jul 2030, 09:00–13:00"}}}
	for _, l := range p.Locations {
		sl := setupLocation{Location: l, Form: setupForm{ID: fmt.Sprintf("hours-%d", l.ID)}, Bookable: l.ID == 2,
			Edit: setupForm{ID: fmt.Sprintf("location-%d", l.ID), Form: Form{Values: url.Values{"name": {l.Name}}}}}
		var rows []store.HoursRow
		if l.ID == 1 {
			sl.Services = []setupService{{Service: p.Services[0], Price: "90.00 USD", Edit: serviceEditForm(p.Services[0])}}
			rows = []store.HoursRow{{LocationID: 1, Weekday: 1, StartMinute: 540, EndMinute: 720}, {LocationID: 1, Weekday: 1,
				StartMinute: 780, EndMinute: 1020}, {LocationID: 1, Weekday: 1, StartMinute: 1080, EndMinute: 1200}}
		}
		sl.Hours = rows
		sl.Form.Values, sl.Slots = setupHoursValues(l.ID, rows)
		v.Locations = append(v.Locations, sl)
	}
	v.fillForms(p, "UTC")
	v.fillProfileExtras(p.Profile)
	v.PhotoForm.Errors = map[string]string{"photo": "Upload a JPEG or PNG image."}
	v.CredentialForm, v.Kinds, v.Types = credentialForm(p.Locations), credentialKinds, credentialTypes()
	v.Credentials = []credentialRow{{Credential: therapist.Credential{ID: 1, Kind: "licence", Number: "MT-1", Status: "rejected",
		Note: "Blurred", Document: &therapist.Document{Filename: "a.pdf"}}, Expires: "1 June 2027"},
		{Credential: therapist.Credential{ID: 2, Kind: "certification", Status: "verified"}, Expired: true}}
	v.Checklist, v.Ready = setupChecklist(v.Locations)
	v.Invalid = "hours-2"
	v.place("hours-2", Form{Values: week("location_id", "2", "monday_1_start", "17:00", "monday_1_end", "09:00"),
		Errors: map[string]string{"monday_1_end": "The end must be after the start.", "week": "Two intervals overlap."}})
	v.Service.Errors = map[string]string{"price": "Give the price as a number, such as 80 or 80.50."}
	v.place("location-1", Form{Error: "This location has 2 upcoming appointments. Cancel or move them first."})
	v.Saved, v.SavedFlash = "hours-1", "Your weekly hours are saved."
	return v
}
