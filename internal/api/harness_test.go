package api_test

// The API tests drive the whole HTTP stack (web.Server.Handler(): request
// IDs, cross-origin protection, the body limit, sessions, bearer tokens, the
// router's access rules) on a real database, and check every request and
// answer against openapi.json as they go.

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/config"
	verrors "github.com/pb33f/libopenapi-validator/errors"

	"github.com/knead/knead/internal/account"
	"github.com/knead/knead/internal/api"
	"github.com/knead/knead/internal/audit"
	"github.com/knead/knead/internal/booking"
	"github.com/knead/knead/internal/checkin"
	kconfig "github.com/knead/knead/internal/config"
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
	"github.com/knead/knead/internal/testkit"
	"github.com/knead/knead/internal/therapist"
	"github.com/knead/knead/internal/web"
)

// clock is a fixed time that tests move on by hand, so nothing depends on
// how fast the machine is.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Set moves the clock to t.
func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// site is one knead server on its own database.
type site struct {
	web   *web.Server
	h     http.Handler
	db    *db.DB
	clock *clock
	pages sync.Map // problem names whose page was found
}

// newSite builds the site as the app does, with cheap hashing and a clock
// fixed at an instant in UTC.
func newSite(t *testing.T) *site {
	t.Helper()
	return newSiteWith(t, func(*kconfig.Config) {})
}

// newSiteWith is newSite with settings changed by edit.
func newSiteWith(t *testing.T, edit func(*kconfig.Config)) *site {
	t.Helper()
	d := testkit.OpenDB(t)
	clk := &clock{t: time.Date(2026, 12, 1, 17, 0, 0, 0, time.UTC)}
	cfg := kconfig.Default()
	cfg.BaseURL = "http://knead.test"
	edit(&cfg)
	log := slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelError}))
	accounts, err := account.NewService(d, account.NewHasher(account.Cheap, 4), notify.NewMailer(log, clk.Now),
		clk.Now, cfg.BaseURL, log)
	if err != nil {
		t.Fatal(err)
	}
	bookings := booking.New(d, clk.Now).WithBookability(therapist.Bookability(cfg.CredentialRule))
	practices := practice.New(d, clk.Now)
	waiting := testkit.Waitlist(t, d, bookings, practices, clk.Now)
	cal := booking.NewCalendar(bookings, cfg.BaseURL)
	dir := directory.New(d, clk.Now, therapist.Bookability(cfg.CredentialRule))
	care := homecare.New(d, clk.Now)
	// The synthetic instruments stand for licensed ones a deployment installs.
	instruments, err := instrument.Load("../instrument/testdata/instruments")
	if err != nil {
		t.Fatal(err)
	}
	disability := instruments.OfKind(instrument.Disability)
	outcomes := outcome.New(d, clk.Now).WithHomeCare(care).WithIntake(intake.PainAverage).
		WithDisability(disability).WithInstrument(outcome.Responder(disability, intake.MeasureBaselines))
	w, err := web.New(web.Deps{Config: cfg, Log: log, DB: d, Metrics: metrics.New(d), Accounts: accounts,
		Booking: bookings, Calendar: cal, Practice: practices, Waitlist: waiting, Directory: dir, Outcome: outcomes,
		CheckIn: checkin.New(d, clk.Now), Sessions: web.NewSessions(cfg, d), Now: clk.Now, HomeCare: care,
		API: api.New(api.Deps{Log: log, DB: d, Accounts: accounts, Booking: bookings, Calendar: cal, Practice: practices,
			Waitlist: waiting, Screening: screening.New(d, clk.Now), CheckIn: checkin.New(d, clk.Now), Audit: audit.New(d), Directory: dir,
			Outcome: outcomes, Now: clk.Now, HomeCare: care, Intake: intake.New(d, instruments, clk.Now), Instruments: instruments})})
	if err != nil {
		t.Fatal(err)
	}
	return &site{web: w, h: w.Handler(), db: d, clock: clk}
}

// testWriter shows the server's error logs in the failing test's output.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(b []byte) (int, error) {
	w.t.Helper()
	w.t.Log(strings.TrimSpace(string(b)))
	return len(b), nil
}

// call is one request to the API.
type call struct {
	method, path string
	// body is sent as it is when a string or []byte, as JSON otherwise, and
	// not at all when nil.
	body   any
	token  string
	header map[string]string
	// from is the client's network address; 192.0.2.10 when empty.
	from string
	// chunked sends the body without a Content-Length.
	chunked bool
	// breaksContract marks a request that is wrong on purpose: only the
	// answer is checked against the document.
	breaksContract bool
}

