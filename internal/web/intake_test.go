package web

import (
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
