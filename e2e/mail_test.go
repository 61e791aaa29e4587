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

// TestBookingMailsOnTheOutbox books a session as a client and finds its
// confirmation on the admin's outbox page; cancels it and finds the notice;
// and checks the jobs page and the email preferences. The notices are
// written by a background job of the server process, so the outbox is
// reloaded until the message is there (a deadline, not a fixed wait).
func TestBookingMailsOnTheOutbox(t *testing.T) {
	const clientEmail = "client7@demo.knead.test"
	week := time.Now().AddDate(0, 0, 21).Format(time.DateOnly)
	_, id := bookableDemoTherapist(t, week)
	client := signedIn(t, clientEmail, demoPassword, "/client")
	client.open(t, "/therapists/"+id+"?week="+week)
	client.press(t, chromedp.Search("(//a[@class='slot'])[1]"))
	if resp := client.press(t, button("Book")); resp.Status != http.StatusOK || client.path(t) != "/appointments" {
		t.Fatalf("book: status %d at %s; error: %q", resp.Status, client.path(t), client.text(t, "#form-errors"))
	}
	appt := client.eval(t, `document.querySelector("[data-appointment]").dataset.appointment`)

	admin := signedIn(t, demoAdmin, demoPassword, "/admin")
	confirmation := waitMail(t, admin, clientEmail, "Booked: ")
	for _, want := range []string{"Your session is booked.", "/appointments", "calendar file attached", "/account/notifications"} {
		if !strings.Contains(confirmation.Body, want) {
			t.Errorf("confirmation lacks %q:\n%s", want, confirmation.Body)
		}
	}
	checkStep(t, admin, "outbox-confirmation")

	client.open(t, "/appointments")
	client.step(t, "open cancel", chromedp.Click(chromedp.CSS("#appt-"+appt+" summary")))
	client.press(t, chromedp.Search("//li[@id='appt-"+appt+"']//button[normalize-space()='Cancel this session']"))
	if got := client.flash(t); !strings.HasPrefix(got, "Cancelled: ") {
		t.Fatalf("after cancelling: flash %q", got)
	}
	notice := waitMail(t, admin, clientEmail, "Cancelled: ")
	if !strings.Contains(notice.Body, "You cancelled this session.") {
		t.Errorf("cancellation notice:\n%s", notice.Body)
	}
	checkStep(t, admin, "outbox-cancellation")

	admin.open(t, "/admin/jobs?state=done")
	if n := admin.count(t, `[data-kind="booking_notice"]`); n < 2 {
		t.Errorf("%d booking notice jobs done, want at least 2", n)
	}
	checkStep(t, admin, "jobs-done")
	admin.open(t, "/admin/jobs")
	checkStep(t, admin, "jobs-failed")

	client.open(t, "/account/notifications")
	client.step(t, "turn reminders off", chromedp.Click(chromedp.CSS("#f-reminders")))
	client.press(t, button("Save preferences"))
	if got := client.flash(t); got != "Your email preferences are saved." {
		t.Errorf("preferences: flash %q", got)
	}
	if client.eval(t, `String(document.querySelector("#f-reminders").checked)`) != "false" {
		t.Error("reminders are still on")
	}
	checkStep(t, client, "preferences")
}

// waitMail reloads the outbox until it holds a message to address whose
// subject starts with prefix.
func waitMail(t *testing.T, admin *person, address, prefix string) outboxMessage {
	t.Helper()
	deadline := time.Now().Add(stepTimeout)
	for {
		admin.open(t, "/admin/outbox")
		js := `JSON.stringify([...document.querySelectorAll("[data-outbox]")].map((li) => ({
	id: Number(li.dataset.outbox),
	subject: li.querySelector("h2")?.innerText ?? "",
	meta: li.querySelector("p")?.innerText ?? "",
	body: li.querySelector("pre")?.textContent ?? "",
})))`
		var msgs []outboxMessage
		if err := json.Unmarshal([]byte(admin.eval(t, js)), &msgs); err != nil {
			t.Fatalf("read the outbox: %v", err)
		}
		for _, m := range msgs {
			if strings.HasPrefix(m.Subject, prefix) && strings.Contains(m.Meta, "<"+address+">") {
				return m
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no %q message to %s on the outbox after %s", prefix, address, stepTimeout)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
