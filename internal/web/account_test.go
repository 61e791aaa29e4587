package web

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/knead/knead/internal/account"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/testkit"
)

type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

type browser struct {
	t      *testing.T
	base   string
	client *http.Client
}

func newSiteServer(t *testing.T) (*httptest.Server, *Server, *testClock) {
	d := testkit.OpenDB(t)
	s := newSite(t, d)
	clock := &testClock{t: time.Now()}
	s.Now = clock.now
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return srv, s, clock
}

func newBrowser(t *testing.T, srv *httptest.Server) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, base: srv.URL, client: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// do sends a request as a same-origin browser form post or page load.
func (b *browser) do(method, path string, form url.Values) (*http.Response, string) {
	b.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, b.base+path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		req.Header.Set("Origin", b.base)
	}
	res, err := b.client.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	return res, string(out)
}

func (b *browser) signUp(email, role string) {
	b.t.Helper()
	res, body := b.do("POST", "/signup", url.Values{"email": {email}, "password": {"a calm long password"},
		"name": {"Test Person"}, "role": {role}, "time_zone": {"Europe/Berlin"}})
	if res.StatusCode != http.StatusSeeOther {
		b.t.Fatalf("sign up: %d\n%.2000s", res.StatusCode, body)
	}
}

func TestSignUpLandsOnRoleHome(t *testing.T) {
	srv, _, _ := newSiteServer(t)
	for _, role := range []string{"client", "therapist"} {
		b := newBrowser(t, srv)
		b.signUp(role+"@example.test", role)
		res, body := b.do("GET", "/"+role, nil)
		if res.StatusCode != 200 || !strings.Contains(body, "Welcome to knead") || !strings.Contains(body, "Sign out") {
			t.Errorf("%s home: %d, flash or sign-out missing", role, res.StatusCode)
		}
		if _, body := b.do("GET", "/"+role, nil); strings.Contains(body, "Welcome to knead") {
			t.Errorf("%s: the flash showed twice", role)
		}
	}
}

func TestAccessRulesOnPages(t *testing.T) {
	srv, _, _ := newSiteServer(t)
	visitor := newBrowser(t, srv)
	client := newBrowser(t, srv)
	client.signUp("c@example.test", "client")
	therapist := newBrowser(t, srv)
	therapist.signUp("t@example.test", "therapist")
	tests := []struct {
		who      *browser
		name     string
		path     string
		status   int
		location string
	}{
		{visitor, "visitor", "/client", 303, "/signin?next=%2Fclient"},
		{visitor, "visitor", "/admin/outbox", 303, "/signin?next=%2Fadmin%2Foutbox"},
		{visitor, "visitor", "/signup", 200, ""},
		{client, "client", "/client", 200, ""},
		{client, "client", "/therapist", 403, ""},
		{client, "client", "/admin/outbox", 403, ""},
		{therapist, "therapist", "/therapist", 200, ""},
		{therapist, "therapist", "/admin", 403, ""},
		{therapist, "therapist", "/client", 403, ""},
	}
	for _, tt := range tests {
		res, body := tt.who.do("GET", tt.path, nil)
		if res.StatusCode != tt.status || res.Header.Get("Location") != tt.location {
			t.Errorf("%s GET %s: %d %q, want %d %q", tt.name, tt.path, res.StatusCode, res.Header.Get("Location"), tt.status, tt.location)
		}
		if tt.status == 403 && !strings.Contains(body, "This page is not for your account") {
			t.Errorf("%s GET %s: no 403 page", tt.name, tt.path)
		}
	}
}

func TestSignInReturnsToNextButNeverOffSite(t *testing.T) {
	srv, s, _ := newSiteServer(t)
	if _, err := s.Accounts.SignUp(context.Background(), account.SignUpInput{Email: "c@example.test",
		Password: "a calm long password", Name: "C", Role: "client"}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ next, want string }{
		{"/account", "/account"}, {"https://evil.example/", "/client"}, {"//evil.example", "/client"}, {"", "/client"},
	} {
		b := newBrowser(t, srv)
		res, _ := b.do("POST", "/signin", url.Values{"email": {"c@example.test"}, "password": {"a calm long password"}, "next": {tt.next}})
		if res.StatusCode != 303 || res.Header.Get("Location") != tt.want {
			t.Errorf("next=%q: %d to %q, want 303 to %q", tt.next, res.StatusCode, res.Header.Get("Location"), tt.want)
		}
	}
	b := newBrowser(t, srv)
	res, body := b.do("POST", "/signin", url.Values{"email": {"c@example.test"}, "password": {"wrong password!"}})
	if res.StatusCode != 401 || !strings.Contains(body, "email address or password is not right") {
		t.Errorf("wrong password: %d", res.StatusCode)
	}
}

