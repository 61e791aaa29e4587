//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/webauthn"
	"github.com/chromedp/chromedp"
)

// WebAuthn refuses IP addresses as relying party IDs, so the passkey tests
// cannot use the shared server at http://127.0.0.1:PORT (where knead offers
// no passkeys). They start a second knead, without demo data, that listens
// on 127.0.0.1 but calls itself http://localhost:PORT; Chromium treats
// localhost as a secure context, and "localhost" is a valid RP ID.

const passkeyTimeout = 3 * time.Minute

// startLocalhostKnead builds and starts that server for one test, and stops
// it (checking for a clean exit) when the test ends.
func startLocalhostKnead(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	bin, err := buildKnead(dir)
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
	l.Close()

	s := &server{logPath: filepath.Join(artifactsDir, "server-passkey.log"), exited: make(chan struct{})}
	logFile, err := os.Create(s.logPath)
	if err != nil {
		t.Fatal(err)
	}
	s.cmd = exec.Command(bin, "serve", "--addr", "127.0.0.1:"+port, "--db", "sqlite:"+filepath.Join(dir, "passkey.db"))
	s.cmd.Env = append(os.Environ(), "KNEAD_PASSWORD_HASHING=test", "KNEAD_LOG_FORMAT=json",
		"KNEAD_BASE_URL=http://localhost:"+port)
	s.cmd.Stderr = logFile
	s.cmd.SysProcAttr = childProcAttr()
	stdout, err := s.cmd.StdoutPipe()
	if err != nil {
		logFile.Close()
		t.Fatal(err)
	}
	if err := s.cmd.Start(); err != nil {
		logFile.Close()
		t.Fatal(err)
	}
	ready := make(chan string, 1)
	go func() {
		scanStdout(stdout, logFile, ready)
		s.waitErr = s.cmd.Wait()
		logFile.Close()
		close(s.exited)
	}()
	select {
	case <-ready:
	case <-s.exited:
		t.Fatalf("knead exited before it was ready (%v):\n%s", s.waitErr, tail(s.logPath))
	case <-time.After(startupTimeout):
		s.cmd.Process.Kill()
		<-s.exited
		t.Fatalf("knead printed no ready line within %s:\n%s", startupTimeout, tail(s.logPath))
	}
	t.Cleanup(func() {
		if err := s.stop(); err != nil {
			t.Errorf("%v (log: e2e/%s)", err, s.logPath)
		}
	})
	return "http://localhost:" + port
}

// pkTab is a browser tab with a virtual authenticator: a platform passkey
// provider (CTAP2, internal, resident keys, user verification) that answers
// every prompt at once.
type pkTab struct {
	ctx  context.Context
	rec  *recorder
	base string
	auth webauthn.AuthenticatorID
	seen int // console messages already reported
}

func newPasskeyTab(t *testing.T, base string) *pkTab {
	t.Helper()
	p := &pkTab{rec: &recorder{}, base: base}
	tabCtx, closeTab := chromedp.NewContext(browser, chromedp.WithNewBrowserContext(), chromedp.WithListener(p.rec.listen))
	t.Cleanup(closeTab)
	ctx, cancel := context.WithTimeout(tabCtx, passkeyTimeout)
	t.Cleanup(cancel)
	p.ctx = ctx
	vp := viewports[0]
	if err := chromedp.Do(ctx, chromedp.Func(recordCSPViolations), chromedp.EmulateViewport(vp.width, vp.height, vp.opts...)); err != nil {
		t.Fatalf("open tab: %v", err)
	}
	if _, err := chromedp.Call(ctx, webauthn.Enable, webauthn.EnableParams{}); err != nil {
		t.Fatalf("WebAuthn.enable: %v", err)
	}
	res, err := chromedp.Call(ctx, webauthn.AddVirtualAuthenticator, webauthn.AddVirtualAuthenticatorParams{
		Options: &webauthn.VirtualAuthenticatorOptions{
			Protocol:                    webauthn.AuthenticatorProtocolCtap2,
			Transport:                   webauthn.AuthenticatorTransportInternal,
			HasResidentKey:              true,
			HasUserVerification:         true,
			IsUserVerified:              true,
			AutomaticPresenceSimulation: true,
		}})
	if err != nil {
		t.Fatalf("WebAuthn.addVirtualAuthenticator: %v", err)
	}
	p.auth = res.AuthenticatorID
	return p
}

