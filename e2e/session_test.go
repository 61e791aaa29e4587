//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

const (
	demoPassword  = "knead-demo-password"
	demoAdmin     = "admin@demo.knead.test"
	demoTherapist = "therapist1@demo.knead.test"
	demoClient    = "client1@demo.knead.test"

	personTimeout = 3 * time.Minute  // the life of a person's tab
	stepTimeout   = 15 * time.Second // one step of a flow: a missing element fails the test this soon
)

// person is someone using knead in a browser profile of their own. Each
// person's tab lives in its own browser context (Target.createBrowserContext,
// like an incognito window), so people never share cookies: a client and an
// admin can be signed in side by side. A tab that visitIn makes from the
// person's ctx shares the person's cookies.
type person struct {
	*tab
}

// newPerson opens a tab in a new browser context. documentURL is as for
// openTab: the page whose error status check should not report.
func newPerson(t *testing.T, documentURL string) *person {
	t.Helper()
	return &person{openTab(t, browser, documentURL, personTimeout, chromedp.WithNewBrowserContext())}
}

// signedIn is a new person signed in with email and password, checked to
// land on wantHome.
func signedIn(t *testing.T, email, password, wantHome string) *person {
	t.Helper()
	p := newPerson(t, "")
	p.open(t, "/signin")
	if resp := p.signIn(t, email, password); resp.Status != http.StatusOK || p.path(t) != wantHome {
		t.Fatalf("sign in as %s: status %d at %s, want 200 at %s (error: %q)", email, resp.Status, p.path(t),
			wantHome, p.text(t, "#form-errors"))
	}
	return p
}

// step runs actions with a short timeout.
func (p *person) step(t *testing.T, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// open navigates to path and waits for the page to load, following
// redirects; it returns the response of the final document.
func (p *person) open(t *testing.T, path string) *network.Response {
	t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, stepTimeout)
	defer cancel()
	resp, err := navigate(ctx, baseURL+path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	p.status = resp.Status
	return resp
}

// press clicks the button (or link) that sel selects and waits for the page
// that it leads to, following redirects.
func (p *person) press(t *testing.T, sel chromedp.Search) *network.Response {
	t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, stepTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(sel))
	if err != nil {
		t.Fatalf("press %s: %v", sel, err)
	}
	p.status = resp.Status
	return resp
}

// button selects the button whose text is label.
func button(label string) chromedp.Search {
	return chromedp.Search("//button[normalize-space()=" + xpathString(label) + "]")
}

// link selects the link whose text is label.
func link(label string) chromedp.Search {
	return chromedp.Search("//a[normalize-space()=" + xpathString(label) + "]")
}

// xpathString quotes s for an XPath expression. Labels here have no
// apostrophes; one with both kinds of quote would need concat().
func xpathString(s string) string {
	if strings.Contains(s, "'") {
		return `"` + s + `"`
	}
	return "'" + s + "'"
}

// fill replaces the value of each input (by CSS selector) by typing.
func (p *person) fill(t *testing.T, fields ...[2]string) {
	t.Helper()
	for _, f := range fields {
		// Empty it by script: chromedp.SetValue(sel, "") sets "undefined",
		// as chromedp v0.23 leaves an empty string argument out.
		p.step(t, "fill "+f[0],
			chromedp.WaitReady(chromedp.CSS(f[0])),
			chromedp.Evaluate[chromedp.Void](`document.querySelector(`+jsString(f[0])+`).value = ""`),
			chromedp.SendKeys(chromedp.CSS(f[0]), f[1]))
	}
}

// signIn fills in and sends the sign-in form on the current page.
func (p *person) signIn(t *testing.T, email, password string) *network.Response {
	t.Helper()
	p.fill(t, [2]string{"#f-email", email}, [2]string{"#f-password", password})
	return p.press(t, button("Sign in"))
}

// signOut presses the header's "Sign out" button and checks that the person
// is signed out: home page, flash, and /account sends them to sign in.
func (p *person) signOut(t *testing.T) {
	t.Helper()
	resp := p.press(t, button("Sign out"))
	if resp.Status != http.StatusOK || p.path(t) != "/" {
		t.Fatalf("sign out: status %d at %s, want 200 at /", resp.Status, p.path(t))
	}
	if got := p.flash(t); got != "You are signed out." {
		t.Errorf("sign out: flash %q, want %q", got, "You are signed out.")
	}
	p.open(t, "/account")
	if got := p.path(t); got != "/signin?next=%2Faccount" {
		t.Fatalf("after signing out, /account went to %s, want /signin?next=%%2Faccount", got)
	}
}

// location is the current document's URL.
func (p *tab) location(t *testing.T) *url.URL {
	t.Helper()
	loc, err := chromedp.Run(p.ctx, chromedp.Location())
	if err != nil {
		t.Fatalf("location: %v", err)
	}
	u, err := url.Parse(loc)
	if err != nil {
		t.Fatalf("location %q: %v", loc, err)
	}
	return u
}

// path is the current document's path and query, e.g. /signin?next=%2Fclient.
func (p *tab) path(t *testing.T) string {
	t.Helper()
	return p.location(t).RequestURI()
}

// text is the visible text of the first element that the CSS selector
// matches, with runs of white space made one space, or "" when none
// matches. It does not wait: call it once the page has loaded.
func (p *tab) text(t *testing.T, selector string) string {
	t.Helper()
	return p.eval(t, `(document.querySelector(`+jsString(selector)+`)?.innerText ?? "").replace(/\s+/g, " ").trim()`)
}

