//go:build e2e

package e2e

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestClientSignUpVerifySignOutSignIn follows a new client from sign-up
// through email confirmation (the link read from the admin outbox) to
// signing out and in again.
func TestClientSignUpVerifySignOutSignIn(t *testing.T) {
	const name, password = "Ada Okafor", "a quiet walk by the river"
	email := uniqueEmail("client")

	client := newPerson(t, "")
	if resp := client.open(t, "/signup"); resp.Status != http.StatusOK {
		t.Fatalf("/signup: status %d, want 200", resp.Status)
	}
	if !client.checked(t, `input[name="role"][value="client"]`) {
		t.Error("sign-up: the client role is not chosen by default")
	}
	zone := client.value(t, "#f-time_zone")
	if zone == "" {
		t.Error("sign-up: no time zone is preselected")
	}
	client.fill(t, [2]string{"#f-name", name}, [2]string{"#f-email", email}, [2]string{"#f-password", password})
	resp := client.press(t, button("Create account"))
	if resp.Status != http.StatusOK || client.path(t) != "/client" {
		t.Fatalf("sign up: status %d at %s, want 200 at /client; errors: %q", resp.Status, client.path(t),
			client.text(t, "#form-errors"))
	}
	if got, want := client.flash(t), "Welcome to knead. We sent a link to "+email+" to confirm your address."; got != want {
		t.Errorf("after sign-up: flash %q, want %q", got, want)
	}
	if got := client.text(t, "h1"); got != "Hello, "+name {
		t.Errorf("client home: h1 %q, want %q", got, "Hello, "+name)
	}

	client.open(t, "/account")
	if got := client.text(t, "main"); !strings.Contains(got, email+" is not confirmed yet.") {
		t.Errorf("/account before confirming does not say %q:\n%s", email+" is not confirmed yet.", got)
	}
	if got := client.value(t, "#f-time_zone"); got != zone {
		t.Errorf("/account: time zone %q, want the %q chosen on sign-up", got, zone)
	}

	admin := signedIn(t, demoAdmin, demoPassword, "/admin")
	mail := admin.newestMail(t, email, "Confirm your email address")
	linkPath, raw := linkIn(t, mail.Body, "/verify-email")
	checkLinkHost(t, raw)

	if resp := client.open(t, linkPath); resp.Status != http.StatusOK {
		t.Fatalf("%s: status %d, want 200", linkPath, resp.Status)
	}
	resp = client.press(t, button("Confirm my email address"))
	if resp.Status != http.StatusOK || client.path(t) != "/client" {
		t.Fatalf("confirm: status %d at %s, want 200 at /client; errors: %q", resp.Status, client.path(t),
			client.text(t, "#form-errors"))
	}
	if got, want := client.flash(t), "Thank you: "+email+" is confirmed."; got != want {
		t.Errorf("after confirming: flash %q, want %q", got, want)
	}
	client.open(t, "/account")
	if got := client.text(t, "main"); strings.Contains(got, "not confirmed yet") {
		t.Errorf("/account after confirming still says %q:\n%s", "not confirmed yet", got)
	}
	if got := client.text(t, ".badge--ok"); got != "confirmed" {
		t.Errorf("/account after confirming: badge %q, want %q", got, "confirmed")
	}

	client.signOut(t)
	client.open(t, "/signin")
	resp = client.signIn(t, email, password)
	if resp.Status != http.StatusOK || client.path(t) != "/client" {
		t.Fatalf("sign in again: status %d at %s, want 200 at /client; errors: %q", resp.Status, client.path(t),
			client.text(t, "#form-errors"))
	}
	client.open(t, "/signin")
	if got := client.path(t); got != "/client" {
		t.Errorf("/signin when signed in went to %s, want /client", got)
	}
}