// do runs actions with a short timeout.
func (p *pkTab) do(t *testing.T, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v (at %s)", what, err, p.where(t))
	}
}

// goTo opens path and checks the status of the page it ends on.
func (p *pkTab) goTo(t *testing.T, path string, wantStatus int64) {
	t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 20*time.Second)
	defer cancel()
	resp, err := navigate(ctx, p.base+path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	if resp.Status != wantStatus {
		t.Fatalf("open %s: status %d, want %d", path, resp.Status, wantStatus)
	}
}

// submit clicks a button that loads a new page and waits for it.
func (p *pkTab) submit(t *testing.T, sel string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 20*time.Second)
	defer cancel()
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
		t.Fatalf("click %s: %v", sel, err)
	}
}

func (p *pkTab) js(t *testing.T, expr string) string {
	t.Helper()
	s, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return s
}

// textOf is the trimmed text of the first match of a CSS selector, or "".
func (p *pkTab) textOf(t *testing.T, sel string) string {
	t.Helper()
	return p.js(t, `(document.querySelector(`+strconv.Quote(sel)+`)?.innerText ?? "").replace(/\s+/g, " ").trim()`)
}

func (p *pkTab) where(t *testing.T) string {
	t.Helper()
	loc, _ := chromedp.Run(p.ctx, chromedp.Location())
	return loc
}

// pathNow is the current path plus fragment, e.g. /account#passkeys.
func (p *pkTab) pathNow(t *testing.T) string {
	t.Helper()
	u, err := url.Parse(p.where(t))
	if err != nil {
		t.Fatal(err)
	}
	if u.Fragment != "" {
		return u.Path + "#" + u.Fragment
	}
	return u.Path
}

// waitPath waits until the script has taken the tab to path.
func (p *pkTab) waitPath(t *testing.T, path string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for p.pathNow(t) != path {
		if time.Now().After(deadline) {
			t.Fatalf("still at %s, want %s; status: %q", p.where(t), path, p.textOf(t, "[data-passkey-status]"))
		}
		time.Sleep(100 * time.Millisecond)
	}
	p.do(t, "load "+path, chromedp.WaitReady(chromedp.CSS("footer")))
}

// check runs visit's checks on the page in the tab: axe-core WCAG 2 A/AA at
// both widths, CSP violations, and console errors since the last check.
func (p *pkTab) check(t *testing.T, name string) {
	t.Helper()
	tb := &tab{ctx: p.ctx}
	csp := tb.cspViolations(t)
	seen := map[string]bool{}
	for _, vp := range viewports {
		p.do(t, "emulate "+vp.name, chromedp.EmulateViewport(vp.width, vp.height, vp.opts...))
		tb.screenshot(t, fmt.Sprintf("%s-%s-%s-%d", artifactName(t), name, vp.name, vp.width))
		for _, v := range tb.axe(t) {
			if key := v.key(); !seen[key] {
				seen[key] = true
				t.Errorf("%s: axe at %dpx: %s", name, vp.width, v)
			}
		}
	}
	vp := viewports[0]
	p.do(t, "emulate "+vp.name, chromedp.EmulateViewport(vp.width, vp.height, vp.opts...))
	for _, v := range csp {
		t.Errorf("%s: CSP violation: %s", name, v)
	}
	msgs := p.rec.errors()
	for _, msg := range msgs[p.seen:] {
		t.Errorf("%s: console: %s", name, msg)
	}
	p.seen = len(msgs)
}

