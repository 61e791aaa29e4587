package web

import (
	"context"
	"encoding/json"
	"github.com/knead/knead/internal/jobs"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/knead/knead/internal/account"
	"github.com/knead/knead/internal/api"
	"github.com/knead/knead/internal/audit"
	"github.com/knead/knead/internal/booking"
	"github.com/knead/knead/internal/checkin"
	"github.com/knead/knead/internal/config"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/directory"
	"github.com/knead/knead/internal/homecare"
	"github.com/knead/knead/internal/instrument"
	"github.com/knead/knead/internal/intake"
	"github.com/knead/knead/internal/metrics"
	"github.com/knead/knead/internal/notify"
	"github.com/knead/knead/internal/outcome"
	"github.com/knead/knead/internal/practice"
	"github.com/knead/knead/internal/screening"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/testkit"
	"github.com/knead/knead/internal/therapist"
	"github.com/knead/knead/internal/triage"
)

func newTestServer(t *testing.T) (*httptest.Server, *db.DB) {
	t.Helper()
	d := testkit.OpenDB(t)
	srv := httptest.NewServer(newSite(t, d).Handler())
	t.Cleanup(srv.Close)
	return srv, d
}

// newSite builds the web surface as the app does, with cheap hashing.
func newSite(t *testing.T, d *db.DB) *Server {
	t.Helper()
	cfg := config.Default()
	cfg.BaseURL = "http://knead.test"
	log := testkit.Logger()
	accounts, err := account.NewService(d, account.NewHasher(account.Cheap, 4), notify.NewMailer(log, time.Now),
		time.Now, cfg.BaseURL, log)
	if err != nil {
		t.Fatal(err)
	}
	bookings, practices := booking.New(d, time.Now), practice.New(d, time.Now)
	waiting := testkit.Waitlist(t, d, bookings, practices, time.Now)
	cal := booking.NewCalendar(bookings, cfg.BaseURL)
	dir := directory.New(d, time.Now, therapist.Strict)
	// The synthetic instruments stand for licensed ones a deployment installs.
	instruments, err := instrument.Load("../instrument/testdata/instruments")
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(Deps{Config: cfg, Log: log, DB: d, Metrics: metrics.New(d), Accounts: accounts, Booking: bookings,
		Calendar: cal, Practice: practices, Waitlist: waiting, Directory: dir, Sessions: NewSessions(cfg, d),
		Outcome: outcome.New(d, time.Now).WithIntake(intake.PainAverage).WithDisability(instruments.OfKind(instrument.Disability)).
			WithInstrument(outcome.Responder(instruments.OfKind(instrument.Disability), intake.MeasureBaselines)),
		HomeCare: homecare.New(d, time.Now),
		API: api.New(api.Deps{Log: log, DB: d, Accounts: accounts, Booking: bookings, Calendar: cal, Practice: practices,
			Waitlist: waiting, Directory: dir, Screening: screening.New(d, time.Now), Audit: audit.New(d),
			Intake: intake.New(d, instruments, time.Now), Instruments: instruments}), Jobs: testkit.Jobs(t, d),
		MailPrefs: notify.NewPreferences(d)})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func get(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res, string(body)
}

func addTherapist(t *testing.T, d *db.DB, name string, verified bool) int64 {
	return addTherapistIn(t, d, name, "DE", "licence", verified)
}

func addTherapistIn(t *testing.T, d *db.DB, name, jurisdiction, kind string, verified bool) int64 {
	t.Helper()
	ctx, now := context.Background(), time.Now()
	id, err := store.InsertUser(ctx, d.W(), store.NewUser{Email: strings.ToLower(strings.Fields(name)[0]) + "@example.test",
		Name: name, Role: "therapist", PasswordHash: "x", TimeZone: "Europe/Berlin", CreatedAt: now})
	if err != nil {
		t.Fatal(err)
	}
	if err := store.InsertTherapist(ctx, d.W(), therapist.Profile{ID: id, Slug: strings.ToLower(strings.Fields(name)[0]),
		Languages: []string{"de", "en"}, PressureMin: 1, PressureMax: 4, YearsBackPain: 7}, now); err != nil {
		t.Fatal(err)
	}
	loc, err := store.InsertLocation(ctx, d.W(), therapist.Location{TherapistID: id, Name: "Praxis", Address: "Torstraße 1",
		City: "Berlin", Lat: 52.53, Lon: 13.4, TimeZone: "Europe/Berlin", Jurisdiction: jurisdiction}, now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.InsertService(ctx, d.W(), therapist.Service{TherapistID: id, LocationID: loc, Name: "Deep tissue",
		Technique: "deep_tissue", DurationMinutes: 60, PriceAmount: 8000, Currency: "EUR"}, now); err != nil {
		t.Fatal(err)
	}
	status := "pending"
	if verified {
		status = "verified"
	}
	if _, err := store.InsertCredential(ctx, d.W(), therapist.Credential{TherapistID: id, Kind: kind, Number: "L-1",
		Jurisdiction: jurisdiction, Issuer: "Board", ExpiresOn: now.AddDate(1, 0, 0), Status: status}, now); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestHomePage(t *testing.T) {
	srv, d := newTestServer(t)
	res, body := get(t, srv.URL+"/")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "No therapists yet") {
		t.Fatalf("empty home: status %d, want 200 and the empty state; body:\n%s", res.StatusCode, body)
	}
	addTherapist(t, d, "Anna Weber", true)
	addTherapist(t, d, "Ben Okafor", false)
	_, body = get(t, srv.URL+"/")
	if n := strings.Count(body, "Credentials verified"); n != 1 {
		t.Errorf("%d verified badges, want 1 (Anna)", n)
	}
	// Where no massage licence exists (GB), a verified certification counts;
	// elsewhere (DE) it does not.
	addTherapistIn(t, d, "Cara Jones", "GB", "certification", true)
	addTherapistIn(t, d, "Dirk Vogel", "DE", "certification", true)
	_, body = get(t, srv.URL+"/")
	if n := strings.Count(body, "Credentials verified"); n != 2 {
		t.Errorf("%d verified badges, want 2 (Anna, Cara)", n)
	}
	for _, want := range []string{"Anna Weber", "Ben Okafor", "Deep tissue", "German and English", "Credentials verified",
		"Verification pending", "data-therapist=", "4 therapists"} {
		if !strings.Contains(body, want) {
			t.Errorf("home page lacks %q", want)
		}
	}
}

func TestResponses(t *testing.T) {
	srv, _ := newTestServer(t)
	tests := []struct {
		method, path, body string
		status             int
		contentType, want  string
	}{
		{"GET", "/no-such-page", "", 404, "text/html", "We can’t find that page"},
		{"POST", "/", "", 404, "text/html", "We can’t find that page"},
		{"GET", "/api/v1/nothing", "", 404, "application/problem+json", `"type":"/api/problems/not-found"`},
		{"POST", "/anything", strings.Repeat("x", config.MaxBodyBytes+1), 413, "text/html", "too much"},
		{"POST", "/api/v1/anything", strings.Repeat("x", config.MaxBodyBytes+1), 413, "application/problem+json", "too-large"},
		{"GET", "/healthz", "", 200, "application/json", `"ok"`},
		{"GET", "/readyz", "", 200, "application/json", `"current"`},
		{"GET", "/static/css/knead.css", "", 200, "text/css", "--primary"},
		{"GET", "/static/vendor/htmx.min.js", "", 200, "javascript", "htmx"},
		{"GET", "/static/css/", "", 404, "text/html", "find that page"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			req, _ := http.NewRequest(tt.method, srv.URL+tt.path, strings.NewReader(tt.body))
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			body, _ := io.ReadAll(res.Body)
			if res.StatusCode != tt.status {
				t.Errorf("status %d, want %d", res.StatusCode, tt.status)
			}
			if ct := res.Header.Get("Content-Type"); !strings.Contains(ct, tt.contentType) {
				t.Errorf("Content-Type %q, want %q", ct, tt.contentType)
			}
			if !strings.Contains(string(body), tt.want) {
				t.Errorf("body lacks %q:\n%.500s", tt.want, body)
			}
			for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "X-Request-Id"} {
				if res.Header.Get(h) == "" {
					t.Errorf("response lacks %s", h)
				}
			}
		})
	}
}

