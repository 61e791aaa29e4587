package api_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/knead/knead/internal/account"
)

func TestCreateAccount(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	r := s.do(t, call{method: "POST", path: "/api/v1/accounts", body: map[string]string{
		"email": "ana.lima@example.com", "password": "correct horse battery", "name": "Ana Lima",
		"role": "therapist", "time_zone": "America/Toronto"}})
	if r.status != http.StatusCreated {
		t.Fatalf("status %d, want 201: %s", r.status, r.body)
	}
	got := r.json(t)
	if got["email"] != "ana.lima@example.com" || got["name"] != "Ana Lima" || got["role"] != "therapist" ||
		got["email_verified"] != false || got["id"] == "" {
		t.Errorf("account %v", got)
	}
	if _, ok := got["id"].(string); !ok {
		t.Errorf("id %v is not a string", got["id"])
	}
	me := s.do(t, call{method: "GET", path: "/api/v1/me", token: s.token(t, "ana.lima@example.com")})
	if me.str(t, "time_zone") != "America/Toronto" || me.str(t, "id") != got["id"] {
		t.Errorf("GET /me after sign-up: %s", me.body)
	}

	tests := []struct {
		name   string
		body   map[string]any
		status int
		fields []string // the invalid fields, exactly
	}{
		{"email taken", map[string]any{"email": "ana.lima@example.com", "password": "another good one", "name": "A", "role": "client"}, 409, nil},
		{"email taken in other case", map[string]any{"email": "Ana.Lima@Example.com", "password": "another good one", "name": "A", "role": "client"}, 409, nil},
		{"short password", map[string]any{"email": "b@example.com", "password": "short", "name": "B", "role": "client"}, 422, []string{"password"}},
		{"common password", map[string]any{"email": "b@example.com", "password": "password123", "name": "B", "role": "client"}, 422, []string{"password"}},
		{"password is the email", map[string]any{"email": "bert@example.com", "password": "bert@example.com", "name": "B", "role": "client"}, 422, []string{"password"}},
		{"bad email", map[string]any{"email": "not an email", "password": "correct horse battery", "name": "B", "role": "client"}, 422, []string{"email"}},
		{"email without domain dot", map[string]any{"email": "b@localhost", "password": "correct horse battery", "name": "B", "role": "client"}, 422, []string{"email"}},
		{"role admin", map[string]any{"email": "b@example.com", "password": "correct horse battery", "name": "B", "role": "admin"}, 422, []string{"role"}},
		{"unknown time zone", map[string]any{"email": "b@example.com", "password": "correct horse battery", "name": "B", "role": "client", "time_zone": "Mars/Olympus"}, 422, []string{"time_zone"}},
		{"everything wrong", map[string]any{"email": "x", "password": "1234567890", "name": "", "role": "root"}, 422, []string{"email", "password", "name", "role"}},
		{"nothing sent", map[string]any{}, 422, []string{"email", "password", "name", "role"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := s.count(t, "app_user")
			r := s.do(t, call{method: "POST", path: "/api/v1/accounts", body: tt.body, breaksContract: tt.fields != nil})
			if r.status != tt.status {
				t.Fatalf("status %d, want %d: %s", r.status, tt.status, r.body)
			}
			if tt.status == 409 && r.problem(t) != "email-taken" {
				t.Errorf("problem %q, want email-taken", r.problem(t))
			}
			if tt.fields != nil {
				checkFields(t, r, tt.fields...)
			}
			if n := s.count(t, "app_user"); n != before {
				t.Errorf("%d accounts after a refused sign-up, want %d", n, before)
			}
		})
	}
}

// checkFields checks a 422 invalid answer names exactly these fields, each
// with a message.
func checkFields(t *testing.T, r reply, fields ...string) {
	t.Helper()
	if r.status != http.StatusUnprocessableEntity || r.problem(t) != "invalid" {
		t.Fatalf("answer %d %s, want 422 invalid", r.status, r.problem(t))
	}
	errs, _ := r.json(t)["errors"].(map[string]any)
	if len(errs) != len(fields) {
		t.Errorf("errors %v, want exactly %v", errs, fields)
	}
	for _, f := range fields {
		if msg, _ := errs[f].(string); msg == "" {
			t.Errorf("no message for %q in %v", f, errs)
		}
	}
}

