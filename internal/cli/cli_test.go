package cli

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	_ "modernc.org/sqlite"

	"github.com/knead/knead/internal/testkit"
)

func run(t *testing.T, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	getenv := func(k string) string {
		if k == "KNEAD_PASSWORD_HASHING" && env[k] == "" {
			return "test"
		}
		return env[k]
	}
	code = Run(context.Background(), args, Env{Stdout: &out, Stderr: &errOut, Getenv: getenv})
	return code, out.String(), errOut.String()
}

func TestBadCommandLinesFailFast(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"unknown command", nil, []string{"launch"}, `unknown command "launch"`},
		{"unknown flag", nil, []string{"serve", "--port", "80"}, "flag provided but not defined: -port"},
		{"bad flag value", nil, []string{"serve", "--addr", "nowhere"}, `addr "nowhere"`},
		{"stray argument", nil, []string{"migrate", "now"}, `unexpected argument "now"`},
		{"bad database URL", nil, []string{"migrate", "--db", "mysql://x"}, "database URL"},
		{"bad environment", map[string]string{"KNEAD_SHUTDOWN_TIMEOUT": "forever"}, []string{"version"}, "KNEAD_SHUTDOWN_TIMEOUT"},
		{"bad environment value", map[string]string{"KNEAD_LOG_FORMAT": "xml"}, []string{"serve"}, "log format"},
		{"negative demo count", nil, []string{"demo", "--therapists", "-1"}, "--therapists"},
		{"demo count not a number", nil, []string{"demo", "--clients", "many"}, "invalid value"},
		{"backup without --out", nil, []string{"backup"}, "--out is required"},
		{"broken SMTP URL", map[string]string{"KNEAD_SMTP_URL": "http://mail.example.org"}, []string{"serve"}, `SMTP URL: scheme "http": want smtp or smtps`},
		{"SMTP URL without host", map[string]string{"KNEAD_SMTP_URL": "smtp://"}, []string{"worker"}, "SMTP URL: no host"},
		{"bad sender", map[string]string{"KNEAD_MAIL_FROM": "nobody"}, []string{"worker"}, `mail from "nobody"`},
		{"workers neither on nor off", map[string]string{"KNEAD_WORKERS": "maybe"}, []string{"serve"}, "KNEAD_WORKERS"},
		{"worker given --addr", nil, []string{"worker", "--addr", ":80"}, "flag provided but not defined: -addr"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := run(t, tt.env, tt.args...)
			if code != 2 || !strings.Contains(stderr, tt.want) {
				t.Fatalf("exit %d, stderr %q; want 2 and %q", code, stderr, tt.want)
			}
		})
	}
}

func TestVersionAndHelp(t *testing.T) {
	if code, out, _ := run(t, nil, "version"); code != 0 || !strings.HasPrefix(out, "knead ") {
		t.Fatalf("version: exit %d, %q", code, out)
	}
	if code, out, _ := run(t, nil, "help"); code != 0 || !strings.Contains(out, "backup") {
		t.Fatalf("help: exit %d, %q", code, out)
	}
}

func TestBackupOfPostgresPointsToPgDump(t *testing.T) {
	code, _, stderr := run(t, nil, "backup", "--db", "postgres://127.0.0.1:1/none", "--out", filepath.Join(t.TempDir(), "x"))
	if code != 1 || !strings.Contains(stderr, "pg_dump") {
		t.Fatalf("exit %d, %q; want 1 and a pointer to pg_dump", code, stderr)
	}
}

func TestMigrateAndDemoAddNothingTwice(t *testing.T) {
	url := testkit.EmptyDatabaseURL(t)
	if code, out, stderr := run(t, nil, "migrate", "--db", url); code != 0 || strings.Contains(out, "applied 0 schema") || !strings.Contains(out, "schema and") {
		t.Fatalf("first migrate: exit %d, %q %q", code, out, stderr)
	}
	if code, out, _ := run(t, nil, "migrate", "--db", url); code != 0 || !strings.Contains(out, "applied 0 schema and 0 River") {
		t.Fatalf("second migrate: exit %d, %q", code, out)
	}
	args := []string{"demo", "--db", url, "--therapists", "12", "--clients", "3", "--seed", "5"}
	if code, out, stderr := run(t, nil, args...); code != 0 || !strings.Contains(out, "added 12 therapists and 3 clients") {
		t.Fatalf("first demo: exit %d, %q %q", code, out, stderr)
	}
	if code, out, _ := run(t, nil, args...); code != 0 || !strings.Contains(out, "added 0 therapists and 0 clients") {
		t.Fatalf("second demo: exit %d, %q", code, out)
	}
}

