package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/knead/knead/internal/store"
)

// A disability instrument due at week 4 is prompted on the client's home
// page and asked on /progress with the intake's radios; a missing item
// comes back 422 naming it, with the answers given kept.
func TestInstrumentFollowUpPages(t *testing.T) {
	srv, s, _ := newSiteServer(t)
	c := newBrowser(t, srv)
	c.do("POST", "/signup", url.Values{"email": {"c@example.test"}, "password": {"a calm long password"}, "name": {"C"}, "role": {"client"}})
	if _, body := c.do("GET", "/progress", nil); strings.Contains(body, `action="/progress/instruments"`) {
		t.Fatalf("due before any session")
	}
	ctx, q := context.Background(), s.DB.W()
	th := addTherapist(t, s.DB, "Thea Berg", true)
	client, err := store.UserIDByEmail(ctx, q, "c@example.test")
	if err != nil {
		t.Fatal(err)
	}
	var svc, loc int64
	if err := q.QueryRowContext(ctx, `select id, location_id from service where therapist_id = $1`, th).Scan(&svc, &loc); err != nil {
		t.Fatal(err)
	}
	start := time.Now().AddDate(0, 0, -30)
	if _, err := store.InsertAppointment(ctx, q, store.Appointment{TherapistID: th, ClientID: client, ServiceID: svc, LocationID: loc,
		Start: start, End: start.Add(time.Hour), BlocksUntil: start.Add(time.Hour), Status: "completed", CreatedBy: client}, start); err != nil {
		t.Fatal(err)
	}
	if _, body := c.do("GET", "/client", nil); !strings.Contains(body, `href="/progress#measure-synthetic-disability"`) {
		t.Errorf("home page prompts no questionnaire:\n%.3000s", body)
	}
	_, body := c.do("GET", "/progress", nil)
	wantIn(t, "progress", body, `id="measure-synthetic-disability"`, `action="/progress/instruments"`, `name="synthetic-disability.s24"`)

	form := url.Values{"instrument": {"synthetic-disability"}, "point": {"week4"}}
	for i := 1; i <= 23; i++ {
		form.Set("synthetic-disability.s"+strconv.Itoa(i), "0")
	}
	form.Set("synthetic-disability.s1", "1")
	res, body := c.do("POST", "/progress/instruments", form)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#f-synthetic-disability.s24"`) ||
		!strings.Contains(body, `name="synthetic-disability.s1" value="1" checked`) {
		t.Fatalf("missing item: %d\n%.3000s", res.StatusCode, body)
	}
	form.Set("synthetic-disability.s24", "1")
	if res, _ := c.do("POST", "/progress/instruments", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("answers: %d", res.StatusCode)
	}
	if _, body := c.do("GET", "/progress", nil); !strings.Contains(body, "your answers are saved") ||
		strings.Contains(body, `action="/progress/instruments"`) {
		t.Errorf("after answering:\n%.3000s", body)
	}
}
