package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/knead/knead/internal/account"
	"github.com/knead/knead/internal/api"
	"github.com/knead/knead/internal/store"
)

func idem(key string) map[string]string { return map[string]string{"Idempotency-Key": key} }

func newAccount(email string) map[string]string {
	return map[string]string{"email": email, "password": "correct horse battery", "name": "Ana Lima", "role": "client"}
}

// A repeat with the same key and body gets the first answer, and nothing is
// done twice; errors are replayed too.
func TestIdempotentReplay(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.signUp(t, "taken@example.com", "client")
	tests := []struct {
		name   string
		path   string
		body   any
		status int
		// table counts rows that the first request writes and a replay
		// must not write again.
		table string
	}{
		{"account created", "/api/v1/accounts", newAccount("ana@example.com"), 201, "app_user"},
		{"token issued", "/api/v1/tokens", map[string]string{"email": "taken@example.com", "password": "correct horse battery"}, 201, "api_token"},
		{"invalid fields", "/api/v1/accounts", map[string]string{"email": "nope", "password": "short", "name": "A", "role": "client"}, 422, "app_user"},
		{"email taken", "/api/v1/accounts", newAccount("taken@example.com"), 409, "app_user"},
		{"wrong password", "/api/v1/tokens", map[string]string{"email": "taken@example.com", "password": "wrong password"}, 401, "signin_failure"},
		{"malformed", "/api/v1/accounts", "{", 400, "app_user"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := call{method: "POST", path: tt.path, body: tt.body, header: idem("key-" + strconv.Itoa(i)),
				breaksContract: tt.status == 422 || tt.status == 400}
			first := s.do(t, c)
			if first.status != tt.status {
				t.Fatalf("first: %d %s, want %d", first.status, first.body, tt.status)
			}
			if first.header.Get("Idempotent-Replayed") != "" {
				t.Error("a first answer is marked replayed")
			}
			rows := s.count(t, tt.table)
			for n := range 2 {
				again := s.do(t, c)
				if again.status != first.status || !bytes.Equal(again.body, first.body) {
					t.Errorf("repeat %d: %d %s\nwant the first answer: %d %s", n+1, again.status, again.body, first.status, first.body)
				}
				if again.header.Get("Idempotent-Replayed") != "true" {
					t.Errorf("repeat %d is not marked Idempotent-Replayed", n+1)
				}
				if ct := again.header.Get("Content-Type"); ct != first.header.Get("Content-Type") {
					t.Errorf("repeat %d: Content-Type %q, first %q", n+1, ct, first.header.Get("Content-Type"))
				}
			}
			if got := s.count(t, tt.table); got != rows {
				t.Errorf("%s has %d rows after repeats, %d after the first request", tt.table, got, rows)
			}
			// Without the key the request runs again.
			c.header = nil
			if r := s.do(t, c); tt.status == 201 && r.status == 201 && bytes.Equal(r.body, first.body) {
				t.Error("a request without a key was answered from the store")
			}
		})
	}
	if n := s.count(t, "app_user"); n != 2 {
		t.Errorf("%d accounts, want 2 (taken@ and ana@)", n)
	}
}

func TestIdempotencyMismatch(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	c := call{method: "POST", path: "/api/v1/accounts", body: newAccount("ana@example.com"), header: idem("k1")}
	if r := s.do(t, c); r.status != http.StatusCreated {
		t.Fatalf("first: %d %s", r.status, r.body)
	}
	tests := []struct {
		name string
		c    call
	}{
		{"another body", call{method: "POST", path: "/api/v1/accounts", body: newAccount("ben@example.com")}},
		{"the same JSON spaced otherwise", call{method: "POST", path: "/api/v1/accounts",
			body: `{"email": "ana@example.com", "password":"correct horse battery","name":"Ana Lima","role":"client"}`}},
		{"another endpoint", call{method: "POST", path: "/api/v1/tokens", body: newAccount("ana@example.com")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.c.header = idem("k1")
			r := s.do(t, tt.c)
			if r.status != http.StatusUnprocessableEntity || r.problem(t) != "idempotency-mismatch" {
				t.Fatalf("%d %s, want 422 idempotency-mismatch", r.status, r.body)
			}
		})
	}
	if n := s.count(t, "app_user"); n != 1 {
		t.Errorf("%d accounts, want 1", n)
	}
}