// reply is the answer to a call.
type reply struct {
	status int
	header http.Header
	body   []byte
}

// json decodes the body as an object.
func (r reply) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("answer %d is not a JSON object: %v\n%s", r.status, err, r.body)
	}
	return m
}

// str returns a string member of the JSON body.
func (r reply) str(t *testing.T, name string) string {
	t.Helper()
	s, _ := r.json(t)[name].(string)
	return s
}

// problem returns the problem name of an error answer.
func (r reply) problem(t *testing.T) string {
	t.Helper()
	return strings.TrimPrefix(r.str(t, "type"), "/api/problems/")
}

// do sends c through the whole stack, then checks the request and the answer
// against openapi.json and the conventions of API.md: never a 5xx, errors as
// problem details whose type names a page that exists.
func (s *site) do(t *testing.T, c call) reply {
	t.Helper()
	var body []byte
	switch b := c.body.(type) {
	case nil:
	case string:
		body = []byte(b)
	case []byte:
		body = b
	default:
		var err error
		if body, err = json.Marshal(b); err != nil {
			t.Fatal(err)
		}
	}
	header := http.Header{}
	if c.body != nil {
		header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		header.Set("Authorization", "Bearer "+c.token)
	}
	for k, v := range c.header { // an empty value removes the header
		header.Del(k)
		if v != "" {
			header[http.CanonicalHeaderKey(k)] = []string{v}
		}
	}
	newRequest := func() *http.Request {
		r := httptest.NewRequest(c.method, c.path, bytes.NewReader(body))
		if c.body == nil {
			r.Body, r.ContentLength = http.NoBody, 0
		}
		if c.chunked {
			r.ContentLength = -1
		}
		r.Header = header.Clone()
		r.Host = "knead.test"
		r.RemoteAddr = c.from + ":41000"
		if c.from == "" {
			r.RemoteAddr = "192.0.2.10:41000"
		}
		return r
	}
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, newRequest())
	res := rec.Result()
	got := reply{status: res.StatusCode, header: res.Header, body: rec.Body.Bytes()}

	where := c.method + " " + c.path
	if got.status >= 500 {
		t.Errorf("%s: answered %d, never right for what a client sends:\n%.1000s", where, got.status, got.body)
	}
	if got.header.Get("X-Request-Id") == "" {
		t.Errorf("%s: no X-Request-Id", where)
	}
	if !c.breaksContract {
		for _, e := range validate(t, lenient, func(v validator.Validator) (bool, []*verror) {
			return v.ValidateHttpRequestSync(newRequest())
		}) {
			t.Errorf("%s: the request breaks openapi.json: %s", where, e)
		}
	}
	res.Body = io.NopCloser(bytes.NewReader(got.body))
	answers := strict
	if c.path == "/api/openapi.json" { // the document's own body is compared with the file
		answers = lenient
	}
	for _, e := range validate(t, answers, func(v validator.Validator) (bool, []*verror) {
		return v.ValidateHttpResponse(newRequest(), res)
	}) {
		t.Errorf("%s: the %d answer breaks openapi.json: %s\n%.1000s", where, got.status, e, got.body)
	}
	if got.status >= 400 {
		s.checkProblem(t, where, got)
	}
	return got
}

// checkProblem checks an error answer's form and that its type is a page.
func (s *site) checkProblem(t *testing.T, where string, r reply) {
	t.Helper()
	if ct := r.header.Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("%s: %d answered with Content-Type %q, want application/problem+json", where, r.status, ct)
		return
	}
	p := r.json(t)
	if st, _ := p["status"].(float64); int(st) != r.status {
		t.Errorf("%s: problem status %v, HTTP status %d", where, p["status"], r.status)
	}
	name := r.problem(t)
	if _, seen := s.pages.Load(name); seen {
		return
	}
	if !s.checkPage(t, name) {
		t.Errorf("%s: problem type %s has no page", where, api.ProblemType(name))
		return
	}
	s.pages.Store(name, true)
}

// missingPages are problem types the server sends whose explanation page
// is not written yet, with where it is owed. checkPage fails once such a
// page exists, so the name is taken off this list then.
var missingPages = map[string]string{}