func TestCSPForbidsInlineCode(t *testing.T) {
	srv, _ := newTestServer(t)
	res, body := get(t, srv.URL+"/")
	csp := res.Header.Get("Content-Security-Policy")
	for _, want := range []string{"script-src 'self'", "frame-ancestors 'none'", "style-src 'self'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP allows unsafe-inline: %q", csp)
	}
	for _, bad := range []string{"<script>", " style=\"", " onclick="} {
		if strings.Contains(body, bad) {
			t.Errorf("home page has inline code %q, which the CSP would block", bad)
		}
	}
}

func TestRequestIDIsKeptWhenSaneAndReplacedOtherwise(t *testing.T) {
	srv, _ := newTestServer(t)
	for _, tt := range []struct{ sent, want string }{
		{"abcdef0123456789", "abcdef0123456789"},
		{"bad id with spaces", ""},
		{"", ""},
	} {
		req, _ := http.NewRequest("GET", srv.URL+"/healthz", nil)
		req.Header.Set("X-Request-Id", tt.sent)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		got := res.Header.Get("X-Request-Id")
		if tt.want != "" && got != tt.want || tt.want == "" && (got == "" || got == tt.sent) {
			t.Errorf("sent %q, got X-Request-Id %q", tt.sent, got)
		}
	}
}