// Keys belong to the caller: the account when a token is sent, the network
// address otherwise.
func TestIdempotencyKeysAreScopedToTheCaller(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.signUp(t, "ana@example.com", "client")
	s.signUp(t, "ben@example.com", "client")
	ana, ben := s.token(t, "ana@example.com"), s.token(t, "ben@example.com")
	ana2 := s.token(t, "ana@example.com")
	signIn := func(email string) map[string]string {
		return map[string]string{"email": email, "password": "correct horse battery"}
	}
	steps := []struct {
		name    string
		c       call
		status  int
		problem string
	}{
		{"Ana's token", call{token: ana, body: signIn("ana@example.com")}, 201, ""},
		{"Ben's token, same key, his own body", call{token: ben, body: signIn("ben@example.com")}, 201, ""},
		{"no token from one address", call{from: "203.0.113.5", body: signIn("ana@example.com")}, 201, ""},
		{"no token from another address", call{from: "203.0.113.6", body: signIn("ben@example.com")}, 201, ""},
		{"Ana's other token shares her keys", call{token: ana2, body: signIn("ben@example.com")}, 422, "idempotency-mismatch"},
		{"Ben again replays his", call{token: ben, body: signIn("ben@example.com")}, 201, ""},
	}
	tokens := map[string]bool{}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			st.c.method, st.c.path, st.c.header = "POST", "/api/v1/tokens", idem("shared-key")
			r := s.do(t, st.c)
			if r.status != st.status || st.problem != "" && r.problem(t) != st.problem {
				t.Fatalf("%d %s, want %d %s", r.status, r.body, st.status, st.problem)
			}
			if r.status == 201 {
				tokens[r.str(t, "token")] = true
			}
		})
	}
	if len(tokens) != 4 {
		t.Errorf("%d distinct tokens issued, want 4 (Ana, Ben, and one per address)", len(tokens))
	}
}

func TestIdempotencyKeyFormat(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	tests := []struct {
		name, key string
		status    int
	}{
		{"255 characters", strings.Repeat("k", 255), 201},
		{"a UUID", "5f0c7d2e-8a41-4c1b-9d53-0b6f3e2a9c17", 201},
		{"256 characters", strings.Repeat("k", 256), 422},
		{"bytes that are not ASCII", "\xff\xfe-key", 422},
		{"UTF-8 that is not ASCII", "schlüssel", 422},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := s.do(t, call{method: "POST", path: "/api/v1/accounts", body: newAccount("p" + strconv.Itoa(i) + "@example.com"),
				header: idem(tt.key), breaksContract: tt.status != 201})
			if r.status != tt.status {
				t.Fatalf("%d %s, want %d", r.status, r.body, tt.status)
			}
			if tt.status == 422 {
				checkFields(t, r, "Idempotency-Key")
			}
		})
	}
}

// A request whose key is held by one still running is told so, not run.
func TestIdempotencyInProgress(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	body, _ := json.Marshal(newAccount("ana@example.com"))
	key, hash := api.IdempotencyRow("busy", append([]byte("POST /api/v1/accounts\n"), body...))
	now := s.clock.Now()
	claimed, _, err := store.ClaimIdempotencyKey(context.Background(), s.db.W(), "addr:192.0.2.10", key,
		hash, now, now.Add(-24*time.Hour))
	if err != nil || !claimed {
		t.Fatalf("claiming the key: %v %v", claimed, err)
	}
	r := s.do(t, call{method: "POST", path: "/api/v1/accounts", body: body, header: idem("busy")})
	if r.status != http.StatusConflict || r.problem(t) != "idempotency-in-progress" {
		t.Fatalf("%d %s, want 409 idempotency-in-progress", r.status, r.body)
	}
	if n := s.count(t, "app_user"); n != 0 {
		t.Errorf("%d accounts, want none", n)
	}
	// A key left from more than 24 hours ago is a new key.
	s.clock.Advance(24*time.Hour + time.Second)
	if r := s.do(t, call{method: "POST", path: "/api/v1/accounts", body: body, header: idem("busy")}); r.status != http.StatusCreated {
		t.Errorf("after 24 hours: %d %s, want 201", r.status, r.body)
	}
}

