//go:build e2e

package e2e

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestPracticeSetUp signs up a new therapist and sets up a practice through
// the set-up page: a location, a service and weekly hours, each then listed.
// The page is checked (axe, CSP, console, both widths) empty, filled and
// with a refused form; the therapist home shows the checklist.
func TestPracticeSetUp(t *testing.T) {
	p := newPerson(t, "")
	p.open(t, "/signup")
	p.step(t, "choose the therapist role", chromedp.Click(chromedp.CSS(`input[name="role"][value="therapist"]`)))
	p.fill(t, [2]string{"#f-name", "Noor Haddad"}, [2]string{"#f-email", uniqueEmail("therapist")},
		[2]string{"#f-password", "hands that listen well"})
	if resp := p.press(t, button("Create account")); resp.Status != http.StatusOK || p.path(t) != "/therapist" {
		t.Fatalf("sign up: status %d at %s, want 200 at /therapist; errors: %q", resp.Status, p.path(t), p.text(t, "#form-errors"))
	}
	p.step(t, "the home loads the set-up checklist", chromedp.WaitVisible(chromedp.CSS(".setup-teaser #setup-checklist")))
	if got := p.text(t, ".setup-teaser #setup-checklist"); !strings.Contains(got, "0 of 4 done") {
		t.Errorf("therapist home checklist: %q, want it to say 0 of 4 done", got)
	}

	t.Run("empty", func(t *testing.T) {
		page := visitIn(t, p.ctx, "/therapist/setup")
		if page.status != http.StatusOK {
			t.Fatalf("/therapist/setup: status %d, want 200", page.status)
		}
		for sel, want := range map[string]string{"#services": "Add a location first", "#hours": "Add a location first",
			"#checklist": "Add your licence and a scan of it", "#rules": "2 hours’ notice"} {
			if got := page.text(t, sel); !strings.Contains(got, want) {
				t.Errorf("empty set-up page: %s says %q, want %q", sel, got, want)
			}
		}
		if got := page.value(t, "#rules-horizon_days"); got != "90" {
			t.Errorf("booking horizon %q, want the default 90", got)
		}
	})

	p.open(t, "/therapist/setup")
	p.fill(t, [2]string{"#locations-name", "Studio on Atlantic"}, [2]string{"#locations-address", "410 Atlantic Ave, Brooklyn"},
		[2]string{"#locations-lat", "40.6865"}, [2]string{"#locations-lon", "-73.9843"}, [2]string{"#locations-jurisdiction", "US-NY"})
	setupChoose(t, p, "#locations-time_zone", "America/New_York")
	setupSaved(t, p, "Add location", "Location added: Studio on Atlantic.")
	loc := p.attr(t, "[data-location]", "data-location")
	if got := p.text(t, "#locations .setup-list"); !strings.Contains(got, "410 Atlantic Ave") || !strings.Contains(got, "US-NY") {
		t.Errorf("locations list %q lacks the new location", got)
	}

	p.fill(t, [2]string{"#services-name", "Deep tissue for low back pain"}, [2]string{"#services-duration_minutes", "60"},
		[2]string{"#services-price", "95"}, [2]string{"#services-buffer_minutes", "15"})
	setupChoose(t, p, "#services-technique", "deep_tissue")
	if got := p.value(t, "#services-currency"); got != "USD" {
		t.Errorf("currency %q, want USD for a location in US-NY", got)
	}
	setupSaved(t, p, "Add service", "Service added: Deep tissue for low back pain.")
	if got := p.text(t, "#services .setup-list"); !strings.Contains(got, "Deep tissue for low back pain") || !strings.Contains(got, "95.00 USD") {
		t.Errorf("services list %q lacks the new service", got)
	}

	var hours [][2]string
	for _, day := range []string{"monday", "tuesday", "wednesday", "thursday", "friday"} {
		hours = append(hours, [2]string{"#hours-" + loc + "-" + day + "_1_start", "09:00"}, [2]string{"#hours-" + loc + "-" + day + "_1_end", "17:00"})
	}
	p.fill(t, hours...)
	setupSaved(t, p, "Save hours", "Your weekly hours are saved.")
	if got := p.value(t, "#hours-"+loc+"-friday_1_end"); got != "17:00" {
		t.Errorf("Friday ends at %q after saving, want 17:00", got)
	}
	if got := p.text(t, "#checklist"); !strings.Contains(got, "3 of 4 done") {
		t.Errorf("checklist after location, service and hours: %q, want 3 of 4 done", got)
	}

	t.Run("filled", func(t *testing.T) {
		page := visitIn(t, p.ctx, "/therapist/setup")
		if n := page.count(t, ".checklist__item--done"); n != 3 {
			t.Errorf("%d checklist items done, want 3", n)
		}
	})

	t.Run("change", func(t *testing.T) {
		p.step(t, "open the location's change form", chromedp.Click(chromedp.CSS("#location-"+loc+" summary")))
		if got := p.value(t, "#location-"+loc+"-name"); got != "Studio on Atlantic" {
			t.Errorf("the change form starts from %q, want the saved name", got)
		}
		p.fill(t, [2]string{"#location-" + loc + "-name", "Studio on Atlantic Ave"})
		setupSaved(t, p, "Save Studio on Atlantic", "Location saved: Studio on Atlantic Ave.")
		p.step(t, "open it again", chromedp.Click(chromedp.CSS("#location-"+loc+" summary")))
		p.check(t)
	})

	t.Run("refused", func(t *testing.T) {
		bad := &person{openTab(t, p.ctx, baseURL+"/therapist/setup/hours", personTimeout)}
		bad.open(t, "/therapist/setup")
		bad.fill(t, [2]string{"#hours-" + loc + "-saturday_1_start", "17:00"}, [2]string{"#hours-" + loc + "-saturday_1_end", "09:00"})
		if resp := bad.press(t, button("Save hours")); resp.Status != http.StatusUnprocessableEntity {
			t.Fatalf("hours ending before they start: status %d, want 422", resp.Status)
		}
		if got := bad.text(t, "#form-errors"); !strings.Contains(got, "Saturday: the end must be after the start.") {
			t.Errorf("error summary %q", got)
		}
		if got := bad.eval(t, `document.activeElement?.id ?? ""`); got != "form-errors" {
			t.Errorf("focus is on %q, want the error summary", got)
		}
		if got := bad.value(t, "#hours-"+loc+"-saturday_1_start"); got != "17:00" {
			t.Errorf("the refused input is not kept: %q", got)
		}
		bad.check(t)
	})

	t.Run("home", func(t *testing.T) {
		home := visitIn(t, p.ctx, "/therapist")
		p := &person{home}
		p.step(t, "the home loads the set-up checklist", chromedp.WaitVisible(chromedp.CSS(".setup-teaser #setup-checklist")))
		if got := home.text(t, ".setup-teaser #setup-checklist"); !strings.Contains(got, "3 of 4 done") {
			t.Errorf("therapist home checklist %q, want 3 of 4 done", got)
		}
		home.check(t)
	})
}

// setupChoose picks an option of a select.
func setupChoose(t *testing.T, p *person, sel, value string) {
	t.Helper()
	p.step(t, "choose "+value+" in "+sel, chromedp.WaitReady(chromedp.CSS(sel)),
		chromedp.Evaluate[chromedp.Void](`document.querySelector(`+jsString(sel)+`).value = `+jsString(value)))
	if got := p.value(t, sel); got != value {
		t.Fatalf("%s has no option %q", sel, value)
	}
}

// setupSaved presses a set-up form's button and expects the set-up page
// back with the flash.
func setupSaved(t *testing.T, p *person, label, flash string) {
	t.Helper()
	resp := p.press(t, button(label))
	if resp.Status != http.StatusOK || p.location(t).Path != "/therapist/setup" {
		t.Fatalf("%s: status %d at %s, want 200 at /therapist/setup; errors: %q", label, resp.Status, p.path(t), p.text(t, "#form-errors"))
	}
	if got := p.flash(t); got != flash {
		t.Errorf("%s: flash %q, want %q", label, got, flash)
	}
}
