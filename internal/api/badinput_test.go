package api_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"

	"github.com/knead/knead/internal/config"
)

// want is the answer a bad input must get from one endpoint: a status and
// problem, and for 422 the fields named. A zero want is the endpoint's
// success: calls without a body ignore what is sent.
type want struct {
	status  int
	problem string
	fields  []string
}

var (
	success    = want{}
	malformed  = want{http.StatusBadRequest, "malformed", nil}
	tooLarge   = want{http.StatusRequestEntityTooLarge, "too-large", nil}
	badSignIn  = want{http.StatusUnauthorized, "unauthenticated", nil}
	badToken   = want{http.StatusUnauthorized, "unauthenticated", nil}
	allMissing = invalid("email", "password", "name", "role")
)

func invalid(fields ...string) want {
	return want{http.StatusUnprocessableEntity, "invalid", fields}
}

// noise is incompressible text, so a database cannot shrink it to fit an index.
func noise(n int) string {
	r := rand.New(rand.NewPCG(1, 2))
	b := make([]byte, n*3/4+3)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return base64.RawURLEncoding.EncodeToString(b)[:n]
}

// object is a complete sign-up body with some members replaced; tokens
// read its email and password and ignore the rest.
func object(email string, replace map[string]any) string {
	m := map[string]any{"email": email, "password": "correct horse battery", "name": "Ana Lima", "role": "client"}
	for k, v := range replace {
		m[k] = v
	}
	b, err := json.Marshal(m)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// Every endpoint answers bad input with its documented 4xx problem, never a
// 5xx, and every answer matches the document (do checks both).
func TestBadInput(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.signUp(t, "owner@example.com", "client")
	huge := strings.Repeat(" ", config.MaxBodyBytes-1) + "{}" // 1 MiB + 1 byte of valid JSON

	type endpoint struct {
		method, path string
		body         bool // reads a JSON body
	}
	accounts := endpoint{"POST", "/api/v1/accounts", true}
	tokens := endpoint{"POST", "/api/v1/tokens", true}
	others := []endpoint{{"DELETE", "/api/v1/tokens/current", false}, {"GET", "/api/v1/me", false}, {"GET", "/api/openapi.json", false}}

	tests := []struct {
		name        string
		body        func(email string) string
		contentType string // application/json when empty; "none" for none
		chunked     bool
		badToken    bool
		// accounts and tokens are the answers of the POSTs; others of
		// the calls without a body.
		accounts, tokens, others want
	}{
		{name: "broken JSON", body: func(string) string { return `{"email": "a@example.com",` }, accounts: malformed, tokens: malformed},
		{name: "empty body", body: func(string) string { return "" }, accounts: malformed, tokens: malformed},
		{name: "only spaces", body: func(string) string { return " \r\n\t " }, accounts: malformed, tokens: malformed},
		{name: "array", body: func(e string) string { return "[" + object(e, nil) + "]" }, accounts: malformed, tokens: malformed},
		{name: "string", body: func(string) string { return `"email"` }, accounts: malformed, tokens: malformed},
		{name: "number", body: func(string) string { return `42` }, accounts: malformed, tokens: malformed},
		{name: "null", body: func(string) string { return `null` }, accounts: malformed, tokens: malformed},
		{name: "two objects", body: func(e string) string { return object(e, nil) + object(e, nil) }, accounts: malformed, tokens: malformed},
		{name: "trailing garbage", body: func(e string) string { return object(e, nil) + " x" }, accounts: malformed, tokens: malformed},
		{name: "deeply nested", body: func(string) string { return `{"name":` + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + "}" }, accounts: malformed, tokens: malformed},
		{name: "invalid UTF-8 bytes", body: func(e string) string { return strings.Replace(object(e, nil), "Ana", "A\xff\xfena", 1) }, accounts: malformed, tokens: malformed},
		{name: "unknown members only", body: func(string) string { return `{"admin": true, "id": "1"}` }, accounts: allMissing, tokens: badSignIn},
		{name: "email a number", body: func(e string) string { return object(e, map[string]any{"email": 42}) }, accounts: invalid("email"), tokens: invalid("email")},
		{name: "password an object", body: func(e string) string { return object(e, map[string]any{"password": map[string]any{"p": 1}}) }, accounts: invalid("password"), tokens: invalid("password")},
		{name: "name an array", body: func(e string) string { return object(e, map[string]any{"name": []string{"Ana"}}) }, accounts: invalid("name"), tokens: badSignIn},
		{name: "role a boolean", body: func(e string) string { return object(e, map[string]any{"role": true}) }, accounts: invalid("role"), tokens: badSignIn},
		{name: "time zone a number", body: func(e string) string { return object(e, map[string]any{"time_zone": -5}) }, accounts: invalid("time_zone"), tokens: badSignIn},
		{name: "every member the wrong type", body: func(string) string {
			return `{"email": 1, "password": {}, "name": [], "role": true, "time_zone": 1.5}`
		}, accounts: invalid("email", "password", "name", "role", "time_zone"), tokens: invalid("email", "password")},
		{name: "huge strings", body: func(string) string {
			return object(noise(200_000)+"@example.com", map[string]any{"password": noise(200_000), "name": noise(200_000),
				"role": noise(100_000), "time_zone": noise(100_000)})
		}, accounts: invalid("email", "password", "name", "role", "time_zone"), tokens: badSignIn},
		{name: "huge email", body: func(string) string { return object(noise(900_000)+"@example.com", nil) }, accounts: invalid("email"), tokens: badSignIn},
		{name: "NUL in name", body: func(e string) string { return object(e, map[string]any{"name": "Ana\x00Lima"}) }, accounts: invalid("name"), tokens: badSignIn},
		{name: "NUL in email", body: func(string) string { return object("ana\x00@example.com", nil) }, accounts: invalid("email"), tokens: invalid("email")},
		{name: "NUL in password", body: func(e string) string { return object(e, map[string]any{"password": "correct\x00horse battery"}) }, accounts: invalid("password"), tokens: invalid("password")},
		{name: "bell and escape in name", body: func(e string) string { return object(e, map[string]any{"name": "Ana\x07\x1b[31mLima"}) }, accounts: invalid("name"), tokens: badSignIn},
		{name: "C1 control in name", body: func(e string) string { return object(e, map[string]any{"name": "Ana\u0085Lima"}) }, accounts: invalid("name"), tokens: badSignIn},
		{name: "DEL in time zone", body: func(e string) string { return object(e, map[string]any{"time_zone": "UTC\x7f"}) }, accounts: invalid("time_zone"), tokens: badSignIn},
		{name: "line break in name", body: func(e string) string { return object(e, map[string]any{"name": "Ana\nLima"}) }, accounts: invalid("name"), tokens: badSignIn},
		{name: "body over 1 MiB", body: func(string) string { return huge }, accounts: tooLarge, tokens: tooLarge, others: tooLarge},
		{name: "body over 1 MiB without length", body: func(string) string { return huge }, chunked: true, accounts: tooLarge, tokens: tooLarge},
		{name: "text/plain", body: func(e string) string { return object(e, nil) }, contentType: "text/plain", accounts: malformed, tokens: malformed},
		{name: "form", body: func(string) string { return "email=a%40example.com&password=x" }, contentType: "application/x-www-form-urlencoded", accounts: malformed, tokens: malformed},
		{name: "application/jsonx", body: func(e string) string { return object(e, nil) }, contentType: "application/jsonx", accounts: malformed, tokens: malformed},
		{name: "JSON media type in capitals", body: func(e string) string { return object(e, nil) }, contentType: "Application/JSON; charset=UTF-8", accounts: success, tokens: badSignIn},
		{name: "no Content-Type", body: func(e string) string { return object(e, nil) }, contentType: "none", accounts: success, tokens: badSignIn},
		{name: "bad bearer token", body: func(e string) string { return object(e, nil) }, badToken: true, accounts: badToken, tokens: badToken, others: badToken},
	}
	for i, tt := range tests {
		eps := append([]endpoint{accounts, tokens}, others...)
		for j, ep := range eps {
			t.Run(tt.name+"/"+ep.method+" "+ep.path, func(t *testing.T) {
				email := fmt.Sprintf("row%d.%d@example.com", i, j)
				c := call{method: ep.method, path: ep.path, body: tt.body(email), chunked: tt.chunked,
					from: fmt.Sprintf("10.0.%d.%d", i, j), breaksContract: true, header: map[string]string{}}
				switch tt.contentType {
				case "":
				case "none":
					c.header["Content-Type"] = ""
				default:
					c.header["Content-Type"] = tt.contentType
				}
				exp := tt.others
				switch ep {
				case accounts:
					exp = tt.accounts
				case tokens:
					exp = tt.tokens
				}
				if tt.badToken {
					c.token = "knead_not-a-token"
				} else if ep.path != "/api/openapi.json" && !ep.body {
					c.token = s.token(t, "owner@example.com")
				}
				r := s.do(t, c)
				if exp.status == 0 {
					if r.status >= 300 {
						t.Fatalf("%d %s, want success", r.status, r.body)
					}
					return
				}
				if r.status != exp.status || r.problem(t) != exp.problem {
					t.Fatalf("%d %.300s\nwant %d %s", r.status, r.body, exp.status, exp.problem)
				}
				if exp.fields != nil {
					checkFields(t, r, exp.fields...)
				}
			})
		}
	}
	if n := s.count(t, "app_user"); n != 3 {
		t.Errorf("%d accounts, want 3 (the owner and the two good sign-ups)", n)
	}
}
