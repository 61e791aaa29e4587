//go:build e2e

package e2e

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// newClient signs up a new client in a browser of their own; documentURL
// is as for newPerson.
func newClient(t *testing.T, name, documentURL string) *person {
	t.Helper()
	p := newPerson(t, documentURL)
	p.open(t, "/signup")
	p.fill(t, [2]string{"#f-name", name}, [2]string{"#f-email", uniqueEmail("intake")},
		[2]string{"#f-password", "a quiet walk by the river"})
	if resp := p.press(t, button("Create account")); resp.Status != http.StatusOK || p.path(t) != "/client" {
		t.Fatalf("sign up: status %d at %s", resp.Status, p.path(t))
	}
	return p
}

// answerAllNo ticks "No" on every screening question and fills in an
// adult's date of birth.
func answerAllNo(t *testing.T, p *person) {
	t.Helper()
	p.eval(t, `String(document.querySelectorAll('input[type=radio][value=no]').forEach(i => i.checked = true))`)
	p.step(t, "date of birth", chromedp.SetValue("#f-date_of_birth", "1980-04-23"))
}

// TestScreeningEmergency: saddle numbness is an emergency: the result says
// to call emergency services now, with the number, and offers neither
// search nor booking. Unanswered questions come back named first.
func TestScreeningEmergency(t *testing.T) {
	p := newClient(t, "Sam Reyes", baseURL+"/screening") // the unanswered form is a 422
	p.open(t, "/screening")
	checkStep(t, p, "screening-form")

	resp := p.press(t, button("See my result"))
	if resp.Status != http.StatusUnprocessableEntity || p.count(t, "#form-errors li") != 39 {
		t.Fatalf("an empty screening: status %d, %d unanswered named, want 422 and 39", resp.Status, p.count(t, "#form-errors li"))
	}
	checkStep(t, p, "screening-unanswered")

	answerAllNo(t, p)
	p.step(t, "saddle numbness", chromedp.Click(`input[name="RF-01"][value="yes"]`))
	if resp := p.press(t, button("See my result")); resp.Status != http.StatusOK || !strings.HasPrefix(p.path(t), "/screening/") {
		t.Fatalf("screening: status %d at %s", resp.Status, p.path(t))
	}
	if got := p.text(t, "h1"); got != "Call emergency services now" {
		t.Errorf("heading %q", got)
	}
	if n := p.count(t, `#emergency a[href^="tel:"]`); n != 1 {
		t.Errorf("%d emergency numbers to call, want 1", n)
	}
	for _, sel := range []string{`a[href^="/therapists"]`, `a[href*="/book"]`, `a[href="/guidance"]`, `#clearance-form`} {
		if n := p.count(t, sel); n != 0 {
			t.Errorf("the emergency page has %d %s", n, sel)
		}
	}
	checkStep(t, p, "screening-emergency")
	p.open(t, "/guidance")
	if n := p.count(t, `a[href^="/therapists"]`); n != 0 || p.count(t, "#emergency") != 1 {
		t.Errorf("guidance after an emergency: %d search links, emergency message %d", n, p.count(t, "#emergency"))
	}
	checkStep(t, p, "guidance-emergency")
}

