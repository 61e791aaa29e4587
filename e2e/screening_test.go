//go:build e2e

package e2e

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/knead/knead/internal/screening"
)

// apiJSON calls the JSON API with a bearer token (none when empty) and
// decodes the answer.
func apiJSON(t *testing.T, method, path, token string, body any) (int, map[string]any) {
	t.Helper()
	var in io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		in = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, baseURL+path, in)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := noRedirects.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	out := map[string]any{}
	_ = json.NewDecoder(res.Body).Decode(&out)
	return res.StatusCode, out
}

// deepAndSwedish finds a demo therapist who offers deep tissue and Swedish
// at one location, with a free Swedish time in the coming week: their
// email, id, both services' ids and that time.
func deepAndSwedish(t *testing.T) (email, id, deep, swedish, start string) {
	t.Helper()
	for n := 1; n <= 40; n++ {
		email = "therapist" + strconv.Itoa(n) + "@demo.knead.test"
		status, tok := apiJSON(t, "POST", "/api/v1/tokens", "", map[string]string{"email": email, "password": demoPassword})
		if status != http.StatusCreated {
			continue
		}
		_, me := apiJSON(t, "GET", "/api/v1/me", tok["token"].(string), nil)
		id, _ = me["id"].(string)
		_, p := apiJSON(t, "GET", "/api/v1/therapists/"+id, "", nil)
		services, _ := p["services"].([]any)
		byLoc := map[string]map[string]string{}
		for _, s := range services {
			svc := s.(map[string]any)
			loc, _ := svc["location_id"].(string)
			if byLoc[loc] == nil {
				byLoc[loc] = map[string]string{}
			}
			byLoc[loc][svc["technique"].(string)] = svc["id"].(string)
		}
		for _, m := range byLoc {
			if m["deep_tissue"] == "" || m["swedish"] == "" {
				continue
			}
			from, to := time.Now().Add(48*time.Hour), time.Now().Add(9*24*time.Hour)
			q := url.Values{"service_id": {m["swedish"]}, "from": {from.Format(time.RFC3339)}, "to": {to.Format(time.RFC3339)}}
			_, sl := apiJSON(t, "GET", "/api/v1/therapists/"+id+"/slots?"+q.Encode(), "", nil)
			if slots, _ := sl["slots"].([]any); len(slots) > 0 {
				return email, id, m["deep_tissue"], m["swedish"], slots[len(slots)/2].(map[string]any)["start"].(string)
			}
		}
	}
	t.Fatal("no demo therapist among the first 40 offers deep tissue and Swedish at one location, with free time")
	return "", "", "", "", ""
}

