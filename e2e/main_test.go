//go:build e2e

// Package e2e drives the real knead binary with Debian's Chromium: pages
// must load without console errors or CSP violations and pass axe-core's
// WCAG 2 A/AA rules. Run with `make e2e` (needs `apt-get install chromium`).
//
// TestMain builds ./cmd/knead, starts `knead serve --demo` on a free port
// with a throw-away SQLite file, and starts one browser; each test opens its
// own tab. Screenshots and the server's log go to e2e/artifacts/.
package e2e

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

const (
	artifactsDir    = "artifacts"
	startupTimeout  = 120 * time.Second // build excluded: a cold modernc build alone takes a minute
	shutdownTimeout = 30 * time.Second
)

// Set by TestMain for the tests.
var (
	baseURL string          // e.g. http://127.0.0.1:41234, no trailing slash
	dbURL   string          // the server's database, for tests that seed data the API cannot make (past sessions)
	browser context.Context // a chromedp context whose browser is running
)

// readyLine is what knead prints on stdout once it listens and the demo
// data is loaded.
var readyLine = regexp.MustCompile(`knead is ready at (https?://[^\s"]+)`)

func TestMain(m *testing.M) { os.Exit(run(m)) }

func run(m *testing.M) int {
	tmp, err := os.MkdirTemp("", "knead-e2e-")
	if err != nil {
		return fail(err)
	}
	defer os.RemoveAll(tmp)
	if err := os.RemoveAll(artifactsDir); err != nil {
		return fail(err)
	}
	if err := os.MkdirAll(artifactsDir, 0o755); err != nil {
		return fail(err)
	}

	bin, err := buildKnead(tmp)
	if err != nil {
		return fail(err)
	}
	srv, err := startKnead(bin, tmp)
	if err != nil {
		return fail(err)
	}
	baseURL = srv.url
	dbURL = "sqlite:" + filepath.Join(tmp, "e2e.db")

	var stopBrowser func()
	browser, stopBrowser, err = startBrowser(tmp)
	if err != nil {
		srv.stop()
		return fail(err)
	}

	code := m.Run()
	stopBrowser()
	if err := srv.stop(); err != nil {
		fmt.Fprintf(os.Stderr, "e2e: %v (log: e2e/%s)\n", err, srv.logPath)
		code = 1
	}
	return code
}

func fail(err error) int {
	fmt.Fprintln(os.Stderr, "e2e:", err)
	return 1
}

// buildKnead builds ./cmd/knead, or returns $KNEAD_E2E_BINARY when set (to
// test a binary built elsewhere, such as a release build).
func buildKnead(tmp string) (string, error) {
	if bin := os.Getenv("KNEAD_E2E_BINARY"); bin != "" {
		return bin, nil
	}
	bin := filepath.Join(tmp, "knead")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/knead")
	cmd.Dir = ".." // the repository root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build ./cmd/knead: %w\n%s", err, out)
	}
	return bin, nil
}

// server is a running `knead serve`.
type server struct {
	cmd     *exec.Cmd
	url     string
	logPath string
	exited  chan struct{} // closed when the process has exited
	waitErr error         // from cmd.Wait, read after exited is closed
}

// startKnead starts the server and waits for its ready line on stdout.
// Everything it prints goes to artifacts/server.log.
func startKnead(bin, tmp string) (*server, error) {
	s := &server{logPath: filepath.Join(artifactsDir, "server.log"), exited: make(chan struct{})}
	logFile, err := os.Create(s.logPath)
	if err != nil {
		return nil, err
	}
	s.cmd = exec.Command(bin, "serve", "--demo", "--addr", "127.0.0.1:0",
		"--db", "sqlite:"+filepath.Join(tmp, "e2e.db"))
	// The synthetic questionnaires stand for a licensed one a deployment installs.
	instruments, err := filepath.Abs(filepath.Join("..", "internal", "instrument", "testdata", "instruments"))
	if err != nil {
		return nil, err
	}
	s.cmd.Env = append(os.Environ(), "KNEAD_PASSWORD_HASHING=test", "KNEAD_LOG_FORMAT=json",
		"KNEAD_INSTRUMENTS_DIR="+instruments)
	s.cmd.Stderr = logFile
	s.cmd.SysProcAttr = childProcAttr()
	stdout, err := s.cmd.StdoutPipe()
	if err != nil {
		logFile.Close()
		return nil, err
	}
	if err := s.cmd.Start(); err != nil {
		logFile.Close()
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	ready, scanned := make(chan string, 1), make(chan struct{})
	go func() {
		scanStdout(stdout, logFile, ready)
		close(scanned)
	}()
	go func() {
		<-scanned // Wait closes the pipe, so read it to the end first
		s.waitErr = s.cmd.Wait()
		logFile.Close()
		close(s.exited)
	}()

	ctx, cancel := context.WithTimeout(context.Background(), startupTimeout)
	defer cancel()
	select {
	case s.url = <-ready:
		return s, nil
	case <-s.exited:
		return nil, fmt.Errorf("knead exited before it was ready (%v):\n%s", s.waitErr, tail(s.logPath))
	case <-ctx.Done():
		s.cmd.Process.Kill()
		<-s.exited
		return nil, fmt.Errorf("knead printed no ready line within %s:\n%s", startupTimeout, tail(s.logPath))
	}
}

// scanStdout copies the server's stdout to the log, line by line, and sends
// the URL of the first ready line. It reads to the end so that the server
// never blocks on a full pipe.
func scanStdout(stdout io.Reader, log io.Writer, ready chan<- string) {
	sc := bufio.NewScanner(stdout)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	sent := false
	for sc.Scan() {
		line := sc.Text()
		fmt.Fprintln(log, line)
		if m := readyLine.FindStringSubmatch(line); m != nil && !sent {
			ready <- strings.TrimSuffix(m[1], "/")
			sent = true
		}
	}
	// A line longer than the buffer stops the scanner: keep draining.
	_, _ = io.Copy(log, stdout)
}

// stop sends SIGTERM and expects a graceful exit with status 0.
func (s *server) stop() error {
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return fmt.Errorf("SIGTERM knead: %w", err)
	}
	select {
	case <-s.exited:
	case <-time.After(shutdownTimeout):
		s.cmd.Process.Kill()
		<-s.exited
		return fmt.Errorf("knead did not exit within %s of SIGTERM", shutdownTimeout)
	}
	if s.waitErr != nil {
		return fmt.Errorf("knead did not shut down cleanly on SIGTERM: %w", s.waitErr)
	}
	return nil
}

// tail returns the last lines of a file, for error messages.
func tail(path string) string {
	b, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > 40 {
		lines = lines[len(lines)-40:]
	}
	return strings.Join(lines, "\n")
}