// checkPage reports whether the problem type name has its page, treating
// a name of missingPages as having one (and failing when it really does).
func (s *site) checkPage(t *testing.T, name string) bool {
	t.Helper()
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, httptest.NewRequest("GET", api.ProblemType(name), nil))
	found := rec.Code == http.StatusOK && strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") &&
		strings.Contains(rec.Body.String(), name)
	if why, known := missingPages[name]; known {
		if found {
			t.Errorf("problem type %s has a page now: take it off missingPages", name)
		} else {
			t.Logf("problem type %s has no page yet (%s)", name, why)
		}
		return true
	}
	return found
}

type verror = verrors.ValidationError

// Two validators of the document: requests are checked as the API reads
// them (members it does not know are allowed and ignored); answers are
// checked strictly, so a member or header the server sends but the document
// does not declare fails a test. Give extra problem members (alternatives,
// conflicts) their own schema in the response that carries them.
var (
	lenient = sync.OnceValues(func() (validator.Validator, error) {
		return newValidator(config.WithFormatAssertions())
	})
	strict = sync.OnceValues(func() (validator.Validator, error) {
		return newValidator(config.WithFormatAssertions(), config.WithStrictMode(),
			// errors maps field names, which are not declared one by one;
			// names with dots or brackets (weekly[0].start) are written
			// $.body.errors['weekly[0].start'].
			config.WithStrictIgnorePaths("$.body.errors.*", "$.body.errors[**"),
			// set on every answer by the HTTP stack, not by the API
			config.WithStrictIgnoredHeadersExtra("Cache-Control", "Content-Security-Policy",
				"Cross-Origin-Opener-Policy", "Permissions-Policy", "Referrer-Policy",
				"X-Content-Type-Options", "X-Frame-Options", "Vary", "Set-Cookie", "Connection",
				"Access-Control-Allow-Origin", "Accept-Ranges"))
	})
	// The validator is not documented as safe for concurrent use.
	validatorMu sync.Mutex
)

func newValidator(opts ...config.Option) (validator.Validator, error) {
	spec, err := os.ReadFile("openapi.json")
	if err != nil {
		return nil, err
	}
	doc, err := libopenapi.NewDocument(spec)
	if err != nil {
		return nil, err
	}
	v, errs := validator.NewValidator(doc, opts...)
	if len(errs) > 0 {
		return nil, errs[0]
	}
	return v, nil
}

// validate runs one validation and returns its failures as text.
func validate(t *testing.T, which func() (validator.Validator, error), f func(validator.Validator) (bool, []*verror)) []string {
	t.Helper()
	v, err := which()
	if err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	validatorMu.Lock()
	ok, errs := f(v)
	validatorMu.Unlock()
	if ok {
		return nil
	}
	var out []string
	for _, e := range errs {
		msg := e.Message
		if e.Reason != "" {
			msg += " (" + e.Reason + ")"
		}
		for _, se := range e.SchemaValidationErrors {
			msg += "; " + se.Reason + " at " + se.KeywordLocation
		}
		out = append(out, msg)
	}
	if len(out) == 0 {
		out = []string{"invalid, with no reason given"}
	}
	return out
}

// signUp opens an account through the API and returns its ID.
func (s *site) signUp(t *testing.T, email, role string) string {
	t.Helper()
	r := s.do(t, call{method: "POST", path: "/api/v1/accounts", body: map[string]string{
		"email": email, "password": "correct horse battery", "name": "Test Person", "role": role}})
	if r.status != http.StatusCreated {
		t.Fatalf("sign up %s: %d %s", email, r.status, r.body)
	}
	return r.str(t, "id")
}

// token signs in through the API and returns a bearer token.
func (s *site) token(t *testing.T, email string) string {
	t.Helper()
	r := s.do(t, call{method: "POST", path: "/api/v1/tokens", from: "198.51.100.1",
		body: map[string]string{"email": email, "password": "correct horse battery"}})
	if r.status != http.StatusCreated {
		t.Fatalf("token for %s: %d %s", email, r.status, r.body)
	}
	return r.str(t, "token")
}

// count counts the rows of a table.
func (s *site) count(t *testing.T, table string) int {
	t.Helper()
	var n int
	if err := s.db.R().QueryRowContext(context.Background(), "select count(*) from "+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// newFormRequest is a browser's form post.
func newFormRequest(method, path, form string) *http.Request {
	r := httptest.NewRequest(method, path, strings.NewReader(form))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Host = "knead.test"
	return r
}

// serve sends a request that is not an API call (a page) through the stack.
func serve(s *site, r *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, r)
	return rec
}