// TestBloodThinnerExcludesDeepTissue is issue 7's proof: a client who
// takes a blood thinner (CI-03) is not offered deep tissue — not on the
// profile, not on the booking page, 403 over the API — books Swedish, and
// the therapist sees the caution on the appointment in the calendar.
func TestBloodThinnerExcludesDeepTissue(t *testing.T) {
	const email = "client9@demo.knead.test"
	therapistEmail, therapistID, deep, swedish, start := deepAndSwedish(t)
	status, tok := apiJSON(t, "POST", "/api/v1/tokens", "", map[string]string{"email": email, "password": demoPassword})
	if status != http.StatusCreated {
		t.Fatalf("token: %d %v", status, tok)
	}
	token := tok["token"].(string)
	answers, conditions := screening.Answered(map[string]string{"CI-03": "yes"})
	delete(answers, "RF-19") // computed from the date of birth, never asked
	if status, r := apiJSON(t, "POST", "/api/v1/me/screenings", token, map[string]any{"date_of_birth": "1970-03-14",
		"answers": answers, "conditions": conditions}); status != http.StatusCreated || r["tier"] != "caution" {
		t.Fatalf("screening: %d %v", status, r)
	}

	// The API refuses deep tissue.
	status, r := apiJSON(t, "POST", "/api/v1/appointments", token, map[string]any{"therapist_id": therapistID, "service_id": deep, "start": start})
	if status != http.StatusForbidden || r["type"] != "/api/problems/technique-excluded" {
		t.Fatalf("booking deep tissue over the API: %d %v", status, r)
	}

	client := signedIn(t, email, demoPassword, "/client")
	client.open(t, "/therapists/"+therapistID+"?service="+deep)
	if strings.Contains(client.eval(t, `[...document.querySelectorAll(".service__meta")].map(e => e.innerText).join("|")`), "Deep tissue") {
		t.Error("the profile offers deep tissue")
	}
	if got := client.text(t, "#screening-gate"); !strings.Contains(got, "Not shown: Deep tissue") {
		t.Errorf("profile notice %q", got)
	}
	checkStep(t, client, "profile-without-deep-tissue")
	client.open(t, "/therapists/"+therapistID+"/book?service="+deep+"&start="+url.QueryEscape(start))
	if got := client.text(t, "#screening-gate"); !strings.Contains(got, "advises against deep tissue") || client.count(t, "form.form") != 0 {
		t.Errorf("deep tissue booking page: notice %q, %d forms", got, client.count(t, "form.form"))
	}
	checkStep(t, client, "deep-tissue-refused")

	client.open(t, "/therapists/"+therapistID+"/book?service="+swedish+"&start="+url.QueryEscape(start))
	resp := client.press(t, button("Book"))
	if resp.Status != http.StatusOK || client.path(t) != "/appointments" {
		t.Fatalf("book Swedish: status %d at %s; error: %q", resp.Status, client.path(t), client.text(t, "#form-errors"))
	}
	apptID := client.eval(t, `document.querySelector("[data-appointment]").dataset.appointment`)

	therapist := signedIn(t, therapistEmail, demoPassword, "/therapist")
	therapist.open(t, "/therapist/calendar?view=day&date="+start[:10])
	limits := therapist.text(t, "#appt-"+apptID+" [data-limits]")
	if !strings.Contains(limits, "Screening: caution") || !strings.Contains(limits, "Deep tissue") {
		t.Errorf("calendar limits %q", limits)
	}
	therapist.step(t, "open cautions", chromedp.Click(chromedp.CSS("#appt-"+apptID+" [data-limits] summary")))
	if got := therapist.text(t, "#appt-"+apptID+" [data-limits] details"); !strings.Contains(got, "blood thinner") {
		t.Errorf("cautions %q", got)
	}
	checkStep(t, therapist, "calendar-caution")
}

// TestEmergencyClosesSearchAndBooking: a client whose screening is an
// emergency (saddle numbness, RF-01) sees the emergency advice instead of
// search and of free times, with a link to the screening.
func TestEmergencyClosesSearchAndBooking(t *testing.T) {
	const email = "client10@demo.knead.test"
	_, therapistID, _, _, _ := deepAndSwedish(t)
	status, tok := apiJSON(t, "POST", "/api/v1/tokens", "", map[string]string{"email": email, "password": demoPassword})
	if status != http.StatusCreated {
		t.Fatalf("token: %d %v", status, tok)
	}
	answers, conditions := screening.Answered(map[string]string{"RF-01": "yes"})
	delete(answers, "RF-19")
	if status, r := apiJSON(t, "POST", "/api/v1/me/screenings", tok["token"].(string), map[string]any{"date_of_birth": "1970-03-14",
		"answers": answers, "conditions": conditions}); status != http.StatusCreated || r["tier"] != "emergency" {
		t.Fatalf("screening: %d %v", status, r)
	}
	client := signedIn(t, email, demoPassword, "/client")
	for _, page := range []struct{ name, path, absent string }{
		{"search-closed", "/therapists?place=New+York", "form[role=search]"},
		{"profile-closed", "/therapists/" + therapistID, "a.slot"},
	} {
		client.open(t, page.path)
		if got := client.text(t, "#screening-gate"); !strings.Contains(got, "Call emergency services now") {
			t.Errorf("%s: notice %q", page.name, got)
		}
		if n := client.count(t, page.absent); n != 0 {
			t.Errorf("%s: %d %s", page.name, n, page.absent)
		}
		if href := client.attr(t, "#screening-gate a", "href"); href != "/screening" {
			t.Errorf("%s: link %q", page.name, href)
		}
		checkStep(t, client, page.name)
	}
}
