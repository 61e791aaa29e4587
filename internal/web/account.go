package web

import (
	"context"
	"net/http"

	"github.com/knead/knead/internal/account"
	"github.com/knead/knead/internal/api"
	"github.com/knead/knead/internal/authz"
)

func (s *Server) accountRoutes(rt *authz.Router) {
	rt.Handle("GET /signup", authz.Public, s.showSignUp)
	rt.Handle("POST /signup", authz.Public, s.signUp)
	rt.Handle("GET /signin", authz.Public, s.showSignIn)
	rt.Handle("POST /signin", authz.Public, s.signIn)
	rt.Handle("POST /signout", authz.Public, s.signOut)
	rt.Handle("GET /verify-email", authz.Public, s.showVerifyEmail)
	rt.Handle("POST /verify-email", authz.Public, s.verifyEmail)
	rt.Handle("GET /forgot-password", authz.Public, s.showForgotPassword)
	rt.Handle("POST /forgot-password", authz.Public, s.forgotPassword)
	rt.Handle("GET /reset-password", authz.Public, s.showResetPassword)
	rt.Handle("POST /reset-password", authz.Public, s.resetPassword)
	rt.Handle("GET /account", authz.SignedIn, s.showAccount)
	rt.Handle("POST /account/settings", authz.SignedIn, s.saveSettings)
	rt.Handle("POST /account/password", authz.SignedIn, s.changePassword)
	rt.Handle("POST /account/email", authz.SignedIn, s.changeEmail)
	rt.Handle("POST /account/verification", authz.SignedIn, s.resendVerification)
	rt.Handle("GET /client", authz.Clients, s.clientHome)
	rt.Handle("GET /therapist", authz.Therapists, s.therapistHome)
	rt.Handle("GET /admin", authz.Admins, s.adminHome)
	rt.Handle("GET /admin/outbox", authz.Admins, s.showOutbox)
	rt.Handle("GET /api/problems/{name}", authz.Public, s.showProblem)
}

type formView struct {
	Base
	Form  Form
	Next  string
	Zones []string
	Token string
	Done  bool
}

func (s *Server) formView(r *http.Request, title string, f Form) formView {
	return formView{Base: s.base(r, title), Form: f, Next: localPath(r.FormValue("next"), ""), Zones: timeZones,
		Token: r.FormValue("token")}
}

// homeFor is where each role lands after signing in.
func homeFor(role string) string {
	switch role {
	case authz.RoleAdmin:
		return "/admin"
	case authz.RoleTherapist:
		return "/therapist"
	}
	return "/client"
}

// startSession signs a person in: a fresh session token (no fixation) that
// remembers who they are.
func (s *Server) startSession(ctx context.Context, u account.User, flash string) error {
	if err := s.Sessions.RenewToken(ctx); err != nil {
		return err
	}
	s.Sessions.Put(ctx, keyUserID, u.ID)
	s.Sessions.Put(ctx, keyLastSeen, s.Now().Unix())
	if flash != "" {
		s.Sessions.Put(ctx, keyFlash, flash)
	}
	return nil
}

func (s *Server) showSignUp(w http.ResponseWriter, r *http.Request) {
	f := Form{Values: r.URL.Query()}
	s.render(w, r, http.StatusOK, "signup", s.formView(r, "Create your account", f))
}

func (s *Server) signUp(w http.ResponseWriter, r *http.Request) {
	f, err := readForm(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u, err := s.Accounts.SignUp(r.Context(), account.SignUpInput{Email: f.Get("email"), Password: f.Get("password"),
		Name: f.Get("name"), Role: f.Get("role"), TimeZone: f.Get("time_zone")})
	if err != nil {
		if !f.withError(err) {
			s.fail(w, r, err)
			return
		}
		s.render(w, r, http.StatusUnprocessableEntity, "signup", s.formView(r, "Create your account", f))
		return
	}
	if err := s.startSession(r.Context(), u, "Welcome to knead. We sent a link to "+u.Email+" to confirm your address."); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, homeFor(u.Role), http.StatusSeeOther)
}

func (s *Server) showSignIn(w http.ResponseWriter, r *http.Request) {
	if p := authz.From(r.Context()); p != nil {
		http.Redirect(w, r, localPath(r.URL.Query().Get("next"), homeFor(p.Role)), http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "signin", s.formView(r, "Sign in", Form{Values: r.URL.Query()}))
}

func (s *Server) signIn(w http.ResponseWriter, r *http.Request) {
	f, err := readForm(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u, err := s.Accounts.SignIn(r.Context(), f.Get("email"), f.Get("password"), api.ClientAddress(r))
	if err != nil {
		if !f.withError(err) {
			s.fail(w, r, err)
			return
		}
		s.render(w, r, statusOf(err), "signin", s.formView(r, "Sign in", f))
		return
	}
	if err := s.startSession(r.Context(), u, ""); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, s.afterSignIn(r.Context(), u, localPath(f.Get("next"), homeFor(u.Role))), http.StatusSeeOther)
}

func (s *Server) signOut(w http.ResponseWriter, r *http.Request) {
	if err := s.Sessions.Destroy(r.Context()); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.Sessions.RenewToken(r.Context()); err == nil {
		s.Sessions.Put(r.Context(), keyFlash, "You are signed out.")
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
}
