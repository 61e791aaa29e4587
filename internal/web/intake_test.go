package web

import (
	"context"
	"net/http/httptest"
	"time"

	"github.com/knead/knead/internal/instrument"
	"github.com/knead/knead/internal/testkit"
	"github.com/knead/knead/internal/triage"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

func TestIntakeWalkThrough(t *testing.T) {
	srv, _, _ := newSiteServer(t)
	b := newBrowser(t, srv)
	b.signUp("intake@example.test", "client")
	next := func(res *http.Response, body string) string {
		t.Helper()
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("status %d, want 303\n%.600s", res.StatusCode, body)
		}
		return res.Header.Get("Location")
	}
	if to := next(b.do("GET", "/intake", nil)); to != "/intake/where" {
		t.Fatalf("a new intake starts at %q", to)
	}
	res, body := b.do("POST", "/intake/where", url.Values{})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#f-regions"`) {
		t.Fatalf("no region: %d", res.StatusCode)
	}
	steps := []struct {
		step string
		form url.Values
		next string
	}{
		{"where", url.Values{"regions": {"low_back_centre", "buttock_left"}}, "/intake/pain"},
		{"pain", url.Values{"since": {"chronic"}, "now": {"5"}, "average": {"4"}, "worst": {"8"}, "worse": {"Sitting"}}, "/intake/care"},
		{"care", url.Values{"other": {"physiotherapy"}, "earlier_massage": {"helped"}}, "/intake/preferences"},
		{"preferences", url.Values{"technique": {"swedish"}, "pressure": {"medium"}, "gender": {""}, "language": {"en"}}, "/intake/goals"},
		{"goals", url.Values{"goals": {"Sit through a working day."}}, "/intake/measures"},
	}
	for _, st := range steps {
		if to := next(b.do("POST", "/intake/"+st.step, st.form)); to != st.next {
			t.Fatalf("after %s: %q, want %q", st.step, to, st.next)
		}
	}
	// Resuming shows what was saved.
	if _, body := b.do("GET", "/intake/pain", nil); !strings.Contains(body, `name="now" value="5" checked`) {
		t.Error("the pain step does not show the saved answer")
	}
	// The disability instrument installed is asked; a missing item is named.
	measures := url.Values{}
	for i := 1; i <= 24; i++ {
		measures.Set("synthetic-disability.s"+itoa(i), "0")
	}
	measures.Del("synthetic-disability.s24")
	res, body = b.do("POST", "/intake/measures", measures)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#f-synthetic-disability.s24"`) {
		t.Fatalf("a missing item: %d", res.StatusCode)
	}
	measures.Set("synthetic-disability.s24", "1")
	if to := next(b.do("POST", "/intake/measures", measures)); to != "/intake/screening" {
		t.Fatalf("after measures: %q", to)
	}
	if to := next(b.do("GET", "/intake/screening", nil)); to != "/screening?from=intake" {
		t.Fatalf("the screening step goes to %q", to)
	}
	f := allNo()
	f.Set("from", "intake")
	result := next(b.do("POST", "/screening", f))
	if _, body := b.do("GET", result, nil); !strings.Contains(body, `href="/intake">Continue your intake`) {
		t.Error("the result does not lead back to the intake")
	}
	if to := next(b.do("GET", "/intake", nil)); to != "/intake/consent" {
		t.Fatalf("after the screening: %q", to)
	}
	res, _ = b.do("POST", "/intake/consent", url.Values{"consent_name": {""}, "consent_version": {"2026-11.1"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("no name: %d", res.StatusCode)
	}
	if to := next(b.do("POST", "/intake/consent", url.Values{"consent_name": {"Ann Lee"}, "consent_version": {"2026-11.1"}})); to != "/guidance" {
		t.Fatalf("after consent: %q", to)
	}
	_, body = b.do("GET", "/guidance", nil)
	if !strings.Contains(body, `id="find-therapists" href="/therapists?language=en&amp;technique=swedish"`) {
		t.Errorf("guidance's find link does not carry the preferences")
	}
	if _, body := b.do("GET", "/intake", nil); !strings.Contains(body, "Low back, centre") || !strings.Contains(body, "Given by Ann Lee") {
		t.Error("the submitted intake's summary is missing answers")
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

func cautionResult() triage.Result {
	f := allNo()
	f.Set("CI-03", triage.Yes)
	in := screeningInput(Form{Values: f})
	r, err := triage.Evaluate(in.Answers, in.Conditions, in.DateOfBirth, time.Now())
	if err != nil {
		panic(err)
	}
	return r
}

func screeningFixture() screeningFormView {
	s := &Server{}
	return s.screeningFormOf(Form{Values: url.Values{"RF-01": {"yes"}}, Errors: map[string]string{"RF-02": "Answer", "date_of_birth": "Give"}})
}

func resultFixture() resultPage {
	return resultPage{Tier: "caution", Heading: "You can book", Advice: "Adapted", Blocks: true, Clearable: true, ClearanceID: 1,
		Flagged: []question{{ID: "CI-03", Short: "Blood thinners"}}, Guidance: guidanceRows(cautionResult()), ShowIntake: true,
		Form: Form{Errors: map[string]string{"clinician": "Name"}}}
}

func stepFixture(step string) intakeStepView {
	return intakeStepView{Step: step, Heading: "Step", Number: 1, Total: 8, Scale: []int{0, 1, 2},
		Progress: []stepNav{{step, "Step", true}}, Errors: []question{{ID: "regions", Error: "Tick"}},
		Form: Form{Values: url.Values{"regions": {"neck"}, "now": {"1"}}, Errors: map[string]string{"regions": "Tick"}},
		Choices: map[string][]choice{"regions": regionChoices, "since": sinceChoices, "other": careChoices, "earlier": earlierChoices,
			"pressure": pressureChoices, "technique": techniqueChoices, "gender": genderChoices, "language": searchChoices.Languages},
		Instruments: []instrument.Definition{{ID: "x", Name: "X", Items: []instrument.Item{{ID: "a", Text: "A?",
			Answers: []instrument.Answer{{Value: 0, Label: "No"}, {Value: 1, Label: "Yes"}}}}}}}
}

// Every step of the intake page renders.
func TestIntakeStepsRender(t *testing.T) {
	s := &Server{Deps: Deps{Log: testkit.Logger()}, version: "test"}
	var err error
	if s.pages, err = parsePages(); err != nil {
		t.Fatal(err)
	}
	for _, step := range []string{"where", "pain", "care", "preferences", "goals", "measures"} {
		rec := httptest.NewRecorder()
		s.render(rec, httptest.NewRequest("GET", "/", nil), 200, "intake_step", stepFixture(step))
		if rec.Code != 200 || !strings.Contains(rec.Body.String(), "</html>") {
			t.Errorf("step %s: %d %.300s", step, rec.Code, rec.Body.String())
		}
	}
}

// submitQuickly posts a whole clean intake for the signed-in client.
func submitQuickly(t *testing.T, b *browser) {
	t.Helper()
	measures := url.Values{}
	for i := 1; i <= 24; i++ {
		measures.Set("synthetic-disability.s"+itoa(i), "0")
	}
	screening := allNo()
	screening.Set("from", "intake")
	for _, st := range []struct {
		path string
		form url.Values
	}{
		{"/intake/where", url.Values{"regions": {"neck"}}},
		{"/intake/pain", url.Values{"since": {"acute"}, "now": {"3"}, "average": {"3"}, "worst": {"5"}}},
		{"/intake/care", url.Values{"earlier_massage": {"never"}}},
		{"/intake/preferences", url.Values{}},
		{"/intake/goals", url.Values{"goals": {"Walk the dog"}}},
		{"/intake/measures", measures},
		{"/screening", screening},
		{"/intake/consent", url.Values{"consent_name": {"Owner"}, "consent_version": {"2026-11.1"}}},
	} {
		if res, body := b.do("POST", st.path, st.form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: %d\n%.500s", st.path, res.StatusCode, body)
		}
	}
}

// A therapist with no care relationship, and another client, cannot open a
// client's intake summary; the client can.
func TestClientIntakePageAccess(t *testing.T) {
	srv, s, _ := newSiteServer(t)
	client := newBrowser(t, srv)
	client.signUp("owner@example.test", "client")
	submitQuickly(t, client)
	var id int64
	if err := s.DB.R().QueryRowContext(context.Background(), "select id from app_user where email = $1", "owner@example.test").Scan(&id); err != nil {
		t.Fatal(err)
	}
	path := "/clients/" + strconv.FormatInt(id, 10) + "/intake"
	if res, body := client.do("GET", path, nil); res.StatusCode != 200 || !strings.Contains(body, "Walk the dog") {
		t.Errorf("the client's own summary: %d", res.StatusCode)
	}
	for _, who := range []string{"therapist", "client"} {
		b := newBrowser(t, srv)
		b.signUp("other-"+who+"@example.test", who)
		if res, _ := b.do("GET", path, nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("a %s not in care: %d, want 404", who, res.StatusCode)
		}
	}
}

func TestScreeningStepNumberInIntake(t *testing.T) {
	srv, _, _ := newSiteServer(t)
	b := newBrowser(t, srv)
	b.signUp("steps@example.test", "client")
	// where, pain, care, preferences, goals, measures (installed), screening, consent
	if _, body := b.do("GET", "/screening?from=intake", nil); !strings.Contains(body, "Intake · step 7 of 8") {
		t.Error("the screening does not show its place in the intake")
	}
}
