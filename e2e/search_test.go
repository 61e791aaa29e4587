//go:build e2e

package e2e

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestSearchAndBook is issue 6's journey: a client searches near a demo
// city for deep tissue with an evening slot next week, opens a result and
// books its first slot. The results come through htmx as the form is sent;
// every page is checked for console errors, CSP violations and axe-core.
func TestSearchAndBook(t *testing.T) {
	now := time.Now()
	monday := now.AddDate(0, 0, 8-int(now.Weekday())) // next week's Monday (7 days on when today is Monday)
	if now.Weekday() == time.Sunday {
		monday = now.AddDate(0, 0, 1)
	}
	from, to := monday.Format(time.DateOnly), monday.AddDate(0, 0, 6).Format(time.DateOnly)

	client := signedIn(t, demoClient, demoPassword, "/client")
	client.open(t, "/therapists")
	checkStep(t, client, "search-form")
	client.fill(t, [2]string{"#f-place", "New York"}, [2]string{"#f-after", "17:00"})
	client.step(t, "choose", chromedp.SetValue("#f-technique", "deep_tissue"), chromedp.SetValue("#f-from", from),
		chromedp.SetValue("#f-to", to))
	client.eval(t, `String(window.__samePage = true)`)
	client.step(t, "search", chromedp.Click(chromedp.Search("//button[normalize-space()='Search']")))
	waitFor(t, client, `document.querySelectorAll("#search-results a.slot").length > 0`)
	if client.eval(t, `String(window.__samePage === true)`) != "true" {
		t.Error("the search loaded a whole new page, not just the results")
	}
	if q := client.eval(t, `location.search`); !strings.Contains(q, "technique=deep_tissue") || !strings.Contains(q, "after=17") {
		t.Errorf("the address %q does not keep the search", q)
	}
	checkStep(t, client, "search-results")

	// Every slot offered starts at 17:00 or later, next week.
	for _, start := range strings.Split(client.eval(t, `[...document.querySelectorAll("#search-results a.slot")].map(a => a.dataset.slot).join(" ")`), " ") {
		if start[:10] < from || start[:10] > to || start[11:16] < "17:00" {
			t.Errorf("slot %s is outside next week's evenings (%s to %s)", start, from, to)
		}
	}
	first := `document.querySelector("#search-results .result")`
	slot := client.eval(t, first+`.querySelector("a.slot").getAttribute("href")`)

	resp := client.press(t, chromedp.Search(`(//li[contains(@class,'result')]//a[@class='card__link'])[1]`))
	if resp.Status != http.StatusOK || !strings.HasPrefix(client.path(t), "/therapists/") {
		t.Fatalf("open a result: status %d at %s", resp.Status, client.path(t))
	}
	checkStep(t, client, "result-profile")

	if resp := client.open(t, slot); resp.Status != http.StatusOK {
		t.Fatalf("the first slot's booking page: status %d", resp.Status)
	}
	checkStep(t, client, "book")
	resp = client.press(t, button("Book"))
	if resp.Status != http.StatusOK || client.path(t) != "/appointments" {
		t.Fatalf("book: status %d at %s; error: %q", resp.Status, client.path(t), client.text(t, "#form-errors"))
	}
	if got := client.flash(t); !strings.HasPrefix(got, "Booked") {
		t.Errorf("flash %q, want it to say the session was booked", got)
	}
}