func TestReadyzReportsPendingMigrations(t *testing.T) {
	d, err := db.Open(context.Background(), testkit.EmptyDatabaseURL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	rec := httptest.NewRecorder()
	metrics.Readyz(d)(rec, httptest.NewRequest("GET", "/readyz", nil))
	var body struct{ Checks map[string]string }
	_ = json.NewDecoder(rec.Body).Decode(&body)
	if rec.Code != http.StatusServiceUnavailable || body.Checks["migrations"] != "pending" {
		t.Fatalf("unmigrated database: %d %v, want 503 with migrations pending", rec.Code, body.Checks)
	}
}

// Every page renders with fixture data, so a template error fails here
// rather than in front of a person.
func TestEveryPageRenders(t *testing.T) {
	s := &Server{Deps: Deps{Log: testkit.Logger()}, version: "test"}
	var err error
	if s.pages, err = parsePages(); err != nil {
		t.Fatal(err)
	}
	fixtures := map[string]any{
		"home": homeView{Therapists: []therapist.Card{{ID: 1, Slug: "a-1", Name: "A", Techniques: []string{"thai"},
			Languages: []string{"en"}, LicenceVerified: true, Photo: "abc"}}, TherapistCount: 1},
		"error": errorView{Status: 500, Heading: "Oops", ShowRequestID: true},
		"signup": formView{Form: Form{Values: url.Values{"role": {"therapist"}, "time_zone": {"UTC"}},
			Errors: map[string]string{"email": "Enter an email", "role": "Choose"}}, Zones: timeZones},
		"signin":          formView{Form: Form{Error: "Wrong"}, Next: "/client"},
		"verify_email":    formView{Token: "abc"},
		"forgot_password": formView{Done: true, Form: Form{Values: url.Values{"email": {"a@b.c"}}}},
		"reset_password":  formView{Token: "abc"},
		"account": accountView{Me: account.User{Name: "A", Email: "a@b.c"}, Zones: timeZones,
			Settings: Form{Values: url.Values{"name": {"A"}, "time_zone": {"UTC"}}}, Password: Form{Errors: map[string]string{"new_password": "Short"}},
			Feed: feedView{Offered: true, Since: "1 October 2026, 10:00", URL: "http://knead.test/calendar/x.ics"}},
		"client_home":    roleHomeView{Me: account.User{Name: "C"}, Instruments: dueInstrumentFixture(Form{})},
		"therapist_home": roleHomeView{Me: account.User{Name: "T"}},
		"admin_home":     roleHomeView{Me: account.User{Name: "A"}},
		"outbox":         outboxView{Messages: []store.OutboxMessage{{ID: 1, ToAddr: "a@b.c", Subject: "Hi", TextBody: "Body"}}, Next: "/admin/outbox?before=1"},
		"problem":        problemView{Name: "invalid", Status: 422, Text: "Fields"},
		"admin_jobs": jobsView{Groups: jobs.Groups, Zone: time.UTC, Next: "/admin/jobs?state=failed&after=x", Page: jobs.Page{Group: jobs.Groups[3],
			Jobs: []jobs.Job{{ID: 1, Kind: "email_deliver", State: "retryable", Attempt: 2, MaxAttempts: 12, LastError: "dial tcp: refused"},
				{ID: 2, Kind: "aftercare", State: "discarded"}}}},
		"account_access": accessView{Entries: []accessEntry{{When: "Mon 2 Nov 2026, 10:30 CET", Who: "You", What: "intake", Did: "opened"}},
			Older: "/account/access?before=9"},
		"mail_preferences": mailPrefsView{Client: true, Prefs: store.DefaultMailPreference,
			Form: Form{Errors: map[string]string{"remind_hours": "From 1 to 168"}}},
		"therapist_profile": profileView{Profile: therapist.Profile{Name: "T", Languages: []string{"en"}, Gender: "female",
			FirstSession: "Talk", AccessNote: "Ramp"}, Viewer: "visitor", Photo: "/p.jpg", Access: []string{"Elevator"},
			Canonical: "http://knead.test/therapists/t-1", JSONLD: map[string]any{"@context": "https://schema.org", "name": "</script>"},
			Services: []serviceView{{ID: 1, Name: "Deep", Selected: true}}, Bookable: true, Locations: []locationView{{Name: "P", Verified: true,
				Licence: &licenceView{Verified: true, VerifiedOn: "1 May 2026", Expires: "1 May 2027", Lookup: "https://example.org", NoLicence: true}}, {Name: "Q"}},
			Week: slotWeek{Days: []slotDay{{Label: "Monday", Slots: []slotView{{Time: "10:00", Href: "/x"}}}, {Label: "Tuesday"}}}},
		"booking_new": bookView{Start: "2026-10-05T10:00:00+02:00", Repeats: repeatChoices, Error: "Taken",
			Form:         Form{Values: url.Values{"every_weeks": {"1"}, "count": {"6"}}, Errors: map[string]string{"count": "Too many"}},
			Alternatives: []choiceView{{"x", "Monday"}}, Conflicts: []conflictView{{When: "Monday", Reason: "Taken", Alternatives: []string{"Tuesday"}}}, CanSkip: true, Skip: "Book"},
		"booking_reschedule": rescheduleView{Appt: apptRow{ID: 1, Active: true, Next: "/appointments"}, Error: "Taken",
			Alternatives: []choiceView{{"x", "Monday"}}, Week: slotWeek{Days: []slotDay{{Slots: []slotView{{Time: "10:00"}}}}}},
		"appointments": appointmentsView{Error: "No", Upcoming: []apptGroup{{SeriesID: 1, Title: "Every week", Items: []apptRow{
			{ID: 1, SeriesID: 1, Active: true}, {ID: 2, Active: true, Locked: true, WindowHours: 24}}}}, Past: []apptGroup{{Items: []apptRow{{ID: 3, Status: "completed", PainOpen: true}}}},
			Waiting: []waitView{{ID: 1, Service: "Deep", Therapist: "Ana"}, {ID: 2, Offer: &offerView{ID: 3, When: "Tue 10:00"}}, {ID: 4, Offer: &offerView{ID: 5, When: "Tue", Standing: "Your Tuesday 10:00 opened"}}}},
		"checkin": checkInPage{ID: 1, Therapist: true, Open: true, CanRefer: true, Stopped: true, Advice: "See a doctor", Reason: "Numb",
			Rule: "RF-01", RuleText: "Q", Latest: &checkin.CheckIn{}, Closed: "Not today", Rules: triage.RedFlags, AnswerChoices: answerChoices,
			Questions: []checkQuestion{{ID: "RF-01", Text: "Q", Answer: "yes", Error: "Answer"}},
			Answers:   Form{Errors: map[string]string{"RF-01": "Answer"}}, Refer: Form{Values: url.Values{"rule": {"RF-01"}}, Errors: map[string]string{"reason": "Why"}}},
		"waitlist_join": joinView{Form: Form{Values: url.Values{"service": {"1"}}, Errors: map[string]string{"to": "Later"}}},
		"calendar": calendarView{View: "week", HasPractice: true, Services: []serviceView{{ID: 1, Name: "Deep"}},
			Book: Form{Values: url.Values{"service": {"1"}}, Errors: map[string]string{"client": "No"}}, BookAlternatives: []choiceView{{"x", "Monday"}},
			Days: []calDay{{Items: []apptRow{{ID: 1, Active: true, ClientUnverified: true}, {ID: 2, CanNoShow: true, PainOpen: true}}}, {}}},
		"practice_setup": setupFixture(),
		"search": searchView{Choices: searchChoices, Asked: true, More: "/therapists?cursor=x",
			Form: Form{Values: url.Values{"place": {"Brooklyn"}, "sort": {"price"}}},
			Results: []resultView{{Name: "A", Profile: "/therapists/1", Distance: "1.2 km", Techniques: []string{"thai"}, Verified: true,
				Jurisdiction: "US-NY", Price: "$90.00", Slots: []slotView{{Start: "x", Time: "17:00", Day: "Mon 7 Dec", Href: "/x"}}},
				{Name: "B", NoWindow: true, Jurisdiction: "US-NY"}, {Name: "C"}}},
		"care_library": careLibraryView{Routines: homecare.Library, Version: "1"},
		"care_routine": routineView{Routine: homecare.Library[0], Version: "1"},
		"care_mine":    myCareView{Plan: careFixture(), Done: &careFixture().Items[0]},
		"care_client":  clientCareView{Plan: careFixture(), Form: Form{Errors: map[string]string{"routine": "No", "times": "No", "note": "No"}}},
		"aftercare":    aftercareView{A: homecare.Aftercare{Plan: func() *homecare.Plan { p := careFixture(); return &p }()}, Checklist: homecare.Checklist},
		"admin_credentials": queueView{Failed: 1, Form: Form{Errors: map[string]string{"note": "Say why"}},
			Pending: []queueItem{{QueuedCredential: store.QueuedCredential{Credential: therapist.Credential{ID: 1, Kind: "licence",
				Document: &therapist.Document{Filename: "a.pdf"}}}, Document: "/x", Lookup: "https://example.org"}, {}},
			Recent: []store.Decision{{ID: 1, Decision: "verified", Note: "OK"}}},
		"screening":        screeningFixture(),
		"screening_result": resultFixture(),
		"guidance":         guidancePage{Screened: true, Blocks: true, Rows: guidanceRows(cautionResult()), Find: "/therapists?technique=swedish"},
		"intake_step":      stepFixture("where"),
		"intake_consent":   consentView{Form: Form{Errors: map[string]string{"consent_name": "Type"}}, Text: "I agree", Version: "1"},
		"intake_summary":   intakeSummaryView{Own: true, Regions: []string{"Neck"}, On: map[string]bool{"neck": true}, Measures: []measureRow{{"X", "7 (0–24)", "some"}}},
	}
	fixtures["progress"] = progressView{Own: true, Kind: "worse", Verdict: "Worse", Advise: true, Rescreen: true, Baseline: "6.0",
		Sessions: []sessionRow{{ID: 1, CanRecord: true}, {ID: 2}}, Days: []dayRow{{"Mon", "5.0"}}, Defaults: map[string]int{"now": 3},
		Recent: []store.PainEntry{{ID: 1, Note: "n"}}, Due: &dueView{Point: "week4", Options: []string{"Better"}, Overdue: true},
		Form: Form{Values: url.Values{"now": {"4"}}, Errors: map[string]string{"average": "Give a score", "score": "Choose"}}}
	fixtures["progress"] = func(v progressView) progressView {
		v.Instruments = dueInstrumentFixture(Form{Values: url.Values{"x.a": {"1"}}, Errors: map[string]string{"x.b": "Please answer"}})
		return v
	}(fixtures["progress"].(progressView))
	fixtures["dashboard_clients"] = dashboardView{Rows: []dashRow{{ID: 1, Name: "A", Flags: []string{"worse"}}, {ID: 2}},
		Sorts: []sortLink{{"name", "Name", true}}}
	fixtures["report_outcomes"] = reportView{Everyone: true, Rows: []reportRow{{Technique: "Swedish"}, {Suppressed: true}}}
	for name := range s.pages {
		view, ok := fixtures[name]
		if !ok {
			t.Errorf("page %q has no fixture in this test", name)
			continue
		}
		rec := httptest.NewRecorder()
		s.render(rec, httptest.NewRequest("GET", "/", nil), 200, name, view)
		if rec.Code != 200 || !strings.Contains(rec.Body.String(), "</html>") {
			t.Errorf("page %q: status %d, body %.300s", name, rec.Code, rec.Body.String())
		}
	}
}

func careFixture() homecare.Plan {
	sc := homecare.Exclusion{Reason: "Not advised"}
	return homecare.Plan{ClientName: "C", Zone: time.UTC, Week: homecare.Adherence{Done: 1, Due: 2},
		Items: []homecare.Item{{CareAssignment: store.CareAssignment{ID: 1, Times: 2, Per: "day", Note: "Slowly"}, Routine: homecare.Library[3], DueToday: 2},
			{CareAssignment: store.CareAssignment{ID: 2, Times: 1, Per: "week"}, Routine: homecare.Library[6], DueToday: 1, DoneToday: 1, Excluded: &sc}},
		Offers: []homecare.Offer{{Routine: homecare.Library[0]}, {Routine: homecare.Library[1], Excluded: &sc}}}
}

func TestLanguageList(t *testing.T) {
	for _, tt := range []struct {
		in   []string
		want string
	}{{nil, ""}, {[]string{"en"}, "English"}, {[]string{"de", "en"}, "German and English"},
		{[]string{"fr", "nl", "xx"}, "French, Dutch and XX"}} {
		if got := languageList(tt.in); got != tt.want {
			t.Errorf("languageList(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// dueInstrumentFixture is a two-item instrument due, overdue.
func dueInstrumentFixture(f Form) []instrumentDueView {
	answers := []instrument.Answer{{Value: 0, Label: "No"}, {Value: 1, Label: "Yes"}}
	def := instrument.Definition{ID: "x", Name: "X", Instructions: "Tick", Licence: "Licensed",
		Items: []instrument.Item{{ID: "a", Text: "A", Answers: answers}, {ID: "b", Text: "B", Answers: answers}}}
	return []instrumentDueView{{Def: def, Point: "week4", Label: "4 to 6 weeks in", Overdue: true, Form: f, Anchor: "measure-x"}}
}
