package account_test

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/knead/knead/internal/account"
	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/notify"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/testkit"
)

type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

type fixture struct {
	svc   *account.Service
	clock *clock
	ctx   context.Context
	t     *testing.T
	q     func() []store.OutboxMessage
}

func newFixture(t *testing.T) *fixture {
	d := testkit.OpenDB(t)
	c := &clock{time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)}
	svc, err := account.NewService(d, account.NewHasher(account.Cheap, 4), notify.NewMailer(testkit.Logger(), c.now),
		c.now, "https://knead.test", testkit.Logger())
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{svc: svc, clock: c, ctx: context.Background(), t: t, q: func() []store.OutboxMessage {
		msgs, err := store.OutboxPage(context.Background(), d.R(), 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		return msgs
	}}
}

func (f *fixture) signUp(email string) account.User {
	f.t.Helper()
	u, err := f.svc.SignUp(f.ctx, account.SignUpInput{Email: email, Password: "a calm long password", Name: "Ada Lovelace",
		Role: "client", TimeZone: "Europe/London"})
	if err != nil {
		f.t.Fatalf("sign up %s: %v", email, err)
	}
	return u
}

var linkRE = regexp.MustCompile(`https://knead\.test/[a-z-]+\?token=([A-Za-z0-9_-]+)`)

// lastLink returns the token of the newest email's link to addr.
func (f *fixture) lastLink(addr string) string {
	f.t.Helper()
	for _, m := range f.q() {
		if m.ToAddr == addr {
			if mm := linkRE.FindStringSubmatch(m.TextBody); mm != nil {
				return mm[1]
			}
		}
	}
	f.t.Fatalf("no email with a link to %s", addr)
	return ""
}

func problem(err error) string {
	if err == nil {
		return ""
	}
	return apperr.From(err).Problem
}

func TestSignUpValidation(t *testing.T) {
	f := newFixture(t)
	f.signUp("taken@example.test")
	tests := []struct {
		name       string
		in         account.SignUpInput
		problem    string
		fieldsWant []string
	}{
		{"ok", account.SignUpInput{Email: "new@example.test", Password: "a calm long password", Name: "N", Role: "therapist"}, "", nil},
		{"everything wrong", account.SignUpInput{Email: "not-an-email", Password: "short", Name: "", Role: "admin", TimeZone: "Mars/Base"},
			"invalid", []string{"email", "password", "name", "role", "time_zone"}},
		{"common password", account.SignUpInput{Email: "c@example.test", Password: "password123", Name: "C", Role: "client"},
			"invalid", []string{"password"}},
		{"email without a dot in the domain", account.SignUpInput{Email: "a@localhost", Password: "a calm long password", Name: "A", Role: "client"},
			"invalid", []string{"email"}},
		{"email taken in other case", account.SignUpInput{Email: "TAKEN@example.test", Password: "a calm long password", Name: "T", Role: "client"},
			"email-taken", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.svc.SignUp(f.ctx, tt.in)
			if got := problem(err); got != tt.problem {
				t.Fatalf("problem %q (%v), want %q", got, err, tt.problem)
			}
			fields := apperr.From(err).Fields
			if err != nil && len(fields) != len(tt.fieldsWant) {
				t.Errorf("fields %v, want exactly %v", fields, tt.fieldsWant)
			}
			for _, name := range tt.fieldsWant {
				if fields[name] == "" {
					t.Errorf("no message for %s in %v", name, fields)
				}
			}
		})
	}
}

func TestVerifyEmailThroughOutbox(t *testing.T) {
	f := newFixture(t)
	u := f.signUp("ada@example.test")
	if u.EmailVerified {
		t.Fatal("new account is verified before the link was used")
	}
	token := f.lastLink("ada@example.test")
	got, err := f.svc.VerifyEmail(f.ctx, token)
	if err != nil || !got.EmailVerified {
		t.Fatalf("VerifyEmail = %+v, %v", got, err)
	}
	if _, err := f.svc.VerifyEmail(f.ctx, token); !errors.Is(err, apperr.ErrNotFound) {
		t.Fatalf("second use of the link: %v, want not-found", err)
	}
	if _, err := f.svc.VerifyEmail(f.ctx, "forged"); !errors.Is(err, apperr.ErrNotFound) {
		t.Fatalf("forged link: %v, want not-found", err)
	}
}

func TestVerificationLinkExpires(t *testing.T) {
	f := newFixture(t)
	f.signUp("late@example.test")
	token := f.lastLink("late@example.test")
	f.clock.advance(account.VerifyLifetime + time.Second)
	if _, err := f.svc.VerifyEmail(f.ctx, token); !errors.Is(err, apperr.ErrNotFound) {
		t.Fatalf("expired link: %v, want not-found", err)
	}
}