func TestTokensAndMe(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	id := s.signUp(t, "ana@example.com", "client")

	r := s.do(t, call{method: "POST", path: "/api/v1/tokens",
		body: map[string]string{"email": "ANA@example.com", "password": "correct horse battery"}})
	if r.status != http.StatusCreated {
		t.Fatalf("POST /tokens: %d %s", r.status, r.body)
	}
	token := r.str(t, "token")
	expires, err := time.Parse(time.RFC3339, r.str(t, "expires_at"))
	if want := s.clock.Now().Add(30 * 24 * time.Hour); err != nil || !expires.Equal(want) {
		t.Errorf("expires_at %q, want %s (30 days on)", r.str(t, "expires_at"), want.Format(time.RFC3339))
	}

	me := s.do(t, call{method: "GET", path: "/api/v1/me", token: token})
	if me.status != http.StatusOK {
		t.Fatalf("GET /me: %d %s", me.status, me.body)
	}
	got := me.json(t)
	if got["id"] != id || got["email"] != "ana@example.com" || got["role"] != "client" ||
		got["time_zone"] != "UTC" || got["email_verified"] != false {
		t.Errorf("GET /me = %v", got)
	}

	// A second token is independent of the first.
	other := s.token(t, "ana@example.com")
	if other == token {
		t.Fatal("two sign-ins gave the same token")
	}
	if r := s.do(t, call{method: "DELETE", path: "/api/v1/tokens/current", token: token}); r.status != http.StatusNoContent || len(r.body) != 0 {
		t.Fatalf("DELETE /tokens/current: %d %q", r.status, r.body)
	}
	for _, c := range []call{
		{method: "GET", path: "/api/v1/me", token: token},
		{method: "DELETE", path: "/api/v1/tokens/current", token: token},
	} {
		if r := s.do(t, c); r.status != http.StatusUnauthorized || r.problem(t) != "unauthenticated" {
			t.Errorf("%s with a revoked token: %d %s, want 401 unauthenticated", c.method+" "+c.path, r.status, r.body)
		}
	}
	if r := s.do(t, call{method: "GET", path: "/api/v1/me", token: other}); r.status != http.StatusOK {
		t.Errorf("the other token stopped working too: %d", r.status)
	}

	// Tokens expire after 30 days.
	s.clock.Advance(30*24*time.Hour + time.Second)
	if r := s.do(t, call{method: "GET", path: "/api/v1/me", token: other}); r.status != http.StatusUnauthorized {
		t.Errorf("a token 30 days old: %d, want 401", r.status)
	}
}

func TestUnauthenticated(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.signUp(t, "ana@example.com", "client")
	good := s.token(t, "ana@example.com")
	tests := []struct {
		name, authorization string
	}{
		{"no token", ""},
		{"unknown token", "Bearer knead_" + strings.Repeat("x", 40)},
		{"not our prefix", "Bearer abc"},
		{"empty bearer", "Bearer "},
		{"other scheme", "Basic " + good},
		{"token without scheme", good},
		{"over-long token", "Bearer knead_" + strings.Repeat("a", 5000)},
		{"token with a tail", "Bearer " + good + "x"},
	}
	for _, tt := range tests {
		for _, c := range []call{{method: "GET", path: "/api/v1/me"}, {method: "DELETE", path: "/api/v1/tokens/current"}} {
			t.Run(tt.name+" "+c.method, func(t *testing.T) {
				if tt.authorization != "" {
					c.header = map[string]string{"Authorization": tt.authorization}
				}
				c.breaksContract = true
				r := s.do(t, c)
				if r.status != http.StatusUnauthorized || r.problem(t) != "unauthenticated" {
					t.Fatalf("%d %s, want 401 unauthenticated", r.status, r.body)
				}
				if !strings.HasPrefix(r.header.Get("WWW-Authenticate"), "Bearer") {
					t.Errorf("WWW-Authenticate %q, want a Bearer challenge", r.header.Get("WWW-Authenticate"))
				}
			})
		}
	}
	// The good token still works after all that.
	if r := s.do(t, call{method: "GET", path: "/api/v1/me", token: good}); r.status != http.StatusOK {
		t.Errorf("GET /me with the good token: %d", r.status)
	}
}

// A browser session can read /me but has no token to revoke.
func TestSessionCookieOnTheAPI(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.signUp(t, "ana@example.com", "client")
	cookie := signInWithForm(t, s, "ana@example.com")
	r := s.do(t, call{method: "GET", path: "/api/v1/me", header: map[string]string{"Cookie": cookie}, breaksContract: true})
	if r.status != http.StatusOK || r.str(t, "email") != "ana@example.com" {
		t.Errorf("GET /me with a session: %d %s", r.status, r.body)
	}
	r = s.do(t, call{method: "DELETE", path: "/api/v1/tokens/current", header: map[string]string{"Cookie": cookie}, breaksContract: true})
	if r.status != http.StatusBadRequest || r.problem(t) != "malformed" {
		t.Errorf("DELETE /tokens/current with a session: %d %s, want 400 malformed", r.status, r.body)
	}
}

// signInWithForm signs in on the sign-in page and returns the session cookie.
func signInWithForm(t *testing.T, s *site, email string) string {
	t.Helper()
	form := "email=" + email + "&password=correct+horse+battery"
	req := newFormRequest("POST", "/signin", form)
	rec := serve(s, req)
	for _, c := range rec.Result().Cookies() {
		if c.Name == "knead_session" && c.Value != "" {
			return c.Name + "=" + c.Value
		}
	}
	t.Fatalf("sign-in page: %d, no session cookie", rec.Code)
	return ""
}

