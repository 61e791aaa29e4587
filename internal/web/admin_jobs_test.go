package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/knead/knead/internal/jobs"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/testkit"
)

// failingArgs is a job that always fails, to have a failed one to show.
type failingArgs struct{}

func (failingArgs) Kind() string { return "always_fails" }

type failingWorker struct {
	river.WorkerDefaults[failingArgs]
}

func (failingWorker) Work(context.Context, *river.Job[failingArgs]) error {
	return errors.New("smtp: connection refused")
}

// adminBrowser signs a new site admin in.
func adminBrowser(t *testing.T) (*browser, *Server) {
	t.Helper()
	srv, s, _ := newSiteServer(t)
	if _, err := s.Accounts.CreateAdmin(context.Background(), "boss@example.test", "Boss", "a calm long password"); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, srv)
	if res, _ := b.do("POST", "/signin", url.Values{"email": {"boss@example.test"}, "password": {"a calm long password"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("admin sign-in: %d", res.StatusCode)
	}
	return b, s
}

// A job that failed for good shows on the failed list with its error, and
// the admin's Retry makes it run again.
func TestAdminRetriesAFailedJob(t *testing.T) {
	b, s := adminBrowser(t)
	ctx := context.Background()
	workers := river.NewWorkers()
	river.AddWorker(workers, failingWorker{})
	worker, err := jobs.New(s.DB, testkit.Logger(), &jobs.Work{Workers: workers})
	if err != nil {
		t.Fatal(err)
	}
	events, cancel := worker.Subscribe(river.EventKindJobFailed)
	defer cancel()
	if err := worker.Start(ctx); err != nil {
		t.Fatal(err)
	}
	job, err := worker.Insert(ctx, failingArgs{}, &river.InsertOpts{MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	<-events                                 // discarded after its one attempt
	if err := worker.Stop(ctx); err != nil { // nothing runs the retry: the test sees it queued
		t.Fatal(err)
	}
	id := strconv.FormatInt(job.Job.ID, 10)

	_, page := b.do("GET", "/admin/jobs", nil)
	wantIn(t, "failed jobs", page, `data-job="`+id+`"`, "always_fails", "discarded", "attempt 1 of 1",
		"Last error: smtp: connection refused", `action="/admin/jobs/`+id+`/retry"`)
	if _, queued := b.do("GET", "/admin/jobs?state=queued", nil); strings.Contains(queued, `data-job="`+id+`"`) {
		t.Error("the failed job is on the queued list")
	}
	res, _ := b.do("POST", "/admin/jobs/"+id+"/retry", url.Values{})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("retry: %d", res.StatusCode)
	}
	if row, err := s.Jobs.JobGet(ctx, job.Job.ID); err != nil || row.State != rivertype.JobStateAvailable {
		t.Fatalf("after retry: %v %v", row.State, err)
	}
	_, queued := b.do("GET", "/admin/jobs?state=queued", nil)
	wantIn(t, "queued jobs", queued, `data-job="`+id+`"`, "Job "+id+" will run again now.")
	// Retrying it again, now that it is queued, changes nothing.
	b.do("POST", "/admin/jobs/"+id+"/retry", url.Values{})
	if _, page := b.do("GET", "/admin/jobs", nil); !strings.Contains(page, "Only a failed job can be retried") {
		t.Error("no word that a queued job cannot be retried")
	}
}

func TestJobPagesAreForAdminsOnly(t *testing.T) {
	srv, _, _ := newSiteServer(t)
	client := newBrowser(t, srv)
	client.signUp("c@example.test", "client")
	for _, tt := range []struct{ method, path string }{{"GET", "/admin/jobs"}, {"POST", "/admin/jobs/1/retry"}} {
		var form url.Values
		if tt.method == "POST" {
			form = url.Values{}
		}
		if res, _ := client.do(tt.method, tt.path, form); res.StatusCode != http.StatusForbidden {
			t.Errorf("client %s %s: %d, want 403", tt.method, tt.path, res.StatusCode)
		}
	}
	b, _ := adminBrowser(t)
	if res, _ := b.do("GET", "/admin/jobs?state=nonsense", nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown list: %d, want 404", res.StatusCode)
	}
	if res, _ := b.do("GET", "/admin/jobs?state=done&after=!!!", nil); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("broken cursor: %d, want 422", res.StatusCode)
	}
}

// A client turns reminders off and keeps after-care; a therapist sets the
// lead time, and a bad one is refused with the field's message.
func TestMailPreferences(t *testing.T) {
	srv, s, _ := newSiteServer(t)
	client := newBrowser(t, srv)
	client.signUp("c@example.test", "client")
	_, page := client.do("GET", "/account/notifications", nil)
	wantIn(t, "preferences", page, `name="reminders" id="f-reminders" checked`, `name="aftercare" id="f-aftercare" checked`)
	if res, _ := client.do("POST", "/account/notifications", url.Values{"aftercare": {"on"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	_, page = client.do("GET", "/account/notifications", nil)
	if strings.Contains(page, `id="f-reminders" checked`) || !strings.Contains(page, `id="f-aftercare" checked`) {
		t.Error("reminders still on, or after-care turned off")
	}

	ther := newBrowser(t, srv)
	ther.signUp("t@example.test", "therapist")
	for _, tt := range []struct {
		hours  string
		status int
	}{{"0", 422}, {"soon", 422}, {"169", 422}, {"48", 303}} {
		res, body := ther.do("POST", "/account/notifications", url.Values{"remind_hours": {tt.hours}})
		if res.StatusCode != tt.status {
			t.Errorf("remind_hours %q: %d, want %d", tt.hours, res.StatusCode, tt.status)
		}
		if tt.status == 422 && !strings.Contains(body, "from 1 to 168") {
			t.Errorf("remind_hours %q: no field message", tt.hours)
		}
	}
	// The set-up page shows the lead time and saves it back to itself.
	res, _ := ther.do("POST", "/account/notifications", url.Values{"remind_hours": {"36"}, "next": {"/therapist/setup#rules"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/therapist/setup#rules" {
		t.Errorf("save from the set-up: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	_, setup := ther.do("GET", "/therapist/setup", nil)
	wantIn(t, "set-up", setup, `name="remind_hours" type="number" inputmode="numeric" value="36"`)
	ther.do("POST", "/account/notifications", url.Values{"remind_hours": {"48"}})
	var hours int
	if err := s.DB.R().QueryRowContext(context.Background(), `select remind_hours from mail_preference p join app_user u on u.id = p.user_id
		where u.email = 't@example.test'`).Scan(&hours); err != nil || hours != 48 {
		t.Errorf("therapist's lead time %d (%v), want 48", hours, err)
	}
}

// A message the SMTP server could not take stays queued on the outbox page
// with its attempts and the error, until the last attempt marks it failed.
func TestOutboxShowsFailingDelivery(t *testing.T) {
	b, s := adminBrowser(t)
	ctx := context.Background()
	for i, final := range []bool{false, true} {
		id, err := store.InsertOutbox(ctx, s.DB.W(), store.OutboxMessage{ToAddr: "ana@example.test", Subject: "Hello " + strconv.Itoa(i),
			TextBody: "x", Kind: "verify_email", Status: "queued", CreatedAt: time.Now()})
		if err != nil {
			t.Fatal(err)
		}
		if err := store.OutboxAttempt(ctx, s.DB.W(), id, "outbox-1@knead.test", "dial tcp 127.0.0.1:25: connection refused", final, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	_, page := b.do("GET", "/admin/outbox", nil)
	wantIn(t, "outbox", page, `status--queued">queued</span> after 1 attempt`, `status--failed">failed</span> after 1 attempt`,
		"Last error: dial tcp 127.0.0.1:25: connection refused", "No SMTP server is configured")
}

// The lists page by 25, newest first, through River's cursor.
func TestJobListPages(t *testing.T) {
	b, s := adminBrowser(t)
	for range jobs.PageSize + 5 {
		if _, err := s.Jobs.Insert(context.Background(), failingArgs{}, nil); err != nil { // nothing works them here
			t.Fatal(err)
		}
	}
	_, first := b.do("GET", "/admin/jobs?state=queued", nil)
	m := regexp.MustCompile(`href="(/admin/jobs\?after=[^"]+)"`).FindStringSubmatch(strings.ReplaceAll(first, "&amp;", "&"))
	if n := strings.Count(first, "data-job="); n != jobs.PageSize || m == nil {
		t.Fatalf("first page: %d jobs, next link %v", n, m)
	}
	_, second := b.do("GET", m[1], nil)
	if n := strings.Count(second, "data-job="); n != 5 || strings.Contains(second, "Older jobs") {
		t.Errorf("second page: %d jobs, want the 5 oldest and no further link", n)
	}
}
