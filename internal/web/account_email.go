package web

import (
	"net/http"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/authz"
)

func statusOf(err error) int { return apperr.From(err).Status }

// showVerifyEmail shows a confirm button rather than verifying on GET, so
// link scanners in mail systems cannot use the link up.
func (s *Server) showVerifyEmail(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "verify_email", s.formView(r, "Confirm your email address", Form{}))
}

func (s *Server) verifyEmail(w http.ResponseWriter, r *http.Request) {
	f, err := readForm(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u, err := s.Accounts.VerifyEmail(r.Context(), f.Get("token"))
	if err != nil {
		if !f.withError(err) {
			s.fail(w, r, err)
			return
		}
		s.render(w, r, statusOf(err), "verify_email", s.formView(r, "Confirm your email address", f))
		return
	}
	s.Sessions.Put(r.Context(), keyFlash, "Thank you: "+u.Email+" is confirmed.")
	next := "/signin"
	if p := authz.From(r.Context()); p != nil {
		next = homeFor(p.Role)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) resendVerification(w http.ResponseWriter, r *http.Request) {
	if err := s.Accounts.ResendVerification(r.Context(), authz.From(r.Context()).UserID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.Sessions.Put(r.Context(), keyFlash, "We sent a new confirmation link.")
	http.Redirect(w, r, "/account", http.StatusSeeOther)
}

func (s *Server) showForgotPassword(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "forgot_password", s.formView(r, "Reset your password", Form{Values: r.URL.Query()}))
}

func (s *Server) forgotPassword(w http.ResponseWriter, r *http.Request) {
	f, err := readForm(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.Accounts.RequestPasswordReset(r.Context(), f.Get("email")); err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.formView(r, "Check your email", f)
	v.Done = true
	s.render(w, r, http.StatusOK, "forgot_password", v)
}

func (s *Server) showResetPassword(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "reset_password", s.formView(r, "Choose a new password", Form{}))
}

func (s *Server) resetPassword(w http.ResponseWriter, r *http.Request) {
	f, err := readForm(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u, err := s.Accounts.ResetPassword(r.Context(), f.Get("token"), f.Get("password"))
	if err != nil {
		if !f.withError(err) {
			s.fail(w, r, err)
			return
		}
		s.render(w, r, statusOf(err), "reset_password", s.formView(r, "Choose a new password", f))
		return
	}
	if err := s.startSession(r.Context(), u, "Your password is changed and you are signed in."); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, homeFor(u.Role), http.StatusSeeOther)
}