func TestSignInFailures(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.signUp(t, "ana@example.com", "client")

	unknown := s.do(t, call{method: "POST", path: "/api/v1/tokens", from: "203.0.113.1",
		body: map[string]string{"email": "nobody@example.com", "password": "correct horse battery"}})
	wrong := s.do(t, call{method: "POST", path: "/api/v1/tokens", from: "203.0.113.1",
		body: map[string]string{"email": "ana@example.com", "password": "not the password"}})
	for _, r := range []reply{unknown, wrong} {
		if r.status != http.StatusUnauthorized || r.problem(t) != "unauthenticated" {
			t.Fatalf("bad sign-in: %d %s, want 401 unauthenticated", r.status, r.body)
		}
	}
	if unknown.str(t, "detail") != wrong.str(t, "detail") || unknown.str(t, "detail") == "" {
		t.Errorf("unknown email and wrong password differ: %q vs %q", unknown.str(t, "detail"), wrong.str(t, "detail"))
	}
}

func TestSignInThrottle(t *testing.T) {
	t.Parallel()
	good := map[string]string{"email": "ana@example.com", "password": "correct horse battery"}
	tests := []struct {
		name string
		// failure is the n-th failed attempt; each comes from
		// failureFrom(n) and names failureEmail(n).
		failureFrom, failureEmail func(n int) string
		// probe is the attempt after five failures, with the right
		// password; afterwards is where it is throttled from.
		probeFrom string
	}{
		{"one email from many addresses",
			func(n int) string { return "203.0.113." + strconv.Itoa(n+1) },
			func(int) string { return "ana@example.com" },
			"203.0.113.99"},
		{"one address for many emails",
			func(int) string { return "198.51.100.7" },
			func(n int) string { return "guess" + strconv.Itoa(n) + "@example.com" },
			"198.51.100.7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSite(t)
			s.signUp(t, "ana@example.com", "client")
			for n := range account.ThrottleLimit {
				r := s.do(t, call{method: "POST", path: "/api/v1/tokens", from: tt.failureFrom(n),
					body: map[string]string{"email": tt.failureEmail(n), "password": "wrong password"}})
				if r.status != http.StatusUnauthorized {
					t.Fatalf("failure %d: %d %s, want 401", n+1, r.status, r.body)
				}
			}
			r := s.do(t, call{method: "POST", path: "/api/v1/tokens", from: tt.probeFrom, body: good})
			if r.status != http.StatusTooManyRequests || r.problem(t) != "rate-limited" {
				t.Fatalf("after %d failures: %d %s, want 429 rate-limited", account.ThrottleLimit, r.status, r.body)
			}
			retry, err := strconv.Atoi(r.header.Get("Retry-After"))
			if err != nil || retry < 1 || retry > int(account.ThrottleWindow.Seconds()) {
				t.Fatalf("Retry-After %q, want whole seconds, at most the window", r.header.Get("Retry-After"))
			}
			// Someone else, from elsewhere, is not held up.
			s.signUp(t, "ben@example.com", "client")
			if r := s.do(t, call{method: "POST", path: "/api/v1/tokens", from: "192.0.2.200",
				body: map[string]string{"email": "ben@example.com", "password": "correct horse battery"}}); r.status != http.StatusCreated {
				t.Errorf("an unrelated sign-in: %d, want 201", r.status)
			}
			// Never a permanent lock: after Retry-After the right password works.
			s.clock.Advance(time.Duration(retry) * time.Second)
			if r := s.do(t, call{method: "POST", path: "/api/v1/tokens", from: tt.probeFrom, body: good}); r.status != http.StatusCreated {
				t.Errorf("after waiting Retry-After: %d %s, want 201", r.status, r.body)
			}
		})
	}
}

// A browser on another site cannot make state-changing calls, even with a
// token; GET stays readable.
func TestCrossOriginBrowserRequests(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.signUp(t, "ana@example.com", "client")
	token := s.token(t, "ana@example.com")
	tests := []struct {
		c      call
		status int
	}{
		{call{method: "POST", path: "/api/v1/accounts", body: newAccount("ben@example.com")}, 403},
		{call{method: "POST", path: "/api/v1/tokens", body: map[string]string{"email": "ana@example.com", "password": "correct horse battery"}}, 403},
		{call{method: "DELETE", path: "/api/v1/tokens/current", token: token}, 403},
		{call{method: "GET", path: "/api/v1/me", token: token}, 200},
	}
	for _, tt := range tests {
		t.Run(tt.c.method+" "+tt.c.path, func(t *testing.T) {
			tt.c.header = map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}
			r := s.do(t, tt.c)
			if r.status != tt.status || tt.status == 403 && r.problem(t) != "forbidden" {
				t.Fatalf("%d %s, want %d", r.status, r.body, tt.status)
			}
		})
	}
	if n := s.count(t, "app_user"); n != 1 {
		t.Errorf("%d accounts, want 1", n)
	}
	if r := s.do(t, call{method: "GET", path: "/api/v1/me", token: token}); r.status != http.StatusOK {
		t.Errorf("the token was revoked by a cross-site request: %d", r.status)
	}
}