// attr is an attribute of the first element that the CSS selector matches,
// or "" when there is no such element or attribute.
func (p *tab) attr(t *testing.T, selector, name string) string {
	t.Helper()
	return p.eval(t, `document.querySelector(`+jsString(selector)+`)?.getAttribute(`+jsString(name)+`) ?? ""`)
}

// value is the current value of a form control, or "" when there is none.
func (p *tab) value(t *testing.T, selector string) string {
	t.Helper()
	return p.eval(t, `document.querySelector(`+jsString(selector)+`)?.value ?? ""`)
}

// checked reports whether the checkbox or radio button is checked.
func (p *tab) checked(t *testing.T, selector string) bool {
	t.Helper()
	return p.eval(t, `String(document.querySelector(`+jsString(selector)+`)?.checked === true)`) == "true"
}

// flash is the text of the page's flash message, or "".
func (p *tab) flash(t *testing.T) string {
	t.Helper()
	return p.text(t, `main .alert--info[role="status"]`)
}

func (p *tab) eval(t *testing.T, js string) string {
	t.Helper()
	s, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](js))
	if err != nil {
		t.Fatalf("evaluate %s: %v", js, err)
	}
	return s
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// sessionCookie is the person's knead session cookie, read from the browser
// (it is HttpOnly, so only the DevTools protocol sees it).
func (p *person) sessionCookie(t *testing.T) *http.Cookie {
	t.Helper()
	res, err := chromedp.Call(p.ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{baseURL + "/"}})
	if err != nil {
		t.Fatalf("read cookies: %v", err)
	}
	for _, c := range res.Cookies {
		if c.Name == "knead_session" {
			return &http.Cookie{Name: c.Name, Value: c.Value}
		}
	}
	t.Fatalf("the browser has no knead_session cookie for %s", baseURL)
	return nil
}

// noRedirects is an HTTP client that reports redirects instead of following them.
var noRedirects = &http.Client{
	Timeout:       10 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// fetch gets path with Go's HTTP client, with cookie when it is not nil, and
// returns the status, the Location header and the body.
func fetch(t *testing.T, path string, cookie *http.Cookie) (int, string, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, baseURL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if cookie != nil {
		req.AddCookie(cookie)
	}
	resp, err := noRedirects.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: read body: %v", path, err)
	}
	return resp.StatusCode, resp.Header.Get("Location"), string(body)
}

// outboxMessage is one email as /admin/outbox shows it.
type outboxMessage struct {
	ID      int64  `json:"id"`
	Subject string `json:"subject"`
	Meta    string `json:"meta"` // "To Name <address> · kind · status · time"
	Body    string `json:"body"`
}

// newestMail opens /admin/outbox (p must be an admin) and returns the newest
// message to address whose subject contains subject.
func (p *person) newestMail(t *testing.T, address, subject string) outboxMessage {
	t.Helper()
	if resp := p.open(t, "/admin/outbox"); resp.Status != http.StatusOK {
		t.Fatalf("/admin/outbox: status %d, want 200", resp.Status)
	}
	js := `JSON.stringify([...document.querySelectorAll("[data-outbox]")].map((li) => ({
	id: Number(li.dataset.outbox),
	subject: li.querySelector("h2")?.innerText ?? "",
	meta: li.querySelector("p")?.innerText ?? "",
	body: li.querySelector("pre")?.textContent ?? "",
})))`
	var msgs []outboxMessage
	if err := json.Unmarshal([]byte(p.eval(t, js)), &msgs); err != nil {
		t.Fatalf("read the outbox: %v", err)
	}
	var newest *outboxMessage
	for i, m := range msgs {
		// The address sits in <…> after a name, or alone.
		if !strings.Contains(m.Meta, "<"+address+">") && !strings.HasPrefix(m.Meta, "To "+address+" ") {
			continue
		}
		if strings.Contains(m.Subject, subject) && (newest == nil || m.ID > newest.ID) {
			newest = &msgs[i]
		}
	}
	if newest == nil {
		t.Fatalf("the outbox's first page (%d messages) has no message to %s about %q", len(msgs), address, subject)
	}
	return *newest
}

// linkIn returns the path and query of the first link in body whose path is
// path, e.g. /verify-email?token=…, and the link as written.
func linkIn(t *testing.T, body, path string) (local, raw string) {
	t.Helper()
	re := regexp.MustCompile(`https?://[^\s/]+` + regexp.QuoteMeta(path) + `\?token=[^\s]+`)
	raw = re.FindString(body)
	if raw == "" {
		t.Fatalf("no %s link in the email:\n%s", path, body)
	}
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatalf("link %q: %v", raw, err)
	}
	if u.Query().Get("token") == "" {
		t.Fatalf("link %q has an empty token", raw)
	}
	return u.RequestURI(), raw
}

// checkLinkHost reports a link in an email that does not point at the server
// that sent it. The tests follow the link's path on baseURL either way, so
// that the rest of the flow is still tested.
func checkLinkHost(t *testing.T, raw string) {
	t.Helper()
	if !strings.HasPrefix(raw, baseURL+"/") {
		t.Errorf("the email's link %s does not point at the server (%s)", raw, baseURL)
	}
}

// uniqueEmail is an address no account has yet.
func uniqueEmail(who string) string {
	return who + "-" + strconv.FormatInt(time.Now().UnixNano(), 36) + "@e2e.knead.test"
}