// A rate-limited attempt is not kept: retrying with the same key after
// Retry-After runs again instead of replaying the 429 for a day.
func TestIdempotencyDoesNotKeepRateLimits(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.signUp(t, "ana@example.com", "client")
	for range account.ThrottleLimit {
		s.do(t, call{method: "POST", path: "/api/v1/tokens", body: map[string]string{"email": "ana@example.com", "password": "wrong password"}})
	}
	c := call{method: "POST", path: "/api/v1/tokens", header: idem("retry-me"),
		body: map[string]string{"email": "ana@example.com", "password": "correct horse battery"}}
	r := s.do(t, c)
	if r.status != http.StatusTooManyRequests {
		t.Fatalf("%d %s, want 429", r.status, r.body)
	}
	retry, _ := strconv.Atoi(r.header.Get("Retry-After"))
	s.clock.Advance(time.Duration(retry) * time.Second)
	if r := s.do(t, c); r.status != http.StatusCreated {
		t.Errorf("retry after Retry-After with the same key: %d %s, want 201", r.status, r.body)
	}
}

// The table keeps neither the key, nor the request (it may hold a
// password), nor the answer (it may hold a new API token) in a readable form.
func TestIdempotencyStoresNothingReadable(t *testing.T) {
	s := newSite(t)
	s.signUp(t, "seal@example.test", "client")
	tokenCall := call{method: "POST", path: "/api/v1/tokens", header: idem("secret-key-123"),
		body: map[string]string{"email": "seal@example.test", "password": "correct horse battery"}}
	first := s.do(t, tokenCall)
	token := first.str(t, "token")
	var key string
	var body []byte
	if err := s.db.R().QueryRowContext(context.Background(),
		`select key, body from idempotency_key where body is not null`).Scan(&key, &body); err != nil {
		t.Fatal(err)
	}
	if key == "secret-key-123" || bytes.Contains(body, []byte(token)) || bytes.Contains(body, []byte("expires_at")) {
		t.Fatalf("stored key %q and body %q are readable", key, body)
	}
	replay := s.do(t, tokenCall)
	if replay.status != 201 || !bytes.Equal(replay.body, first.body) {
		t.Fatalf("replay: %d %s, want the first answer", replay.status, replay.body)
	}
}

// A key whose answer was kept more than 24 hours ago is a new key: another
// body under it runs, and is not refused as a mismatch nor answered with
// the old reply.
func TestIdempotencyKeptAnswerExpires(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	first := s.do(t, call{method: "POST", path: "/api/v1/accounts", body: newAccount("old@example.com"), header: idem("reused")})
	if first.status != http.StatusCreated {
		t.Fatalf("first: %d %s", first.status, first.body)
	}
	for _, tt := range []struct {
		after time.Duration
		email string
		want  int
	}{
		{time.Hour, "new@example.com", http.StatusUnprocessableEntity}, // idempotency-mismatch
		{24*time.Hour + time.Second, "new@example.com", http.StatusCreated},
	} {
		s.clock.Advance(tt.after)
		r := s.do(t, call{method: "POST", path: "/api/v1/accounts", body: newAccount(tt.email), header: idem("reused")})
		if r.status != tt.want || r.header.Get("Idempotent-Replayed") != "" {
			t.Errorf("after %s: %d %s (replayed %q), want %d", tt.after, r.status, r.body, r.header.Get("Idempotent-Replayed"), tt.want)
		}
	}
	if n := s.count(t, "app_user"); n != 2 {
		t.Errorf("%d accounts, want 2", n)
	}
}
