package web

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

var feedURL = regexp.MustCompile(`value="http://knead\.test(/calendar/[A-Za-z0-9_-]{43}\.ics)"`)

// "Add to calendar" links on the pages, behind the session.
func TestAddToCalendarLinks(t *testing.T) {
	b := newBookingSite(t)
	c := b.client("ada@example.test")
	b.mustBook(c, b.at(5, 10), 0, 0)
	b.mustBook(c, b.at(6, 14), 1, 3)
	ids := appointmentIDs(c)
	_, body := c.do("GET", "/appointments", nil)
	for _, id := range ids {
		wantIn(t, "My appointments", body, `href="/appointments/`+id+`/ics"`)
	}
	series := regexp.MustCompile(`href="(/series/\d+/ics)"`).FindStringSubmatch(body)
	if series == nil {
		t.Fatalf("no series link on My appointments")
	}
	eve := b.client("eve@example.test")
	for _, path := range []string{"/appointments/" + ids[0] + "/ics", series[1]} {
		res, file := c.do("GET", path, nil)
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/calendar; charset=utf-8" ||
			!strings.Contains(file, "BEGIN:VEVENT") || !strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment;") {
			t.Errorf("GET %s: %d %v\n%s", path, res.StatusCode, res.Header, file)
		}
		if res, _ := eve.do("GET", path, nil); res.StatusCode != 404 {
			t.Errorf("another client's %s: %d, want 404", path, res.StatusCode)
		}
		if res, _ := newBrowser(t, b.srv).do("GET", path, nil); res.StatusCode != http.StatusSeeOther {
			t.Errorf("a visitor on %s: %d, want a redirect to sign in", path, res.StatusCode)
		}
		if res, _ := b.therapist.do("GET", path, nil); res.StatusCode != 200 {
			t.Errorf("the therapist on %s: %d", path, res.StatusCode)
		}
	}
	_, body = b.therapist.do("GET", "/therapist/calendar?view=week&date=2026-10-05", nil)
	wantIn(t, "the therapist's calendar", body, `href="/appointments/`+ids[0]+`/ics"`, `href="`+series[1]+`"`)
}

// The account page makes, replaces and ends the feed URL with plain forms.
func TestCalendarFeedFromTheAccountPage(t *testing.T) {
	b := newBookingSite(t)
	c := b.client("ada@example.test")
	b.mustBook(c, b.at(5, 10), 0, 0)
	_, body := c.do("GET", "/account", nil)
	wantIn(t, "the account page", body, `action="/account/calendar-feed"`, "Make a feed address")

	feed := func() string {
		t.Helper()
		res, body := c.do("POST", "/account/calendar-feed", map[string][]string{})
		m := feedURL.FindStringSubmatch(body)
		if res.StatusCode != 200 || m == nil || res.Header.Get("Cache-Control") != "no-store" {
			t.Fatalf("POST /account/calendar-feed: %d, URL %v\n%.2000s", res.StatusCode, m, body)
		}
		return m[1]
	}
	fetch := func(path string) int {
		t.Helper()
		res, file := newBrowser(t, b.srv).do("GET", path, nil)
		if res.StatusCode == 200 && (!strings.Contains(file, "SUMMARY:Deep tissue with Test Person") ||
			res.Header.Get("Cache-Control") != "private, no-store" || res.Header.Get("Set-Cookie") != "") {
			t.Errorf("feed %s: %v\n%s", path, res.Header, file)
		}
		return res.StatusCode
	}
	first := feed()
	if code := fetch(first); code != 200 {
		t.Fatalf("the new feed: %d", code)
	}
	_, body = c.do("GET", "/account", nil)
	wantIn(t, "the account page with a feed", body, "Your feed address was made on", "Make a new address", "Turn the feed off")
	if strings.Contains(body, first) {
		t.Error("the account page shows the feed URL again")
	}
	second := feed()
	if code := fetch(first); code != 404 {
		t.Errorf("the replaced feed: %d, want 404", code)
	}
	res, _ := c.do("POST", "/account/calendar-feed/delete", map[string][]string{})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("turning the feed off: %d", res.StatusCode)
	}
	_, body = c.do("GET", "/account", nil)
	wantIn(t, "the account page after turning it off", body, "Your calendar feed is off", "Make a feed address")
	for _, path := range []string{second, "/calendar/" + strings.Repeat("x", 43) + ".ics", "/calendar/", "/calendar/x"} {
		if code := fetch(path); code != 404 {
			t.Errorf("GET %s: %d, want 404", path, code)
		}
	}
	// Admins have no appointments, so no feed; visitors are sent to sign in.
	if res, _ := newBrowser(t, b.srv).do("POST", "/account/calendar-feed", map[string][]string{}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("a visitor making a feed: %d", res.StatusCode)
	}

}
