package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/knead/knead/internal/triage"
)

// allNo answers every screening question "no", with an adult's birth date.
func allNo() url.Values {
	f := url.Values{"date_of_birth": {"1980-04-23"}}
	for _, q := range triage.RedFlags {
		f.Set(string(q.ID), triage.No)
	}
	for _, c := range triage.Contraindications {
		if !c.Always {
			f.Set(string(c.ID), triage.No)
		}
	}
	return f
}

func TestScreeningPages(t *testing.T) {
	srv, _, _ := newSiteServer(t)
	b := newBrowser(t, srv)
	b.signUp("screened@example.test", "client")

	if res, body := b.do("GET", "/screening", nil); res.StatusCode != 200 || !strings.Contains(body, triage.RedFlags[0].Question) {
		t.Fatalf("GET /screening: %d, or RF-01's question missing", res.StatusCode)
	}

	t.Run("unanswered questions are named, never read as no", func(t *testing.T) {
		f := allNo()
		f.Del("RF-03")
		f.Del("CI-08")
		f.Set("RF-01", "yes")
		res, body := b.do("POST", "/screening", f)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d, want 422", res.StatusCode)
		}
		for _, want := range []string{`href="#f-RF-03"`, shortLabels[triage.RF03], `href="#f-CI-08"`, "2 questions need an answer",
			`name="RF-01" value="yes" checked`} {
			if !strings.Contains(body, want) {
				t.Errorf("the form again lacks %q", want)
			}
		}
	})

	cases := []struct {
		name, set, tier string
		want, notWant   []string
	}{
		{"saddle numbness is an emergency", "RF-01", "emergency",
			[]string{`id="emergency"`, `href="tel:112"`, "at least 24 hours"}, []string{`href="/therapists`, "/book", "clearance-form"}},
		{"weight loss is urgent, with the review form", "RF-10", "urgent",
			[]string{`id="clearance-form"`, `action="/screening/`}, []string{`id="emergency"`}},
		{"a blood thinner is caution with limits", "CI-03", "caution",
			[]string{`id="limits"`, "blood thinner", "Not advised for you"}, []string{`id="clearance-form"`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := newBrowser(t, srv) // a new client: an earlier screening's block would carry over
			b.signUp(c.set+"@example.test", "client")
			f := allNo()
			f.Set(c.set, triage.Yes)
			res, _ := b.do("POST", "/screening", f)
			if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/screening/") {
				t.Fatalf("POST: %d to %q", res.StatusCode, res.Header.Get("Location"))
			}
			res, body := b.do("GET", res.Header.Get("Location"), nil)
			if res.StatusCode != 200 || !strings.Contains(body, `data-tier="`+c.tier+`"`) {
				t.Fatalf("result: %d, tier %s not shown", res.StatusCode, c.tier)
			}
			for _, w := range c.want {
				if !strings.Contains(body, w) {
					t.Errorf("result lacks %q", w)
				}
			}
			for _, w := range c.notWant {
				if strings.Contains(body, w) {
					t.Errorf("result has %q", w)
				}
			}
		})
	}
}

func TestScreeningClearance(t *testing.T) {
	srv, _, _ := newSiteServer(t)
	b := newBrowser(t, srv)
	b.signUp("cleared@example.test", "client")
	f := allNo()
	f.Set("RF-09", triage.Yes) // soon: held until a clinician's review
	res, _ := b.do("POST", "/screening", f)
	result := res.Header.Get("Location")
	res, body := b.do("POST", result+"/clearance", url.Values{"clinician": {""}, "seen_on": {"2001-01-01"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Name the clinician") {
		t.Fatalf("empty clinician: %d", res.StatusCode)
	}
	today := srvToday()
	res, _ = b.do("POST", result+"/clearance", url.Values{"clinician": {"Dr Ana Ruiz, GP"}, "seen_on": {today}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("clearance: %d", res.StatusCode)
	}
	_, body = b.do("GET", result, nil)
	if !strings.Contains(body, "Dr Ana Ruiz, GP saw you on "+today) || strings.Contains(body, "Booking is on hold") {
		t.Error("the result does not show the review, or still holds booking")
	}
}

func TestGuidancePage(t *testing.T) {
	srv, _, _ := newSiteServer(t)
	b := newBrowser(t, srv)
	b.signUp("guided@example.test", "client")
	if _, body := b.do("GET", "/guidance", nil); !strings.Contains(body, `href="/screening"`) {
		t.Error("before a screening, guidance does not send the client to it")
	}
	f := allNo()
	f.Set("CI-03", triage.Yes)
	b.do("POST", "/screening", f)
	_, body := b.do("GET", "/guidance", nil)
	for _, want := range []string{`id="find-therapists" href="/therapists?technique=swedish"`, "you take a blood thinner",
		"no technique clearly better", "review at session 6"} {
		if !strings.Contains(strings.ToLower(body), strings.ToLower(want)) {
			t.Errorf("guidance lacks %q", want)
		}
	}
	if strings.Contains(body, "technique=deep_tissue") {
		t.Error("guidance offers a search for deep tissue, which the screening excludes")
	}
}

// srvToday is today's UTC date, a review date the rules accept.
func srvToday() string { return time.Now().UTC().Format(time.DateOnly) }
