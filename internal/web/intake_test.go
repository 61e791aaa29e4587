package web

import (
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
