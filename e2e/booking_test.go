//go:build e2e

package e2e

import (
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBookingSeriesAndCalendar follows a client booking a weekly series of
// six from a demo therapist's profile, cancelling one occurrence, and the
// therapist seeing the change in their calendar. Every page is checked for
// console errors, CSP violations and axe-core WCAG 2 A/AA at both widths.
func TestBookingSeriesAndCalendar(t *testing.T) {
	week := time.Now().AddDate(0, 0, 7).Format(time.DateOnly)
	therapistEmail, id := bookableDemoTherapist(t, week)
	profile := "/therapists/" + id + "?week=" + week

	t.Run("visitor-profile", func(t *testing.T) {
		p := visit(t, profile)
		if p.status != http.StatusOK {
			t.Fatalf("%s: status %d", profile, p.status)
		}
		// The id address redirects to the readable one, which the link names.
		if got, here := p.attr(t, ".book-hint a", "href"), p.location(t); got != "/signin?next="+url.QueryEscape(here.RequestURI()) ||
			here.Path == "/therapists/"+id {
			t.Errorf("sign-in link %q at %s, want back to the profile's readable address", got, here)
		}
	})

	client := signedIn(t, demoClient, demoPassword, "/client")
	clientName := strings.TrimPrefix(client.text(t, "h1"), "Hello, ")
	client.open(t, profile)
	checkStep(t, client, "profile")
	firstRange := client.text(t, "#week-range")

	// The week navigation swaps only the free times (htmx) and keeps the address.
	client.eval(t, `String(window.__samePage = true)`)
	client.step(t, "next week", chromedp.Click(chromedp.Search("//a[normalize-space()='Next week →']")))
	waitFor(t, client, `document.querySelector("#week-range")?.innerText !== `+jsString(firstRange)+
		` && location.search.includes("week=")`)
	if client.eval(t, `String(window.__samePage === true)`) != "true" {
		t.Error("the next week loaded a whole new page, not just the free times")
	}
	checkStep(t, client, "profile-next-week")
	client.open(t, profile)

	resp := client.press(t, chromedp.Search("(//a[@class='slot'])[1]"))
	bookPath := client.path(t)
	if resp.Status != http.StatusOK || !strings.HasPrefix(bookPath, "/therapists/"+id+"/book?") {
		t.Fatalf("pick a time: status %d at %s", resp.Status, bookPath)
	}
	checkStep(t, client, "book")
	client.step(t, "repeat weekly", chromedp.Click(chromedp.Search("//input[@name='every_weeks' and @value='1']")))
	client.fill(t, [2]string{"#f-count", "6"})
	resp = client.press(t, button("Book"))
	if resp.Status != http.StatusOK || client.path(t) != "/appointments" {
		t.Fatalf("book a series: status %d at %s; error: %q", resp.Status, client.path(t), client.text(t, "#form-errors"))
	}
	if got := client.flash(t); !strings.HasPrefix(got, "Booked 6 sessions of ") {
		t.Errorf("flash %q, want it to say 6 sessions were booked", got)
	}
	if n := client.count(t, "[data-series] [data-appointment]"); n != 6 {
		t.Fatalf("%d occurrences in the series block, want 6", n)
	}
	checkStep(t, client, "appointments")

	// Cancel the third occurrence.
	third := client.eval(t, `document.querySelectorAll("[data-series] [data-appointment]")[2].dataset.appointment`)
	start := client.eval(t, `document.querySelector("#appt-`+third+` input[name=from]").value`)
	client.step(t, "open cancel", chromedp.Click(chromedp.CSS("#appt-"+third+" summary")))
	client.fill(t, [2]string{"#reason-" + third, "Away that week"})
	client.press(t, chromedp.Search("//li[@id='appt-"+third+"']//button[normalize-space()='Cancel this session']"))
	if got := client.flash(t); !strings.HasPrefix(got, "Cancelled: ") {
		t.Errorf("after cancelling: flash %q", got)
	}
	if got := client.text(t, "#appt-"+third+" .status"); got != "Cancelled" {
		t.Errorf("cancelled occurrence shows status %q", got)
	}
	if n := client.count(t, "[data-series] .appt--booked"); n != 5 {
		t.Errorf("%d booked occurrences left, want 5", n)
	}
	checkStep(t, client, "appointments-after-cancel")

	// Moving a session offers the same service's free times.
	first := client.eval(t, `document.querySelector("[data-series] .appt--booked").dataset.appointment`)
	if resp := client.open(t, "/appointments/"+first+"/reschedule"); resp.Status != http.StatusOK {
		t.Fatalf("reschedule page: status %d", resp.Status)
	}
	if n := client.count(t, "button.slot"); n == 0 {
		t.Error("the reschedule page offers no free times")
	}
	checkStep(t, client, "reschedule")

	clashes(t, bookPath)

	therapist := signedIn(t, therapistEmail, demoPassword, "/therapist")
	day := start[:10]
	therapist.open(t, "/therapist/calendar?view=week&date="+day)
	if got := therapist.text(t, "#appt-"+third+" .status"); got != "Cancelled" {
		t.Errorf("calendar: the cancelled session shows %q", got)
	}
	if got := therapist.text(t, "#appt-"+third+" .cal-appt__client"); !strings.HasPrefix(got, clientName) {
		t.Errorf("calendar: client %q, want %q", got, clientName)
	}
	checkStep(t, therapist, "calendar-week")
	therapist.open(t, "/therapist/calendar?view=day&date="+day)
	if !strings.Contains(therapist.text(t, "#appt-"+third), "Away that week") {
		t.Error("day view: the cancellation reason is missing")
	}
	checkStep(t, therapist, "calendar-day")
	therapist.open(t, "/therapist/calendar?view=week&date="+week)
	if n := therapist.count(t, ".cal-appt--booked"); n < 1 {
		t.Error("the week of the first session shows no booking")
	}
	checkStep(t, therapist, "calendar-first-week")
}

// clashes has another client ask for the times just booked: the taken
// slot offers alternatives, one click books one; the series lists its five
// conflicts, saves nothing, and books the one free session once confirmed.
func clashes(t *testing.T, bookPath string) {
	t.Helper()
	// The refusals answer 409 on the form's own address: the tab expects it.
	other := newPerson(t, baseURL+strings.Split(bookPath, "?")[0])
	other.open(t, "/signin")
	if resp := other.signIn(t, "client2@demo.knead.test", demoPassword); resp.Status != http.StatusOK {
		t.Fatalf("sign in as client2: status %d", resp.Status)
	}
	other.open(t, bookPath)
	if resp := other.press(t, button("Book")); resp.Status != http.StatusConflict {
		t.Fatalf("booking a taken time: status %d, want 409", resp.Status)
	}
	if n := other.count(t, "button.button--small"); n == 0 {
		t.Fatal("the taken time offers no alternatives")
	}
	checkStep(t, other, "slot-taken")
	resp := other.press(t, chromedp.Search("(//button[starts-with(normalize-space(), 'Book ')])[1]"))
	if resp.Status != http.StatusOK || other.path(t) != "/appointments" || !strings.HasPrefix(other.flash(t), "Booked: ") {
		t.Fatalf("one-click alternative: status %d at %s, flash %q", resp.Status, other.path(t), other.flash(t))
	}

	other.open(t, bookPath)
	other.step(t, "repeat weekly", chromedp.Click(chromedp.Search("//input[@name='every_weeks' and @value='1']")))
	other.fill(t, [2]string{"#f-count", "6"})
	if resp := other.press(t, button("Book")); resp.Status != http.StatusConflict {
		t.Fatalf("a clashing series: status %d, want 409", resp.Status)
	}
	if n := other.count(t, ".conflicts li"); n != 5 {
		t.Errorf("%d conflicts listed, want 5 (the sixth time was cancelled)", n)
	}
	checkStep(t, other, "series-conflict")
	resp = other.press(t, button("Book the others, skip these"))
	if resp.Status != http.StatusOK || !strings.HasPrefix(other.flash(t), "Booked 1 session of ") {
		t.Fatalf("skip the conflicts: status %d, flash %q", resp.Status, other.flash(t))
	}
	if n := other.count(t, "[data-appointment]"); n != 2 {
		t.Errorf("client2 has %d appointments, want 2", n)
	}
}

// checkStep runs the page checks in a subtest, so each page's screenshots
// are named after it.
func checkStep(t *testing.T, p *person, name string) {
	t.Helper()
	t.Run(name, func(t *testing.T) { p.check(t) })
}

// waitFor polls a script until it is true.
func waitFor(t *testing.T, p *person, js string) {
	t.Helper()
	deadline := time.Now().Add(stepTimeout)
	for p.eval(t, `String(Boolean(`+js+`))`) != "true" {
		if time.Now().After(deadline) {
			t.Fatalf("waited %s for %s", stepTimeout, js)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

var profileLink = regexp.MustCompile(`href="/therapists/(\d+)"`)

// bookableDemoTherapist finds a demo therapist with free times in the week
// from week: it signs in as therapistN over plain HTTP, reads their profile
// link from the calendar and looks at the profile.
func bookableDemoTherapist(t *testing.T, week string) (email, id string) {
	t.Helper()
	for n := 1; n <= 40; n++ {
		email = "therapist" + strconv.Itoa(n) + "@demo.knead.test"
		jar, _ := cookiejar.New(nil)
		c := &http.Client{Jar: jar, Timeout: 10 * time.Second}
		res, err := c.PostForm(baseURL+"/signin", url.Values{"email": {email}, "password": {demoPassword}})
		if err != nil {
			t.Fatalf("sign in as %s: %v", email, err)
		}
		res.Body.Close()
		_, _, body := fetch(t, "/therapist/calendar", jarCookie(t, jar))
		m := profileLink.FindStringSubmatch(body)
		if m == nil {
			continue
		}
		status, readable, profile := fetch(t, "/therapists/"+m[1]+"?week="+week, nil)
		if status == http.StatusMovedPermanently { // to the profile's readable address
			_, _, profile = fetch(t, readable, nil)
		}
		if strings.Count(profile, `class="slot"`) >= 3 {
			return email, m[1]
		}
	}
	t.Fatalf("no demo therapist among the first 40 has free times in the week from %s", week)
	return "", ""
}

func jarCookie(t *testing.T, jar http.CookieJar) *http.Cookie {
	t.Helper()
	u, _ := url.Parse(baseURL)
	for _, c := range jar.Cookies(u) {
		if c.Name == "knead_session" {
			return c
		}
	}
	t.Fatalf("no session cookie from %s", baseURL)
	return nil
}