func TestSignInThrottle(t *testing.T) {
	f := newFixture(t)
	f.signUp("ada@example.test")
	const addr = "192.0.2.1"
	wrong := func(email, from string) error {
		_, err := f.svc.SignIn(f.ctx, email, "not the password!", from)
		return err
	}
	unknown := wrong("nobody@example.test", "192.0.2.99")
	bad := wrong("ada@example.test", addr)
	if problem(bad) != "unauthenticated" || apperr.From(bad).Detail != apperr.From(unknown).Detail {
		t.Fatalf("unknown email %v and wrong password %v must answer the same", unknown, bad)
	}
	for i := 2; i <= account.ThrottleLimit; i++ {
		if err := wrong("ada@example.test", addr); problem(err) != "unauthenticated" {
			t.Fatalf("failure %d: %v", i, err)
		}
	}
	err := wrong("ada@example.test", addr)
	if problem(err) != "rate-limited" || apperr.From(err).RetryAfter <= 0 {
		t.Fatalf("after %d failures: %v, want rate-limited with a retry time", account.ThrottleLimit, err)
	}
	// The right password is refused too while throttled, from any address.
	if _, err := f.svc.SignIn(f.ctx, "ada@example.test", "a calm long password", "198.51.100.7"); problem(err) != "rate-limited" {
		t.Fatalf("right password while throttled: %v", err)
	}
	first := apperr.From(err).RetryAfter
	f.clock.advance(first)
	if err := wrong("ada@example.test", addr); problem(err) != "unauthenticated" {
		t.Fatalf("after waiting: %v, want another try", err)
	}
	if err := wrong("ada@example.test", addr); problem(err) != "rate-limited" || apperr.From(err).RetryAfter <= first {
		t.Fatalf("back-off did not grow: %v (first %s)", err, first)
	}
	// Never permanent: once the failures age out of the window, sign-in works.
	f.clock.advance(account.ThrottleWindow + time.Second)
	if _, err := f.svc.SignIn(f.ctx, "ada@example.test", "a calm long password", addr); err != nil {
		t.Fatalf("after the window: %v", err)
	}
}