// A backup taken while another connection keeps writing opens as a sound
// database holding every committed row.
func TestBackupWhileWriting(t *testing.T) {
	if testkit.OnPostgres() {
		t.Skip("backup copies SQLite files; PostgreSQL uses pg_dump")
	}
	url := testkit.DatabaseURL(t)
	if code, _, stderr := run(t, nil, "demo", "--db", url, "--therapists", "5", "--clients", "2"); code != 0 {
		t.Fatalf("demo: %s", stderr)
	}
	writer, err := sql.Open("sqlite", "file:"+strings.TrimPrefix(url, "sqlite:")+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer writer.Close()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			_, _ = writer.Exec(`update app_user set name = name where id = 1`)
		}
	})
	out := filepath.Join(t.TempDir(), "copy.db")
	code, _, stderr := run(t, nil, "backup", "--db", url, "--out", out)
	close(stop)
	wg.Wait()
	if code != 0 {
		t.Fatalf("backup: exit %d, %s", code, stderr)
	}
	copyDB, err := sql.Open("sqlite", "file:"+out)
	if err != nil {
		t.Fatal(err)
	}
	defer copyDB.Close()
	var check string
	var users int
	if err := copyDB.QueryRow(`pragma integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check = %q, %v", check, err)
	}
	if err := copyDB.QueryRow(`select count(*) from app_user`).Scan(&users); err != nil || users != 5+2+1 {
		t.Fatalf("copy holds %d accounts (%v), want 8", users, err)
	}
	if code, _, stderr := run(t, nil, "backup", "--db", url, "--out", out); code != 1 || !strings.Contains(stderr, "exists") {
		t.Fatalf("backup over an existing file: exit %d, %q", code, stderr)
	}
}

// serve --demo prints where to look, serves the demo therapists and shuts
// down cleanly when its context ends (as on SIGTERM).
func TestServeDemoAndShutDown(t *testing.T) {
	url := testkit.EmptyDatabaseURL(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	var stderr bytes.Buffer
	done := make(chan int)
	go func() {
		getenv := func(k string) string { return map[string]string{"KNEAD_PASSWORD_HASHING": "test"}[k] }
		done <- Run(ctx, []string{"serve", "--demo", "--addr", "127.0.0.1:0", "--db", url},
			Env{Stdout: pw, Stderr: &stderr, Getenv: getenv})
		pw.Close()
	}()
	lines := bufio.NewScanner(pr)
	var base string
	for lines.Scan() {
		if u, ok := strings.CutPrefix(lines.Text(), "knead is ready at "); ok {
			base = u
			break
		}
	}
	if base == "" {
		t.Fatalf("no ready line; exit %d, stderr:\n%s", <-done, stderr.String())
	}
	go io.Copy(io.Discard, pr)
	res, err := http.Get(base + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), "data-therapist=") {
		t.Fatalf("home: %d, no demo therapists", res.StatusCode)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("serve exited %d after shutdown; stderr:\n%s", code, stderr.String())
	}
}

// knead worker migrates, says it runs, and stops cleanly when its context
// ends (as on SIGTERM); internal/app's process tests show it working jobs.
func TestWorkerStartsAndStops(t *testing.T) {
	url := testkit.EmptyDatabaseURL(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	var stderr bytes.Buffer
	done := make(chan int)
	go func() {
		getenv := func(k string) string { return map[string]string{"KNEAD_PASSWORD_HASHING": "test"}[k] }
		done <- Run(ctx, []string{"worker", "--db", url}, Env{Stdout: pw, Stderr: &stderr, Getenv: getenv})
		pw.Close()
	}()
	lines := bufio.NewScanner(pr)
	if !lines.Scan() || lines.Text() != "knead worker is running" {
		t.Fatalf("first line %q; exit %d, stderr:\n%s", lines.Text(), <-done, stderr.String())
	}
	go io.Copy(io.Discard, pr)
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("worker exited %d; stderr:\n%s", code, stderr.String())
	}
}

func TestUserAddMakesAnAdmin(t *testing.T) {
	url := testkit.EmptyDatabaseURL(t)
	runIn := func(stdin string, args ...string) (int, string, string) {
		var out, errOut bytes.Buffer
		getenv := func(k string) string { return map[string]string{"KNEAD_PASSWORD_HASHING": "test"}[k] }
		code := Run(context.Background(), args, Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut, Getenv: getenv})
		return code, out.String(), errOut.String()
	}
	tests := []struct {
		name, stdin string
		args        []string
		code        int
		want        string
	}{
		{"generated password", "", []string{"user", "add", "--db", url, "--email", "root@example.test"}, 0, "password (shown once): "},
		{"password from stdin", "a calm long password\n", []string{"user", "add", "--db", url, "--email", "ops@example.test", "--password-stdin"}, 0, "created site admin ops@example.test"},
		{"taken", "", []string{"user", "add", "--db", url, "--email", "ROOT@example.test"}, 1, "already exists"},
		{"weak password", "short\n", []string{"user", "add", "--db", url, "--email", "x@example.test", "--password-stdin"}, 1, "password: Use at least 10"},
		{"other role", "", []string{"user", "add", "--db", url, "--email", "c@example.test", "--role", "client"}, 2, "--role must be admin"},
		{"no email", "", []string{"user", "add", "--db", url}, 2, "--email is required"},
		{"no verb", "", []string{"user"}, 2, "usage: knead user add"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runIn(tt.stdin, tt.args...)
			if code != tt.code || !strings.Contains(out+errOut, tt.want) {
				t.Fatalf("exit %d, out %q, err %q; want %d and %q", code, out, errOut, tt.code, tt.want)
			}
		})
	}
}