// TestCleanIntakeToSearch walks a clean intake through every step — the
// body map, pain, other care, preferences, goals, the installed
// questionnaire, the screening and the consent — to the guidance page,
// whose "Find therapists for me" opens a search with results.
func TestCleanIntakeToSearch(t *testing.T) {
	p := newClient(t, "Ana Lima", "")
	p.press(t, link("Start or continue your intake"))
	if got := p.path(t); got != "/intake/where" {
		t.Fatalf("the intake starts at %s", got)
	}
	// The body map ticks the checkbox; the checkbox paints the map.
	p.step(t, "tap the low back", chromedp.Click(`rect[data-region="low_back_centre"]`))
	if !p.checked(t, `input[name="regions"][value="low_back_centre"]`) {
		t.Error("tapping the body map did not tick its checkbox")
	}
	p.step(t, "tick a buttock", chromedp.Click(`input[name="regions"][value="buttock_left"]`))
	if n := p.count(t, "rect.is-on"); n != 2 {
		t.Errorf("%d regions painted, want 2", n)
	}
	checkStep(t, p, "intake-where")
	next := func(want string) {
		t.Helper()
		if resp := p.press(t, button("Save and continue")); resp.Status != http.StatusOK || p.path(t) != want {
			t.Fatalf("save: status %d at %s, want %s; errors %q", resp.Status, p.path(t), want, p.text(t, "#form-errors"))
		}
	}
	next("/intake/pain")
	for _, c := range []string{`input[name="since"][value="chronic"]`, `input[name="now"][value="5"]`,
		`input[name="average"][value="4"]`, `input[name="worst"][value="7"]`} {
		p.step(t, c, chromedp.Click(c))
	}
	p.fill(t, [2]string{"#f-worse", "Sitting at my desk"})
	checkStep(t, p, "intake-pain")
	next("/intake/care")
	p.step(t, "physio", chromedp.Click(`input[name="other"][value="physiotherapy"]`),
		chromedp.Click(`input[name="earlier_massage"][value="helped"]`))
	checkStep(t, p, "intake-care")
	next("/intake/preferences")
	p.step(t, "swedish", chromedp.Click(`input[name="technique"][value="swedish"]`),
		chromedp.SetValue("#f-language", "en"))
	checkStep(t, p, "intake-preferences")
	next("/intake/goals")
	p.fill(t, [2]string{"#f-goals", "Sit through a working day"})
	checkStep(t, p, "intake-goals")
	next("/intake/measures")
	p.eval(t, `String(document.querySelectorAll('input[type=radio][value="0"]').forEach(i => i.checked = true))`)
	checkStep(t, p, "intake-measures")
	if resp := p.press(t, button("Save and continue")); resp.Status != http.StatusOK || p.path(t) != "/screening?from=intake" {
		t.Fatalf("measures: status %d at %s", resp.Status, p.path(t))
	}
	answerAllNo(t, p)
	p.press(t, button("See my result"))
	if got := p.attr(t, "#result-heading", "data-tier"); got != "none" {
		t.Fatalf("a clean screening is %q", got)
	}
	checkStep(t, p, "intake-screening-result")
	p.press(t, link("Continue your intake"))
	if got := p.path(t); got != "/intake/consent" {
		t.Fatalf("after the screening: %s", got)
	}
	p.fill(t, [2]string{"#f-consent_name", "Ana Lima"})
	checkStep(t, p, "intake-consent")
	if resp := p.press(t, button("I agree: submit my intake")); resp.Status != http.StatusOK || p.path(t) != "/guidance" {
		t.Fatalf("consent: status %d at %s", resp.Status, p.path(t))
	}
	find := p.attr(t, "#find-therapists", "href")
	if !strings.Contains(find, "technique=swedish") || !strings.Contains(find, "language=en") {
		t.Errorf("find link %q lacks the preferences", find)
	}
	checkStep(t, p, "guidance")
	p.press(t, chromedp.Search("#find-therapists"))
	if n := p.count(t, "#search-results .result"); n == 0 {
		t.Fatalf("the search %s shows no therapists", find)
	}
	if got := p.value(t, "#f-technique"); got != "swedish" {
		t.Errorf("the search form's technique is %q", got)
	}
	checkStep(t, p, "guidance-search")

	// The same search over next week offers free times; the first one books.
	from := time.Now().AddDate(0, 0, 7).Format(time.DateOnly)
	to := time.Now().AddDate(0, 0, 13).Format(time.DateOnly)
	p.open(t, p.eval(t, `location.pathname + location.search`)+"&from="+from+"&to="+to)
	slot := p.eval(t, `document.querySelector("#search-results a.slot")?.getAttribute("href") ?? ""`)
	if slot == "" {
		t.Fatalf("the pre-filtered search over %s to %s offers no free time", from, to)
	}
	p.open(t, slot)
	if resp := p.press(t, button("Book")); resp.Status != http.StatusOK || p.path(t) != "/appointments" {
		t.Fatalf("book: status %d at %s; error: %q", resp.Status, p.path(t), p.text(t, "#form-errors"))
	}
	if got := p.flash(t); !strings.HasPrefix(got, "Booked") {
		t.Errorf("flash %q, want the session booked", got)
	}
	p.open(t, "/intake")
	checkStep(t, p, "intake-summary")
	p.open(t, "/account/access")
	if got := p.text(t, "main"); !strings.Contains(got, "opened your intake") || !strings.Contains(got, "submitted your intake") {
		t.Errorf("the access log does not show the intake's reads and submission:\n%s", got)
	}
	checkStep(t, p, "access-log")
}