// Therapists and admins are signed out after 15 idle minutes (DP-04);
// clients are not.
func TestIdleTimeoutByRole(t *testing.T) {
	srv, _, clock := newSiteServer(t)
	client, therapist := newBrowser(t, srv), newBrowser(t, srv)
	client.signUp("c@example.test", "client")
	therapist.signUp("t@example.test", "therapist")
	clock.advance(StaffIdle - time.Minute)
	if res, _ := therapist.do("GET", "/therapist", nil); res.StatusCode != 200 {
		t.Fatalf("therapist active within 15 minutes: %d", res.StatusCode)
	}
	clock.advance(StaffIdle - time.Minute) // activity above restarted the clock
	if res, _ := therapist.do("GET", "/therapist", nil); res.StatusCode != 200 {
		t.Fatalf("therapist after a request 14 minutes ago: %d", res.StatusCode)
	}
	clock.advance(StaffIdle + time.Minute)
	if res, _ := therapist.do("GET", "/therapist", nil); res.StatusCode != 303 {
		t.Fatalf("therapist idle 16 minutes: %d, want a redirect to sign in", res.StatusCode)
	}
	if res, _ := client.do("GET", "/client", nil); res.StatusCode != 200 {
		t.Fatalf("client after 45 idle minutes: %d, want still signed in", res.StatusCode)
	}
	clock.advance(ClientIdle)
	if res, _ := client.do("GET", "/client", nil); res.StatusCode != 303 {
		t.Fatalf("client idle over a week: %d, want signed out", res.StatusCode)
	}
}

func TestSessionCookieAndCrossOriginPosts(t *testing.T) {
	srv, _, _ := newSiteServer(t)
	b := newBrowser(t, srv)
	res, _ := b.do("POST", "/signup", url.Values{"email": {"c@example.test"}, "password": {"a calm long password"},
		"name": {"C"}, "role": {"client"}})
	var session *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == "knead_session" {
			session = c
		}
	}
	if session == nil || !session.HttpOnly || session.SameSite != http.SameSiteLaxMode || session.Secure {
		t.Fatalf("session cookie %+v: want HttpOnly, SameSite=Lax, not Secure on http", session)
	}
	req, _ := http.NewRequest("POST", srv.URL+"/signout", nil)
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.AddCookie(session)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site POST: %d, want 403", res.StatusCode)
	}
	if res, _ := b.do("GET", "/client", nil); res.StatusCode != 200 {
		t.Fatalf("the cross-site sign-out took effect: %d", res.StatusCode)
	}
	if res, _ := b.do("POST", "/signout", url.Values{}); res.StatusCode != 303 {
		t.Fatalf("sign out: %d", res.StatusCode)
	}
	if res, _ := b.do("GET", "/client", nil); res.StatusCode != 303 {
		t.Fatalf("after sign out /client: %d, want a redirect", res.StatusCode)
	}
}

// Every route carries an access rule, and only these are open to visitors.
func TestEveryRouteHasARule(t *testing.T) {
	s := newSite(t, testkit.OpenDB(t))
	public := map[string]bool{}
	for _, r := range s.Router().Routes() {
		if !r.Rule.Defined() {
			t.Errorf("route %s has no access rule", r.Pattern)
		}
		if r.Rule.Name() == authz.Public.Name() {
			public[r.Pattern] = true
		}
	}
	for _, private := range []string{"GET /account", "GET /admin/outbox", "GET /client", "GET /therapist", "GET /admin",
		"GET /api/v1/me", "DELETE /api/v1/tokens/current", "GET /appointments/{id}/ics", "GET /series/{id}/ics",
		"POST /account/calendar-feed", "POST /account/calendar-feed/delete"} {
		if public[private] {
			t.Errorf("%s is public", private)
		}
	}
}