func TestTokens(t *testing.T) {
	f := newFixture(t)
	u := f.signUp("ada@example.test")
	tok, err := f.svc.CreateToken(f.ctx, "ADA@example.test", "a calm long password", "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	if !tok.ExpiresAt.Equal(f.clock.now().Add(account.TokenLifetime)) {
		t.Errorf("expires %v, want 30 days on", tok.ExpiresAt)
	}
	p, err := f.svc.Authenticate(f.ctx, tok.Token)
	if err != nil || p.UserID != u.ID || p.Role != "client" || p.TokenID == 0 {
		t.Fatalf("Authenticate = %+v, %v", p, err)
	}
	for _, bad := range []string{"", "knead_nope", "Bearer " + tok.Token, tok.Token + "x"} {
		if _, err := f.svc.Authenticate(f.ctx, bad); problem(err) != "unauthenticated" {
			t.Errorf("Authenticate(%q) = %v", bad, err)
		}
	}
	if err := f.svc.RevokeToken(f.ctx, p.TokenID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Authenticate(f.ctx, tok.Token); problem(err) != "unauthenticated" {
		t.Fatalf("revoked token still works: %v", err)
	}
	tok2, _ := f.svc.CreateToken(f.ctx, "ada@example.test", "a calm long password", "192.0.2.1")
	f.clock.advance(account.TokenLifetime)
	if _, err := f.svc.Authenticate(f.ctx, tok2.Token); problem(err) != "unauthenticated" {
		t.Fatalf("expired token still works: %v", err)
	}
}

func TestPasswordReset(t *testing.T) {
	f := newFixture(t)
	f.signUp("ada@example.test")
	if err := f.svc.RequestPasswordReset(f.ctx, "nobody@example.test"); err != nil {
		t.Fatalf("reset for an unknown address must look the same: %v", err)
	}
	if err := f.svc.RequestPasswordReset(f.ctx, "Ada@example.test"); err != nil {
		t.Fatal(err)
	}
	token := f.lastLink("ada@example.test")
	if _, err := f.svc.ResetPassword(f.ctx, token, "short"); problem(err) != "invalid" {
		t.Fatalf("short new password: %v", err)
	}
	u, err := f.svc.ResetPassword(f.ctx, token, "a new calm password")
	if err != nil || !u.EmailVerified {
		t.Fatalf("reset: %+v %v", u, err)
	}
	if _, err := f.svc.SignIn(f.ctx, "ada@example.test", "a new calm password", "192.0.2.1"); err != nil {
		t.Fatalf("sign in with the new password: %v", err)
	}
	if _, err := f.svc.ResetPassword(f.ctx, token, "another calm password"); !errors.Is(err, apperr.ErrNotFound) {
		t.Fatalf("reset link reused: %v", err)
	}
}

func TestChangeEmailIsReverified(t *testing.T) {
	f := newFixture(t)
	u := f.signUp("ada@example.test")
	f.signUp("other@example.test")
	if _, err := f.svc.VerifyEmail(f.ctx, f.lastLink("ada@example.test")); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.ChangeEmail(f.ctx, u.ID, "wrong password!", "new@example.test"); problem(err) != "invalid" {
		t.Fatalf("wrong current password: %v", err)
	}
	if err := f.svc.ChangeEmail(f.ctx, u.ID, "a calm long password", "other@example.test"); problem(err) != "email-taken" {
		t.Fatalf("taken address: %v", err)
	}
	if err := f.svc.ChangeEmail(f.ctx, u.ID, "a calm long password", "new@example.test"); err != nil {
		t.Fatal(err)
	}
	if me, _ := f.svc.Me(f.ctx, u.ID); me.Email != "ada@example.test" || !me.EmailVerified {
		t.Fatalf("address changed before it was proven: %+v", me)
	}
	got, err := f.svc.VerifyEmail(f.ctx, f.lastLink("new@example.test"))
	if err != nil || got.Email != "new@example.test" || !got.EmailVerified {
		t.Fatalf("after verifying: %+v %v", got, err)
	}
}

func TestChangePasswordAndSettings(t *testing.T) {
	f := newFixture(t)
	u := f.signUp("ada@example.test")
	if err := f.svc.ChangePassword(f.ctx, u.ID, "wrong!", "a new calm password"); problem(err) != "invalid" {
		t.Fatalf("wrong current: %v", err)
	}
	if err := f.svc.ChangePassword(f.ctx, u.ID, "a calm long password", "1234567890"); problem(err) != "invalid" {
		t.Fatalf("common new password: %v", err)
	}
	if err := f.svc.ChangePassword(f.ctx, u.ID, "a calm long password", "a new calm password"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.SignIn(f.ctx, "ada@example.test", "a new calm password", "192.0.2.1"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.UpdateSettings(f.ctx, u.ID, "Ada", "Nowhere/Town"); problem(err) != "invalid" {
		t.Fatalf("bad zone: %v", err)
	}
	me, err := f.svc.UpdateSettings(f.ctx, u.ID, " Ada King ", "America/New_York")
	if err != nil || me.Name != "Ada King" || me.TimeZone != "America/New_York" {
		t.Fatalf("settings: %+v %v", me, err)
	}
}

func TestNoSecretsOrHealthInEmailHeaders(t *testing.T) {
	f := newFixture(t)
	_, err := f.svc.SignUp(f.ctx, account.SignUpInput{Email: "x@example.test", Password: "a calm long password",
		Name: "Eve\r\nBcc: victim@example.test", Role: "client"})
	if problem(err) != "invalid" {
		t.Fatalf("a name with a line break was accepted: %v", err)
	}
}

func TestPasswordChangeRevokesTokens(t *testing.T) {
	f := newFixture(t)
	u := f.signUp("ada@example.test")
	tok, err := f.svc.CreateToken(f.ctx, "ada@example.test", "a calm long password", "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	if err := f.svc.ChangePassword(f.ctx, u.ID, "a calm long password", "a new calm password"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Authenticate(f.ctx, tok.Token); problem(err) != "unauthenticated" {
		t.Fatalf("a token made before the password change still works: %v", err)
	}
}

func TestOddInputIsRefusedNotCrashed(t *testing.T) {
	f := newFixture(t)
	if _, err := f.svc.SignUp(f.ctx, account.SignUpInput{Email: "n@example.test", Password: "a calm long password",
		Name: "Ada\x00Lovelace", Role: "client"}); problem(err) != "invalid" {
		t.Fatalf("a NUL in the name: %v", err)
	}
	long := strings.Repeat("a", 5000) + "@example.test"
	if _, err := f.svc.SignIn(f.ctx, long, "whatever password", "192.0.2.1"); problem(err) != "unauthenticated" {
		t.Fatalf("a 5,000-character email: %v", err)
	}
}