// TestSignUpShowsFieldErrors sends bad sign-up forms and checks the 422
// page: an error summary linking to each field, messages at the fields tied
// to the inputs, the input kept, and no axe violations in that state.
func TestSignUpShowsFieldErrors(t *testing.T) {
	for _, tc := range []struct {
		name                  string
		fullName, email, pass string
		wantErrors            map[string]string // field name: message
		wantTitle             string
	}{
		{
			name:     "short password and bad email",
			fullName: "Grace Mbeki", email: "grace@example", pass: "short",
			wantErrors: map[string]string{
				"email":    "Enter an email address like name@example.com.",
				"password": "Use at least 10 characters.",
			},
			wantTitle: "Please check these fields",
		},
		{
			name:     "common password",
			fullName: "Tomás Ruiz", email: uniqueEmail("tomas"), pass: "1234567890",
			wantErrors: map[string]string{
				"password": "This password is too common. Choose one that is harder to guess.",
			},
			wantTitle: "Please check this field",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := newPerson(t, baseURL+"/signup")
			p.open(t, "/signup")
			p.fill(t, [2]string{"#f-name", tc.fullName}, [2]string{"#f-email", tc.email}, [2]string{"#f-password", tc.pass})
			resp := p.press(t, button("Create account"))
			if resp.Status != http.StatusUnprocessableEntity || p.path(t) != "/signup" {
				t.Fatalf("status %d at %s, want 422 at /signup", resp.Status, p.path(t))
			}

			if got := p.attr(t, "#form-errors", "role"); got != "alert" {
				t.Errorf("error summary: role %q, want alert", got)
			}
			if got := p.text(t, "#form-errors h2"); got != tc.wantTitle {
				t.Errorf("error summary title %q, want %q", got, tc.wantTitle)
			}
			if n := p.count(t, "#form-errors li a"); n != len(tc.wantErrors) {
				t.Errorf("error summary has %d links, want %d: %q", n, len(tc.wantErrors), p.text(t, "#form-errors"))
			}
			for _, field := range []string{"name", "email", "password"} {
				input := "#f-" + field
				msg, bad := tc.wantErrors[field]
				if !bad {
					if got := p.attr(t, input, "aria-invalid"); got != "" {
						t.Errorf("%s: aria-invalid=%q on a valid field", input, got)
					}
					if got := p.text(t, input+"-error"); got != "" {
						t.Errorf("%s: error message %q on a valid field", input, got)
					}
					continue
				}
				if got := p.text(t, `#form-errors a[href="`+input+`"]`); got != msg {
					t.Errorf("error summary link to %s: %q, want %q", input, got, msg)
				}
				if got := p.text(t, input+"-error"); got != "Error: "+msg {
					t.Errorf("%s-error: %q, want %q", input, got, "Error: "+msg)
				}
				if got := p.attr(t, input, "aria-invalid"); got != "true" {
					t.Errorf("%s: aria-invalid=%q, want true", input, got)
				}
				if got := strings.Fields(p.attr(t, input, "aria-describedby")); !slices.Contains(got, "f-"+field+"-error") {
					t.Errorf("%s: aria-describedby %q does not name f-%s-error", input, got, field)
				}
			}
			if got := p.value(t, "#f-name"); got != tc.fullName {
				t.Errorf("name %q, want the entered %q kept", got, tc.fullName)
			}
			if got := p.value(t, "#f-email"); got != tc.email {
				t.Errorf("email %q, want the entered %q kept", got, tc.email)
			}
			if got := p.value(t, "#f-password"); got != "" {
				t.Errorf("the password was sent back: %q", got)
			}
			p.check(t)
		})
	}
}

