package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// A client's diary form: bad input comes back 422 with the field named and
// the answers kept; good input is saved and shown. Therapists get the
// dashboard and the CSV report; clients get neither.
func TestProgressPages(t *testing.T) {
	srv, _, _ := newSiteServer(t)
	c := newBrowser(t, srv)
	c.do("POST", "/signup", url.Values{"email": {"c@example.test"}, "password": {"a calm long password"}, "name": {"C"}, "role": {"client"}})
	res, body := c.do("POST", "/progress/diary", url.Values{"now": {"4"}, "average": {"12"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#f-average"`) ||
		!strings.Contains(body, `name="now" value="4" checked`) {
		t.Fatalf("bad diary entry: %d\n%.2000s", res.StatusCode, body)
	}
	if res, _ := c.do("POST", "/progress/diary", url.Values{"now": {"4"}, "average": {"5"}, "worst": {"7"}, "note": {"stairs"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("diary entry: %d", res.StatusCode)
	}
	if _, body := c.do("GET", "/progress", nil); !strings.Contains(body, "Saved to your pain diary.") || !strings.Contains(body, "stairs") ||
		!strings.Contains(body, "Not enough data yet") {
		t.Errorf("progress page:\n%.3000s", body)
	}
	for _, p := range []string{"/dashboard/clients", "/reports/outcomes.csv"} {
		if res, _ := c.do("GET", p, nil); res.StatusCode != http.StatusForbidden {
			t.Errorf("client GET %s: %d", p, res.StatusCode)
		}
	}
	th := newBrowser(t, srv)
	th.do("POST", "/signup", url.Values{"email": {"t@example.test"}, "password": {"a calm long password"}, "name": {"T"}, "role": {"therapist"}})
	if res, body := th.do("GET", "/dashboard/clients?sort=change", nil); res.StatusCode != 200 || !strings.Contains(body, "No clients in your care yet") {
		t.Errorf("dashboard: %d", res.StatusCode)
	}
	res, body = th.do("GET", "/reports/outcomes.csv", nil)
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/csv; charset=utf-8" || !strings.HasPrefix(body, "technique,clients,median_change_after_4") {
		t.Errorf("csv: %d %q %q", res.StatusCode, res.Header.Get("Content-Type"), body)
	}
}