// credentials are the passkeys the virtual authenticator holds.
func (p *pkTab) credentials(t *testing.T) []*webauthn.Credential {
	t.Helper()
	res, err := chromedp.Call(p.ctx, webauthn.GetCredentials, webauthn.GetCredentialsParams{AuthenticatorID: p.auth})
	if err != nil {
		t.Fatalf("WebAuthn.getCredentials: %v", err)
	}
	return res.Credentials
}

// signUpTherapist opens an account on /signup and returns its email address.
func (p *pkTab) signUpTherapist(t *testing.T, name string) string {
	t.Helper()
	email := "passkey-" + strconv.FormatInt(time.Now().UnixNano(), 36) + "@e2e.knead.test"
	p.goTo(t, "/signup", 200)
	p.do(t, "fill in the sign-up form",
		chromedp.Click(chromedp.CSS(`input[name="role"][value="therapist"]`)),
		chromedp.SendKeys(chromedp.CSS("#f-name"), name),
		chromedp.SendKeys(chromedp.CSS("#f-email"), email),
		chromedp.SendKeys(chromedp.CSS("#f-password"), "a long walk on the beach"))
	p.submit(t, `form[action="/signup"] button[type="submit"]`)
	if got := p.pathNow(t); got != "/therapist" {
		t.Fatalf("after sign-up: at %s, want /therapist; errors: %q", got, p.textOf(t, "#form-errors"))
	}
	return email
}

func (p *pkTab) signOut(t *testing.T) {
	t.Helper()
	p.submit(t, `form[action="/signout"] button`)
	// The response RunResponse waited for may be a page's own htmx request
	// (the therapist home loads its checklist), so wait for the visitor's
	// navigation to appear.
	p.do(t, "signed out", chromedp.WaitVisible(chromedp.CSS(`.site-nav a[href="/signup"]`)))
	if got := p.pathNow(t); got != "/" {
		t.Fatalf("after signing out: at %s, want /", got)
	}
}

func TestPasskeys(t *testing.T) {
	base := startLocalhostKnead(t)
	t.Run("AddAndSignIn", func(t *testing.T) { testPasskeyAddAndSignIn(t, base) })
	t.Run("AskedOfStaff", func(t *testing.T) { testPasskeyAskedOfStaff(t, base) })
}

