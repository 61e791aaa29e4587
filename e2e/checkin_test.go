//go:build e2e

package e2e

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestCheckInAndReferral: a client checks in on the day of a session with
// a clean answer and the session goes ahead; the therapist stops and refers
// another session at the door, and the client sees the advice. Every page
// is checked (console, CSP, axe) at both widths.
func TestCheckInAndReferral(t *testing.T) {
	const clientEmail = "client23@demo.knead.test"
	therapistEmail, first, second := todaysSessions(t, clientEmail)

	client := signedIn(t, clientEmail, demoPassword, "/client")
	client.open(t, "/appointments")
	if n := client.count(t, "#appt-"+first+" a[href='/appointments/"+first+"/check-in']"); n != 1 {
		t.Fatalf("no check-in link on today's session %s", first)
	}
	client.open(t, "/appointments/"+first+"/check-in")
	checkStep(t, client, "check-in")
	for _, id := range []string{"RF-01", "RF-02", "RF-03", "RF-04", "RF-05", "RF-06", "RF-07", "RF-11", "RF-13"} {
		client.step(t, "answer "+id, chromedp.Click(chromedp.CSS("input[name='"+id+"'][value='no']")))
	}
	if resp := client.press(t, button("Check in")); resp.Status != http.StatusOK {
		t.Fatalf("check in: status %d", resp.Status)
	}
	if got := client.text(t, "#result"); !strings.Contains(got, "the session can go ahead") {
		t.Fatalf("result %q", got)
	}
	checkStep(t, client, "checked-in")

	therapist := signedIn(t, therapistEmail, demoPassword, "/therapist")
	therapist.open(t, "/appointments/"+second+"/check-in")
	checkStep(t, therapist, "door")
	therapist.fill(t, [2]string{"#f-reason", "New numbness in both legs since this morning."})
	therapist.step(t, "pick RF-05", chromedp.SetValue("#f-rule", "RF-05"))
	if resp := therapist.press(t, button("Stop and refer")); resp.Status != http.StatusOK {
		t.Fatalf("stop and refer: status %d", resp.Status)
	}
	if got := therapist.text(t, "#result"); !strings.Contains(got, "Session stopped and referred") {
		t.Fatalf("therapist's result %q", got)
	}
	checkStep(t, therapist, "referred")

	client.open(t, "/appointments")
	if got := client.text(t, "#appt-"+second+" .status"); got != "Stopped — referred" {
		t.Errorf("status on the list %q", got)
	}
	client.open(t, "/appointments/"+second+"/check-in")
	advice := client.text(t, "#result")
	if !strings.Contains(advice, "Your therapist stopped today's session") || !strings.Contains(advice, "Call emergency services now") ||
		!strings.Contains(advice, "New numbness in both legs") {
		t.Errorf("client's advice %q", advice)
	}
	if n := client.count(t, "form[action$='/check-in']"); n != 0 {
		t.Errorf("a stopped session still offers the check-in form")
	}
	checkStep(t, client, "advice")

	// The therapist's flag overrides the client's answers: booking waits for
	// a new screening and a clinician's review.
	client.open(t, "/therapists")
	if got := client.text(t, "main"); !strings.Contains(got, "A session of yours was stopped") {
		t.Errorf("the search page after the referral: %q", got)
	}
	checkStep(t, client, "search-after-referral")
}

// todaysSessions makes two sessions today for the client, with a demo
// therapist whose location's local time leaves room for them: the
// therapist opens the whole local day (extra hours, no notice), the client
// takes a clean screening and books the first two free times.
func todaysSessions(t *testing.T, clientEmail string) (therapistEmail, first, second string) {
	t.Helper()
	for n := 40; n >= 20; n-- {
		therapistEmail = "therapist" + strconv.Itoa(n) + "@demo.knead.test"
		tok := apiToken(t, therapistEmail)
		me := apiCall(t, "GET", "/api/v1/me", tok, nil, http.StatusOK)
		id := me["id"].(string)
		profile := apiCall(t, "GET", "/api/v1/therapists/"+id, "", nil, http.StatusOK)
		zones := map[string]*time.Location{}
		for _, l := range profile["locations"].([]any) {
			loc := l.(map[string]any)
			z, err := time.LoadLocation(loc["time_zone"].(string))
			if err == nil {
				zones[loc["id"].(string)] = z
			}
		}
		for _, sv := range profile["services"].([]any) {
			svc := sv.(map[string]any)
			zone := zones[svc["location_id"].(string)]
			if zone == nil || time.Now().In(zone).Hour() < 1 || time.Now().In(zone).Hour() > 19 {
				continue
			}
			today := time.Now().In(zone).Format(time.DateOnly)
			apiCall(t, "PUT", "/api/v1/me/booking-rules", tok, map[string]int{"min_notice_hours": 0, "horizon_days": 90,
				"cancel_window_hours": 24}, http.StatusOK)
			apiCall(t, "POST", "/api/v1/me/extra-hours", tok, map[string]string{"location_id": svc["location_id"].(string),
				"date": today, "start": "00:00", "end": "24:00"}, http.StatusCreated)
			ctok := apiToken(t, clientEmail)
			apiCall(t, "POST", "/api/v1/me/screenings", ctok, cleanScreening(), http.StatusCreated)
			from, to := time.Now().UTC(), time.Now().In(zone).Add(4*time.Hour).UTC()
			slots := apiCall(t, "GET", "/api/v1/therapists/"+id+"/slots?service_id="+svc["id"].(string)+"&from="+
				from.Format(time.RFC3339)+"&to="+to.Format(time.RFC3339), "", nil, http.StatusOK)["slots"].([]any)
			var ids []string
			for _, sl := range slots {
				start := sl.(map[string]any)["start"].(string)
				at, _ := time.Parse(time.RFC3339, start)
				if at.In(zone).Format(time.DateOnly) != today || len(ids) == 2 {
					continue
				}
				r := apiCall(t, "POST", "/api/v1/appointments", ctok, map[string]string{"therapist_id": id,
					"service_id": svc["id"].(string), "start": start}, 0)
				if aid, ok := r["id"].(string); ok {
					ids = append(ids, aid)
				}
			}
			if len(ids) == 2 {
				return therapistEmail, ids[0], ids[1]
			}
		}
	}
	t.Fatal("no demo therapist could take two sessions today")
	return "", "", ""
}

func cleanScreening() map[string]any {
	answers, conditions := map[string]string{}, map[string]string{}
	for i := 1; i <= 21; i++ {
		if i != 19 {
			answers["RF-"+twoDigits(i)] = "no"
		}
	}
	for i := 1; i <= 18; i++ {
		conditions["CI-"+twoDigits(i)] = "no"
	}
	return map[string]any{"date_of_birth": "1980-04-23", "answers": answers, "conditions": conditions}
}

func twoDigits(n int) string { return string(rune('0'+n/10)) + string(rune('0'+n%10)) }

func apiToken(t *testing.T, email string) string {
	t.Helper()
	return apiCall(t, "POST", "/api/v1/tokens", "", map[string]string{"email": email, "password": demoPassword},
		http.StatusCreated)["token"].(string)
}

// apiCall makes a JSON API call; want 0 accepts any status.
func apiCall(t *testing.T, method, path, token string, body any, want int) map[string]any {
	t.Helper()
	var buf bytes.Buffer
	if body != nil {
		_ = json.NewEncoder(&buf).Encode(body)
	}
	req, err := http.NewRequest(method, baseURL+path, &buf)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	if want != 0 && resp.StatusCode != want {
		t.Fatalf("%s %s: %d, want %d: %v", method, path, resp.StatusCode, want, out)
	}
	return out
}
