//go:build e2e

package e2e

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestHomeCare follows a client who books a session; their therapist
// assigns cat-cow twice a day; the client, on a 375 px phone, ticks it off
// twice on "My home care" (swapped in place by htmx) and sees the
// adherence, then reads the session's after-care page. The public library
// pages are checked too.
func TestHomeCare(t *testing.T) {
	for _, path := range []string{"/care", "/care/cat-cow", "/care/foam-roller-upper-back"} {
		t.Run("visitor"+strings.ReplaceAll(path, "/", "-"), func(t *testing.T) {
			if p := visit(t, path); p.status != http.StatusOK {
				t.Fatalf("%s: status %d", path, p.status)
			}
		})
	}

	week := time.Now().AddDate(0, 0, 35).Format(time.DateOnly)
	therapistEmail, id := bookableDemoTherapist(t, week)
	client := signedIn(t, "client7@demo.knead.test", demoPassword, "/client")
	client.open(t, "/therapists/"+id+"?week="+week)
	if resp := client.press(t, chromedp.Search("(//a[@class='slot'])[1]")); resp.Status != http.StatusOK {
		t.Fatalf("pick a time: status %d", resp.Status)
	}
	if resp := client.press(t, button("Book")); resp.Status != http.StatusOK || client.path(t) != "/appointments" {
		t.Fatalf("book: status %d at %s; %q", resp.Status, client.path(t), client.text(t, "#form-errors"))
	}
	appt := client.eval(t, `[...document.querySelectorAll("[data-appointment]")].map(e => e.dataset.appointment)
		.sort((a, b) => b - a)[0] ?? ""`)
	client.open(t, "/api/v1/me")
	var me struct{ ID string }
	if err := json.Unmarshal([]byte(client.eval(t, `document.body.innerText`)), &me); err != nil || me.ID == "" || appt == "" {
		t.Fatalf("the client's id %q (%v), appointment %q", me.ID, err, appt)
	}

	therapist := signedIn(t, therapistEmail, demoPassword, "/therapist")
	if resp := therapist.open(t, "/clients/"+me.ID+"/care"); resp.Status != http.StatusOK {
		t.Fatalf("the client's home care: status %d", resp.Status)
	}
	checkStep(t, therapist, "therapist-before")
	therapist.step(t, "choose cat-cow", chromedp.SetValue(chromedp.CSS("#f-routine"), "cat-cow"))
	therapist.fill(t, [2]string{"#f-times", "2"}, [2]string{"#f-note", "Slowly, morning and evening."})
	therapist.step(t, "twice a day", chromedp.SetValue(chromedp.CSS("#f-per"), "day"))
	if resp := therapist.press(t, button("Assign")); resp.Status != http.StatusOK || therapist.flash(t) != "Cat-cow assigned." {
		t.Fatalf("assign: status %d, flash %q, errors %q", resp.Status, therapist.flash(t), therapist.text(t, "#form-errors"))
	}
	checkStep(t, therapist, "therapist-assigned")

	phone := viewports[1]
	client.step(t, "phone width", chromedp.EmulateViewport(phone.width, phone.height, phone.opts...))
	client.open(t, "/care/mine")
	if got := client.text(t, ".care-tick__count"); got != "Today: 0 of 2" {
		t.Fatalf("before ticking: %q", got)
	}
	checkStep(t, client, "client-before")
	client.eval(t, `String(window.__samePage = true)`)
	for _, want := range []string{"Today: 1 of 2", "Today: 2 of 2"} {
		client.step(t, "tick", chromedp.Click(chromedp.CSS(".care-tick__button")))
		waitFor(t, client, `document.querySelector(".care-tick__count")?.innerText.replace(/\s+/g, " ").trim() === `+jsString(want))
	}
	if client.eval(t, `String(window.__samePage === true)`) != "true" {
		t.Error("ticking loaded a whole new page, not just the list")
	}
	if got := client.text(t, ".adherence"); !strings.Contains(got, "Last 7 days 100 % (2 of 2 done)") {
		t.Errorf("adherence %q", got)
	}
	if got := client.text(t, ".care-status"); got != "Cat-cow: done 2 of 2 today." {
		t.Errorf("status %q", got)
	}
	checkStep(t, client, "client-done")

	if resp := client.open(t, "/appointments/"+appt+"/aftercare"); resp.Status != http.StatusOK {
		t.Fatalf("after-care: status %d", resp.Status)
	}
	if got := client.text(t, "#routines-title + ul"); !strings.Contains(got, "Cat-cow, 2 times a day") {
		t.Errorf("after-care routines %q", got)
	}
	checkStep(t, client, "aftercare")
	therapist.open(t, "/clients/"+me.ID+"/care")
	if got := therapist.text(t, ".adherence"); !strings.Contains(got, "100 %") {
		t.Errorf("the therapist sees adherence %q", got)
	}
	therapist.open(t, "/appointments/"+appt+"/aftercare")
	if got := therapist.attr(t, "#routines-title ~ p a", "href"); got != "/clients/"+me.ID+"/care" {
		t.Errorf("the therapist's after-care page links to %q", got)
	}
	checkStep(t, therapist, "therapist-aftercare")
}
