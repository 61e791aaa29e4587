//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/store"
)

// apiPost sends a JSON body to the API and decodes the answer's object.
func apiPost(t *testing.T, path, token string, body any, want int) map[string]any {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest("POST", baseURL+path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(res.Body).Decode(&out)
	if res.StatusCode != want {
		t.Fatalf("POST %s: %d, want %d: %v", path, res.StatusCode, want, out)
	}
	return out
}

// TestOutcomeProgress: a client logs two weeks of unchanged pain over the
// API and has had six sessions with pain before and after (seeded in the
// database: the API books only future times). They see the chart and the
// verdict, log today's pain in one tap; their therapist sees them flagged
// "not improving" and opens their progress.
func TestOutcomeProgress(t *testing.T) {
	ctx := context.Background()
	email := "outcome-" + strconv.FormatInt(time.Now().UnixNano(), 36) + "@example.test"
	const password = "a calm long password"
	client := apiPost(t, "/api/v1/accounts", "", map[string]string{"email": email, "password": password, "name": "Olive Outcome",
		"role": "client", "time_zone": "America/New_York"}, http.StatusCreated)
	clientID, _ := strconv.ParseInt(client["id"].(string), 10, 64)
	token := apiPost(t, "/api/v1/tokens", "", map[string]string{"email": email, "password": password}, http.StatusCreated)["token"].(string)
	ny, _ := time.LoadLocation("America/New_York")
	today := time.Now().In(ny)
	for d := 13; d >= 0; d-- {
		apiPost(t, "/api/v1/me/diary", token, map[string]any{"now": 6, "average": 6, "worst": 7,
			"date": today.AddDate(0, 0, -d).Format(time.DateOnly)}, http.StatusCreated)
	}

	d, err := db.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var therapistID, serviceID, locationID int64
	if err := d.R().QueryRowContext(ctx, `select u.id, s.id, s.location_id from app_user u join service s on s.therapist_id = u.id
		where u.email = $1 and s.archived_at is null order by s.id limit 1`, demoTherapist).Scan(&therapistID, &serviceID, &locationID); err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	for i, daysAgo := range []int{13, 11, 9, 7, 4, 2} {
		start := now.Truncate(time.Hour).AddDate(0, 0, -daysAgo)
		id, err := store.InsertAppointment(ctx, d.W(), store.Appointment{TherapistID: therapistID, ClientID: clientID,
			ServiceID: serviceID, LocationID: locationID, Start: start, End: start.Add(time.Hour), BlocksUntil: start.Add(time.Hour),
			Status: "booked", CreatedBy: clientID}, now)
		if err != nil {
			t.Fatal(err)
		}
		for when, score := range map[string]int{"before": 6, "after": 3 + i%2} {
			if err := store.SetSessionPain(ctx, d.W(), id, when, score, clientID, now); err != nil {
				t.Fatal(err)
			}
		}
	}

	c := signedIn(t, email, password, "/client")
	c.open(t, "/progress")
	c.check(t)
	c.screenshot(t, "outcome-client-progress-375")
	if got := c.text(t, "#verdict"); !strings.Contains(got, "No meaningful change after 6 sessions") || !strings.Contains(got, "6.0") {
		t.Errorf("verdict %q", got)
	}
	if n := c.count(t, "svg[role=img] title"); n != 2 {
		t.Errorf("%d charts with a title, want 2", n)
	}
	if got := c.eval(t, `document.querySelector("#prepost-desc")?.textContent ?? ""`); !strings.Contains(got, "6 sessions; pain fell by 2.5 points") {
		t.Errorf("pre/post description %q", got)
	}
	// Yesterday's answers are filled in: one tap logs today.
	if resp := c.press(t, button("Save to my diary")); resp.Status != http.StatusOK || c.path(t) != "/progress" {
		t.Fatalf("save: %d at %s", resp.Status, c.path(t))
	}
	if got := c.flash(t); got != "Saved to your pain diary." {
		t.Errorf("flash %q", got)
	}

	th := signedIn(t, demoTherapist, demoPassword, "/therapist")
	th.open(t, "/dashboard/clients?sort=attention")
	th.check(t)
	th.screenshot(t, "outcome-dashboard-375")
	row := "[data-client='" + client["id"].(string) + "']"
	if got := th.text(t, row); !strings.Contains(got, "not improving") || !strings.Contains(got, "No meaningful change") {
		t.Errorf("dashboard row %q", got)
	}
	th.open(t, "/clients/"+client["id"].(string)+"/progress")
	th.check(t)
	th.screenshot(t, "outcome-therapist-progress-375")
	if got := th.text(t, "h1"); got != "Olive Outcome’s progress" {
		t.Errorf("heading %q", got)
	}

	// The report counts her among Swedish-massage clients, labelled observational.
	th.open(t, "/reports/outcomes")
	th.check(t)
	th.screenshot(t, "outcome-report-375")
	if got := th.text(t, "main"); !strings.Contains(got, "Observational") || !strings.Contains(got, "Responders") {
		t.Errorf("report %q", got)
	}
	admin := signedIn(t, demoAdmin, demoPassword, "/admin")
	admin.open(t, "/reports/outcomes")
	admin.check(t)
	if got := admin.text(t, "main"); !strings.Contains(got, "Every client of this deployment") {
		t.Errorf("admin report %q", got)
	}
}

// The demo's care story is there on a fresh demo: the improving client
// sees it said, the therapist sees the other flagged.
func TestDemoCareStory(t *testing.T) {
	c := signedIn(t, "client11@demo.knead.test", demoPassword, "/client")
	c.open(t, "/progress")
	checkStep(t, c, "demo-progress")
	if got := c.text(t, "#verdict"); !strings.Contains(strings.ToLower(got), "meaningful improvement") {
		t.Errorf("client11's verdict %q, want a meaningful improvement", got)
	}
	th := signedIn(t, "therapist2@demo.knead.test", demoPassword, "/therapist")
	th.open(t, "/dashboard/clients?sort=attention")
	checkStep(t, th, "demo-dashboard")
	if got := th.text(t, ".dash__row"); !strings.Contains(got, "not improving") {
		t.Errorf("the first dashboard row %q, want client12 flagged not improving", got)
	}
}