// TestAccessRules checks who may open the role homes and the outbox: a
// visitor is sent to sign in and back, a signed-in person with the wrong
// role gets the 403 page.
func TestAccessRules(t *testing.T) {
	t.Run("visitor signs in and returns", func(t *testing.T) {
		p := newPerson(t, "")
		if resp := p.open(t, "/client"); resp.Status != http.StatusOK || p.path(t) != "/signin?next=%2Fclient" {
			t.Fatalf("/client as a visitor: status %d at %s, want 200 at /signin?next=%%2Fclient", resp.Status, p.path(t))
		}
		if resp := p.signIn(t, demoClient, demoPassword); resp.Status != http.StatusOK || p.path(t) != "/client" {
			t.Fatalf("sign in from there: status %d at %s, want 200 at /client", resp.Status, p.path(t))
		}
	})

	people := map[string]*person{
		"client1":    signedIn(t, demoClient, demoPassword, "/client"),
		"therapist1": signedIn(t, demoTherapist, demoPassword, "/therapist"),
		"admin":      signedIn(t, demoAdmin, demoPassword, "/admin"),
	}
	for _, tc := range []struct {
		as, path   string
		wantStatus int
		wantH1     string
	}{
		{"visitor", "/therapist", http.StatusSeeOther, ""},
		{"visitor", "/admin/outbox", http.StatusSeeOther, ""},
		{"client1", "/client", http.StatusOK, "Hello, "},
		{"client1", "/therapist", http.StatusForbidden, "This page is not for your account"},
		{"client1", "/admin", http.StatusForbidden, "This page is not for your account"},
		{"client1", "/admin/outbox", http.StatusForbidden, "This page is not for your account"},
		{"therapist1", "/therapist", http.StatusOK, "Hello, "},
		{"therapist1", "/client", http.StatusForbidden, "This page is not for your account"},
		{"therapist1", "/admin", http.StatusForbidden, "This page is not for your account"},
		{"therapist1", "/admin/outbox", http.StatusForbidden, "This page is not for your account"},
		{"admin", "/admin", http.StatusOK, "Hello, "},
		{"admin", "/admin/outbox", http.StatusOK, "Outbox"},
	} {
		t.Run(tc.as+tc.path, func(t *testing.T) {
			if tc.as == "visitor" {
				status, loc, _ := fetch(t, tc.path, nil)
				if want := "/signin?next=" + strings.ReplaceAll(tc.path, "/", "%2F"); status != tc.wantStatus || loc != want {
					t.Errorf("GET %s as a visitor: %d to %q, want %d to %q", tc.path, status, loc, tc.wantStatus, want)
				}
				return
			}
			p := people[tc.as]
			// The browser: the document's status and what the page says.
			resp := p.open(t, tc.path)
			if resp.Status != int64(tc.wantStatus) || p.path(t) != tc.path {
				t.Errorf("browser: status %d at %s, want %d at %s", resp.Status, p.path(t), tc.wantStatus, tc.path)
			}
			if got := p.text(t, "h1"); !strings.HasPrefix(got, tc.wantH1) {
				t.Errorf("browser: h1 %q, want %q…", got, tc.wantH1)
			}
			// Go's HTTP client with the browser's session cookie: the
			// same answer, with no redirect hiding it.
			status, loc, body := fetch(t, tc.path, p.sessionCookie(t))
			if status != tc.wantStatus {
				t.Errorf("GET %s with %s's cookie: status %d (Location %q), want %d", tc.path, tc.as, status, loc, tc.wantStatus)
			}
			if tc.wantStatus == http.StatusForbidden && !strings.Contains(body, "Error 403") {
				t.Errorf("GET %s with %s's cookie: the 403 page does not say Error 403", tc.path, tc.as)
			}
		})
	}
}

// TestAccountPagesAreAccessible runs visit's checks (console, CSP, axe at
// both widths, screenshots) on every page of accounts and the role homes.
func TestAccountPagesAreAccessible(t *testing.T) {
	people := map[string]*person{
		"client1":    signedIn(t, demoClient, demoPassword, "/client"),
		"therapist1": signedIn(t, demoTherapist, demoPassword, "/therapist"),
		"admin":      signedIn(t, demoAdmin, demoPassword, "/admin"),
	}
	for _, tc := range []struct {
		name, as, path string
		wantStatus     int64
		wantH1         string
	}{
		{"signup", "", "/signup", 200, "Create your account"},
		{"signin", "", "/signin", 200, "Sign in"},
		{"forgot-password", "", "/forgot-password", 200, "Reset your password"},
		{"reset-password", "", "/reset-password?token=x", 200, "Choose a new password"},
		{"verify-email", "", "/verify-email?token=x", 200, "Confirm your email address"},
		{"problem", "", "/api/problems/invalid", 200, "Some fields need attention"},
		{"problem-unknown", "", "/api/problems/no-such-problem", 404, "No such problem type"},
		{"client-home", "client1", "/client", 200, "Hello, "},
		{"client-account", "client1", "/account", 200, "Your account"},
		{"forbidden", "client1", "/therapist", 403, "This page is not for your account"},
		{"therapist-home", "therapist1", "/therapist", 200, "Hello, "},
		{"therapist-account", "therapist1", "/account", 200, "Your account"},
		{"admin-home", "admin", "/admin", 200, "Hello, "},
		{"outbox", "admin", "/admin/outbox", 200, "Outbox"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var p *tab
			if tc.as == "" {
				p = visit(t, tc.path)
			} else {
				p = visitIn(t, people[tc.as].ctx, tc.path)
			}
			if p.status != tc.wantStatus {
				t.Errorf("status %d, want %d", p.status, tc.wantStatus)
			}
			checkHeading(t, p, tc.wantH1)
		})
	}

	t.Run("forgot-password-sent", func(t *testing.T) {
		p := newPerson(t, baseURL+"/forgot-password")
		p.open(t, "/forgot-password")
		p.fill(t, [2]string{"#f-email", "nobody@e2e.knead.test"})
		if resp := p.press(t, button("Send the link")); resp.Status != http.StatusOK {
			t.Errorf("status %d, want 200", resp.Status)
		}
		checkHeading(t, p.tab, "Check your email")
		p.check(t)
	})
}