// A therapist signs up, adds a passkey on /account, signs out and signs in
// again with the passkey alone.
func testPasskeyAddAndSignIn(t *testing.T, base string) {
	p := newPasskeyTab(t, base)
	p.signUpTherapist(t, "Petra Passkey")

	p.goTo(t, "/account", 200)
	p.do(t, "the add-a-passkey form is shown", chromedp.WaitVisible(chromedp.CSS("form[data-passkey-add]")))
	if got := p.textOf(t, "#passkeys .alert--warn"); !strings.Contains(got, "Therapists and admins are asked to add one as a second factor") {
		t.Errorf("/account without a passkey: %q, want the request to add one", got)
	}
	if p.js(t, `String(document.querySelector("[data-passkey-unsupported]").hidden)`) != "true" {
		t.Error("/account: the no-passkey-support note is shown in a browser that supports passkeys")
	}

	// A name is needed; the script says so without a prompt.
	p.do(t, "add without a name", chromedp.Click(chromedp.CSS("form[data-passkey-add] button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("#f-passkey_name-error")))
	if len(p.credentials(t)) != 0 {
		t.Fatal("a passkey was made without a name")
	}

	p.do(t, "add a passkey", chromedp.SendKeys(chromedp.CSS("#f-passkey_name"), "Test laptop"),
		chromedp.Click(chromedp.CSS("form[data-passkey-add] button[type=submit]")))
	p.do(t, "wait for the passkey to be listed", chromedp.WaitVisible(chromedp.CSS("li[data-passkey]")))
	if got := p.textOf(t, `main .alert--info[role="status"]`); !strings.Contains(got, "“Test laptop” is added") {
		t.Errorf("after adding: flash %q", got)
	}
	if got := p.textOf(t, "li[data-passkey]"); !strings.Contains(got, "Test laptop") || !strings.Contains(got, "not used yet") {
		t.Errorf("listed passkey: %q, want its name, never used", got)
	}
	creds := p.credentials(t)
	if len(creds) != 1 || !creds[0].IsResidentCredential || len(creds[0].UserHandle) == 0 {
		t.Fatalf("the authenticator holds %+v, want one resident passkey with a user handle", creds)
	}
	p.check(t, "account")

	p.signOut(t)
	p.goTo(t, "/signin", 200)
	p.do(t, "the passkey button is shown", chromedp.WaitVisible(chromedp.CSS("#passkey-signin button")))
	p.check(t, "signin")
	p.do(t, "sign in with a passkey", chromedp.Click(chromedp.CSS("#passkey-signin button")))
	p.waitPath(t, "/therapist")
	if got := p.textOf(t, "h1"); got != "Hello, Petra Passkey" {
		t.Errorf("therapist home: h1 %q", got)
	}
	p.goTo(t, "/account", 200)
	if got := p.textOf(t, "li[data-passkey]"); !strings.Contains(got, "last used") {
		t.Errorf("after signing in with it: %q, want a last-used time", got)
	}

	// A passkey that fails user verification signs nobody in, and says so.
	p.signOut(t)
	if _, err := chromedp.Call(p.ctx, webauthn.SetUserVerified, webauthn.SetUserVerifiedParams{
		AuthenticatorID: p.auth, IsUserVerified: false}); err != nil {
		t.Fatal(err)
	}
	p.goTo(t, "/signin", 200)
	p.do(t, "sign in with an unverified passkey", chromedp.WaitVisible(chromedp.CSS("#passkey-signin button")),
		chromedp.Click(chromedp.CSS("#passkey-signin button")),
		chromedp.WaitVisible(chromedp.CSS(".passkey-status--error")))
	if got := p.pathNow(t); got != "/signin" {
		t.Errorf("unverified passkey: at %s, want still /signin", got)
	}
	if got := p.textOf(t, "#passkey-signin [data-passkey-status]"); got == "" {
		t.Error("unverified passkey: no message")
	}
	p.check(t, "signin-failed")
}

// Staff who sign in with a password and have no passkey are sent to add one.
func testPasskeyAskedOfStaff(t *testing.T, base string) {
	p := newPasskeyTab(t, base)
	email := p.signUpTherapist(t, "Sam Second-Factor")
	p.signOut(t)
	p.goTo(t, "/signin", 200)
	p.do(t, "sign in with a password",
		chromedp.SendKeys(chromedp.CSS("#f-email"), email),
		chromedp.SendKeys(chromedp.CSS("#f-password"), "a long walk on the beach"))
	p.submit(t, `form[action="/signin"] button[type="submit"]`)
	if got := p.pathNow(t); got != "/account#passkeys" {
		t.Fatalf("therapist without a passkey signed in to %s, want /account#passkeys", got)
	}
	want := "Therapists and admins are asked to add a passkey as a second factor."
	if got := p.textOf(t, `main .alert--info[role="status"]`); !strings.Contains(got, want) {
		t.Errorf("flash %q, want it to contain %q", got, want)
	}
	p.check(t, "account-asked")
}

// Without WebAuthn (as over http://127.0.0.1) the buttons stay hidden and the
// password form is all there is.
func TestPasskeyButtonsHiddenAtIPAddress(t *testing.T) {
	if !strings.HasPrefix(baseURL, "http://127.0.0.1:") {
		t.Skipf("the shared server is at %s, not at an IP address", baseURL)
	}
	p := visit(t, "/signin")
	hidden, err := chromedp.Run(p.ctx, chromedp.Evaluate[bool](`document.getElementById("passkey-signin").hidden`))
	if err != nil {
		t.Fatal(err)
	}
	if !hidden {
		t.Error("at an IP address, the passkey sign-in button is shown; WebAuthn cannot work there")
	}
}
