package app_test

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/jobs"
	"github.com/knead/knead/internal/testkit"
)

// These tests run the knead binary as separate processes, so the only way
// to know what they did is to look: at the SMTP sink, which hands over each
// message as it arrives, and at the database, polled with a deadline
// (waitUntil) because another process changes it and tells us nothing.

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// kneadBinary builds cmd/knead once for this package's process tests.
func kneadBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "knead-bin")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "knead")
		if out, err := exec.Command("go", "build", "-o", binPath, "github.com/knead/knead/cmd/knead").CombinedOutput(); err != nil {
			buildErr = err
			binPath = string(out)
		}
	})
	if buildErr != nil {
		t.Fatalf("build: %v\n%s", buildErr, binPath)
	}
	return binPath
}

// proc is a running knead process.
type proc struct {
	cmd    *exec.Cmd
	base   string // "" for a worker
	stderr *bytes.Buffer
	killed bool
}

// startKnead runs one knead command with env added to the test's, and waits
// for its ready line. It stops with SIGTERM at the end of the test and must
// exit cleanly (unless the test killed it).
func startKnead(t *testing.T, env []string, args ...string) *proc {
	t.Helper()
	p := &proc{cmd: exec.Command(kneadBinary(t), args...), stderr: &bytes.Buffer{}}
	p.cmd.Env = append(append(os.Environ(), "KNEAD_PASSWORD_HASHING=test", "KNEAD_LOG_LEVEL=warn", "KNEAD_LOG_FORMAT=json"), env...)
	p.cmd.Stderr = p.stderr
	out, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if p.killed {
			return
		}
		_ = p.cmd.Process.Signal(syscall.SIGTERM)
		if err := p.cmd.Wait(); err != nil {
			t.Errorf("%s exit: %v\n%s", args[0], err, p.stderr.String())
		}
	})
	lines := bufio.NewScanner(out)
	for lines.Scan() {
		line := lines.Text()
		if u, ok := strings.CutPrefix(line, "knead is ready at "); ok {
			p.base = u
		}
		if p.base != "" || line == "knead worker is running" {
			go io.Copy(io.Discard, out)
			return p
		}
	}
	t.Fatalf("%s gave no ready line:\n%s", args[0], p.stderr.String())
	return nil
}

// kill ends the process at once, as a crash or the OOM killer would.
func (p *proc) kill(t *testing.T) {
	t.Helper()
	p.killed = true
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = p.cmd.Wait()
}