// checkHeading fails t unless the page has one h1 that starts with want.
func checkHeading(t *testing.T, p *tab, want string) {
	t.Helper()
	if n := p.count(t, "h1"); n != 1 {
		t.Errorf("%d h1 elements, want 1", n)
	}
	if got := p.text(t, "h1"); !strings.HasPrefix(got, want) {
		t.Errorf("h1 %q, want %q…", got, want)
	}
}

// TestPasswordReset resets client2's password through the emailed link:
// the link signs them in, works once, and only the new password works after.
func TestPasswordReset(t *testing.T) {
	const email = "client2@demo.knead.test"
	newPassword := "new knee, new start " + time.Now().Format("150405.000")

	p := newPerson(t, "")
	p.open(t, "/signin")
	p.press(t, link("Forgot your password?"))
	if got := p.path(t); got != "/forgot-password" {
		t.Fatalf("the sign-in page's link went to %s, want /forgot-password", got)
	}
	p.fill(t, [2]string{"#f-email", email})
	if resp := p.press(t, button("Send the link")); resp.Status != http.StatusOK || p.text(t, "h1") != "Check your email" {
		t.Fatalf("forgot password: status %d, h1 %q; want 200, Check your email", resp.Status, p.text(t, "h1"))
	}

	admin := signedIn(t, demoAdmin, demoPassword, "/admin")
	mail := admin.newestMail(t, email, "Reset your knead password")
	linkPath, raw := linkIn(t, mail.Body, "/reset-password")
	checkLinkHost(t, raw)

	if resp := p.open(t, linkPath); resp.Status != http.StatusOK {
		t.Fatalf("%s: status %d, want 200", linkPath, resp.Status)
	}
	p.fill(t, [2]string{"#f-password", newPassword})
	resp := p.press(t, button("Save and sign in"))
	if resp.Status != http.StatusOK || p.path(t) != "/client" {
		t.Fatalf("reset: status %d at %s, want 200 at /client; errors: %q", resp.Status, p.path(t), p.text(t, "#form-errors"))
	}
	t.Cleanup(func() { restorePassword(t, admin, email) })
	if got, want := p.flash(t), "Your password is changed and you are signed in."; got != want {
		t.Errorf("after reset: flash %q, want %q", got, want)
	}

	// The link works once.
	p.open(t, linkPath)
	p.fill(t, [2]string{"#f-password", newPassword + " again"})
	resp = p.press(t, button("Save and sign in"))
	if resp.Status != http.StatusNotFound || !strings.Contains(p.text(t, "#form-errors"), "already used") {
		t.Errorf("the link a second time: status %d, errors %q; want 404 saying the link was already used",
			resp.Status, p.text(t, "#form-errors"))
	}

	p.signOut(t)
	p.open(t, "/signin")
	resp = p.signIn(t, email, demoPassword)
	if resp.Status != http.StatusUnauthorized || p.path(t) != "/signin" {
		t.Errorf("the old password: status %d at %s, want 401 at /signin", resp.Status, p.path(t))
	}
	if got := p.text(t, "#form-errors"); !strings.Contains(got, "The email address or password is not right.") {
		t.Errorf("the old password: errors %q, want the bad-credentials message", got)
	}
	resp = p.signIn(t, email, newPassword)
	if resp.Status != http.StatusOK || p.path(t) != "/client" {
		t.Fatalf("the new password: status %d at %s, want 200 at /client; errors: %q", resp.Status, p.path(t),
			p.text(t, "#form-errors"))
	}
}

// restorePassword sets email's password back to the demo password through
// another reset, so that other tests can sign in as that person.
func restorePassword(t *testing.T, admin *person, email string) {
	t.Helper()
	p := newPerson(t, "")
	p.open(t, "/forgot-password")
	p.fill(t, [2]string{"#f-email", email})
	p.press(t, button("Send the link"))
	linkPath, _ := linkIn(t, admin.newestMail(t, email, "Reset your knead password").Body, "/reset-password")
	p.open(t, linkPath)
	p.fill(t, [2]string{"#f-password", demoPassword})
	if resp := p.press(t, button("Save and sign in")); resp.Status != http.StatusOK {
		t.Errorf("restore %s's demo password: status %d", email, resp.Status)
	}
}
