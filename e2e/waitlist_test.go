//go:build e2e

package e2e

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

var minutesIn = regexp.MustCompile(`(\d+) minutes`)

// TestWaitlistOfferAccepted follows a client who joins a waitlist for a
// time another client has booked; the other cancels, and the first sees
// the offer on "My appointments" and books it.
func TestWaitlistOfferAccepted(t *testing.T) {
	week := time.Now().AddDate(0, 0, 28).Format(time.DateOnly)
	_, id := bookableDemoTherapist(t, week)
	profile := "/therapists/" + id + "?week=" + week

	booker := signedIn(t, "client4@demo.knead.test", demoPassword, "/client")
	booker.open(t, "/appointments")
	// Demo clients may have sessions already: the one booked here is the
	// one that was not listed before.
	before := booker.eval(t, `[...document.querySelectorAll("[data-appointment]")].map(e => e.dataset.appointment).join(",")`)
	booker.open(t, profile)
	if resp := booker.press(t, chromedp.Search("(//a[@class='slot'])[1]")); resp.Status != http.StatusOK {
		t.Fatalf("pick a time: status %d", resp.Status)
	}
	bookURL := booker.location(t)
	start, err := time.Parse(time.RFC3339, bookURL.Query().Get("start"))
	if err != nil {
		t.Fatalf("the book page's address names no start: %s", bookURL)
	}
	m := minutesIn.FindStringSubmatch(booker.text(t, ".summary"))
	if m == nil {
		t.Fatalf("no session length on the book page: %q", booker.text(t, ".summary"))
	}
	minutes, _ := strconv.Atoi(m[1])
	service := bookURL.Query().Get("service")
	if resp := booker.press(t, button("Book")); resp.Status != http.StatusOK || booker.path(t) != "/appointments" {
		t.Fatalf("book: status %d at %s", resp.Status, booker.path(t))
	}

	// The waiter asks for exactly that time: only it fits the window.
	waiter := signedIn(t, "client5@demo.knead.test", demoPassword, "/client")
	waiter.open(t, "/therapists/"+id+"/waitlist?service="+url.QueryEscape(service))
	checkStep(t, waiter, "join")
	day := start.Format(time.DateOnly)
	end := start.Add(time.Duration(minutes) * time.Minute)
	waiter.step(t, "fill the waitlist form", chromedp.Evaluate[chromedp.Void](`(() => {
		const set = (id, v) => { document.getElementById(id).value = v; };
		set("f-from", `+jsString(day)+`); set("f-to", `+jsString(start.AddDate(0, 0, 1).Format(time.DateOnly))+`);
		set("f-window_start", `+jsString(start.Format("15:04"))+`); set("f-window_end", `+jsString(end.Format("15:04"))+`);
	})()`))
	if resp := waiter.press(t, button("Join the waitlist")); resp.Status != http.StatusOK || waiter.path(t) != "/appointments" {
		t.Fatalf("join: status %d at %s; errors %q", resp.Status, waiter.path(t), waiter.text(t, "#form-errors"))
	}
	if got := waiter.text(t, "#waitlist"); !strings.Contains(got, "Waiting") {
		t.Fatalf("waitlist section %q, want the entry waiting", got)
	}

	// The booker cancels; the time is held for the waiter at once.
	appt := booker.eval(t, `[...document.querySelectorAll("[data-appointment]")].map(e => e.dataset.appointment)
		.find(id => !`+jsString(","+before+",")+`.includes("," + id + ",")) ?? ""`)
	if appt == "" {
		t.Fatal("the new booking is not among the booker's appointments")
	}
	booker.step(t, "open cancel", chromedp.Click(chromedp.CSS("#appt-"+appt+" summary")))
	booker.press(t, chromedp.Search("//li[@id='appt-"+appt+"']//button[normalize-space()='Cancel this session']"))
	if got := booker.flash(t); !strings.HasPrefix(got, "Cancelled: ") {
		t.Fatalf("cancel: flash %q", got)
	}

	waiter.open(t, "/appointments")
	if got := waiter.text(t, "#waitlist .wait__offer"); !strings.Contains(got, "A time opened for you") {
		t.Fatalf("offer %q", got)
	}
	checkStep(t, waiter, "offer")
	if resp := waiter.press(t, button("Book this time")); resp.Status != http.StatusOK {
		t.Fatalf("accept: status %d", resp.Status)
	}
	if got := waiter.flash(t); !strings.HasPrefix(got, "Booked: ") {
		t.Errorf("accept: flash %q", got)
	}
	if n := waiter.count(t, "#waitlist"); n != 0 {
		t.Error("the waitlist still shows the entry after booking")
	}
	if n := waiter.count(t, "[data-appointment]"); n < 1 {
		t.Error("the booked time is not among the appointments")
	}
}