// waitUntil polls cond until it holds or the deadline passes: only for
// what another process does.
func waitUntil(t *testing.T, within time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("after %s: %s", within, what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// receive takes messages from the sink until n have a subject starting with
// prefix, and returns those.
func receive(t *testing.T, sink *testkit.SMTPSink, prefix string, n int, within time.Duration) []testkit.Mail {
	t.Helper()
	var got []testkit.Mail
	timeout := time.After(within)
	for len(got) < n {
		select {
		case m := <-sink.Received:
			if strings.HasPrefix(m.Subject, prefix) {
				got = append(got, m)
			}
		case <-timeout:
			t.Fatalf("after %s: %d of %d %q messages", within, len(got), n, prefix)
		}
	}
	return got
}

// openDB opens the processes' database for the test to look at, with a
// River client that inserts and reads jobs only.
func openDB(t *testing.T, url string) (*db.DB, *jobs.Client) {
	t.Helper()
	d, err := db.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	c, err := jobs.New(d, testkit.Logger(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return d, c
}

// jobsOf lists the jobs of a kind.
func jobsOf(t *testing.T, c *jobs.Client, kind string) []*rivertype.JobRow {
	t.Helper()
	res, err := c.JobList(context.Background(), river.NewJobListParams().Kinds(kind).First(1000))
	if err != nil {
		t.Fatal(err)
	}
	return res.Jobs
}

func count(t *testing.T, d *db.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := d.R().QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A server started with --no-workers leaves the jobs to `knead worker`:
// the confirmation of a booking made on the server is written by the worker
// (its links carry the worker's base URL) and sent over SMTP.
func TestWorkerProcessWorksTheServersJobs(t *testing.T) {
	url := testkit.DatabaseURL(t)
	sink := testkit.NewSMTPSink(t)
	env := []string{"KNEAD_SMTP_URL=" + sink.URL()}
	web := startKnead(t, env, "serve", "--demo", "--no-workers", "--addr", "127.0.0.1:0", "--db", url)
	startKnead(t, env, "worker", "--db", url, "--base-url", "http://worker.knead.test")
	slot := freeSlots(t, web.base, 1)[0]
	if code, body := call(t, "POST", web.base+"/api/v1/appointments", token(t, web.base, "client1"), slot); code != 201 {
		t.Fatalf("book: %d %s", code, body)
	}
	m := receive(t, sink, "Booked: ", 1, time.Minute)[0]
	if !strings.Contains(m.Data, "http://worker.knead.test/appointments") || m.To[0] != "client1@demo.knead.test" {
		t.Errorf("confirmation to %v not written by the worker:\n%s", m.To, m.Data)
	}
}

// Two servers on one PostgreSQL both work jobs: every booking's
// confirmation goes out once, and no job ran twice.
func TestTwoServersRunEachJobOnce(t *testing.T) {
	if !testkit.OnPostgres() {
		t.Skip("several servers share a database on PostgreSQL only")
	}
	url := testkit.DatabaseURL(t)
	sink := testkit.NewSMTPSink(t)
	env := []string{"KNEAD_SMTP_URL=" + sink.URL()}
	a := startKnead(t, env, "serve", "--demo", "--addr", "127.0.0.1:0", "--db", url)
	b := startKnead(t, env, "serve", "--addr", "127.0.0.1:0", "--db", url)
	const n = 8
	slots := freeSlots(t, a.base, n)
	for i, s := range slots {
		base := []string{a.base, b.base}[i%2]
		if code, body := call(t, "POST", base+"/api/v1/appointments", token(t, base, "client"+string(rune('1'+i%4))), s); code != 201 {
			t.Fatalf("book %d: %d %s", i, code, body)
		}
	}
	got := receive(t, sink, "Booked: ", n, 2*time.Minute)
	ids := map[string]bool{}
	for _, m := range got {
		ids[m.ID] = true
	}
	if len(ids) != n {
		t.Errorf("%d distinct Message-IDs among %d confirmations", len(ids), n)
	}
	d, c := openDB(t, url)
	waitUntil(t, time.Minute, "every confirmation recorded as sent", func() bool {
		return count(t, d, `select count(*) from outbox where kind = 'booking_confirmed' and status = 'sent'`) == n
	})
	for _, kind := range []string{"booking_notice", "email_deliver"} {
		for _, j := range jobsOf(t, c, kind) {
			if j.Attempt > 1 || len(j.Errors) > 0 {
				t.Errorf("%s job %d ran %d times: %v", kind, j.ID, j.Attempt, j.Errors)
			}
		}
	}
	if extra := count(t, d, `select count(*) from outbox where kind = 'booking_confirmed' and attempts <> 1`); extra != 0 {
		t.Errorf("%d confirmations took more than one attempt", extra)
	}
	select {
	case m := <-sink.Received:
		if strings.HasPrefix(m.Subject, "Booked: ") {
			t.Errorf("a confirmation came twice: %s", m.ID)
		}
	default:
	}
}

// A server killed with SIGKILL while reminders are going out: after a
// restart each reminder is sent once. The SMTP server holds the first
// deliveries unanswered, so the kill comes with reminder and delivery jobs
// running, none accepted yet. A job the dead process was running is taken
// over once KNEAD_JOB_RESCUE_AFTER passes; a reminder it already wrote
// carries an event key, so writing it again adds nothing. (A kill after the
// SMTP server accepted a message but before knead recorded it sends that one
// twice, with one Message-ID: the window docs/operations.md describes.)
func TestKilledServerSendsEachReminderOnce(t *testing.T) {
	url := testkit.DatabaseURL(t)
	sink := testkit.NewSMTPSink(t)
	env := []string{"KNEAD_SMTP_URL=" + sink.URL(), "KNEAD_JOB_RESCUE_AFTER=5s"}
	first := startKnead(t, env, "serve", "--demo", "--addr", "127.0.0.1:0", "--db", url)
	const n = 6
	for i, s := range freeSlots(t, first.base, n) {
		if code, body := call(t, "POST", first.base+"/api/v1/appointments", token(t, first.base, "client"+string(rune('1'+i%4))), s); code != 201 {
			t.Fatalf("book %d: %d %s", i, code, body)
		}
	}
	d, c := openDB(t, url)
	waitUntil(t, time.Minute, "a reminder scheduled for each booking", func() bool {
		return len(jobsOf(t, c, "appointment_reminder")) == n
	})
	sink.Hold()
	for _, j := range jobsOf(t, c, "appointment_reminder") { // due now
		if _, err := c.JobRetry(context.Background(), j.ID); err != nil {
			t.Fatal(err)
		}
	}
	select {
	case <-sink.Held:
	case <-time.After(time.Minute):
		t.Fatal("no reminder reached the SMTP server")
	}
	first.kill(t) // deliveries waiting on the SMTP server, other reminders still to write
	sink.Release()
	res, err := c.JobList(context.Background(), river.NewJobListParams().States(rivertype.JobStateRunning).First(100))
	if err != nil || len(res.Jobs) == 0 {
		t.Fatalf("no job was running when the server died (%v): the test proves nothing", err)
	}

	startKnead(t, env, "serve", "--addr", "127.0.0.1:0", "--db", url)
	waitUntil(t, 3*time.Minute, "every reminder recorded as sent", func() bool {
		return count(t, d, `select count(*) from outbox where kind = 'reminder' and status = 'sent'`) == n
	})
	if got := count(t, d, `select count(*) from outbox where kind = 'reminder'`); got != n {
		t.Errorf("%d reminder messages recorded, want %d", got, n)
	}
	// A message is recorded as sent only after the sink took it, so all
	// are in the sink's channel now.
	ids := map[string]int{}
	for drained := false; !drained; {
		select {
		case m := <-sink.Received:
			if strings.HasPrefix(m.Subject, "Reminder: ") {
				ids[m.ID]++
			}
		default:
			drained = true
		}
	}
	if len(ids) != n {
		t.Errorf("%d distinct reminders arrived, want %d: %v", len(ids), n, ids)
	}
	for id, times := range ids {
		if times != 1 {
			t.Errorf("reminder %s arrived %d times", id, times)
		}
	}
}
