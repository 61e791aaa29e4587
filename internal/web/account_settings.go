package web

import (
	"context"
	"net/http"

	"github.com/knead/knead/internal/account"
	"github.com/knead/knead/internal/authz"
)

type accountView struct {
	Base
	Me       account.User
	Settings Form
	Password Form
	Email    Form
	Zones    []string
}

func (s *Server) accountPage(w http.ResponseWriter, r *http.Request, status int, v accountView) {
	me, err := s.Accounts.Me(r.Context(), authz.From(r.Context()).UserID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Base, v.Me, v.Zones = s.base(r, "Your account"), me, zonesWith(me.TimeZone)
	if v.Settings.Values == nil {
		v.Settings = Form{Values: map[string][]string{"name": {me.Name}, "time_zone": {me.TimeZone}}}
	}
	s.render(w, r, status, "account", v)
}

func (s *Server) showAccount(w http.ResponseWriter, r *http.Request) {
	s.accountPage(w, r, http.StatusOK, accountView{})
}

// afterSignIn is where a person goes once signed in.
func (s *Server) afterSignIn(_ context.Context, _ account.User, next string) string { return next }

func (s *Server) saveSettings(w http.ResponseWriter, r *http.Request) {
	f, err := readForm(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := s.Accounts.UpdateSettings(r.Context(), authz.From(r.Context()).UserID, f.Get("name"), f.Get("time_zone")); err != nil {
		if !f.withError(err) {
			s.fail(w, r, err)
			return
		}
		s.accountPage(w, r, statusOf(err), accountView{Settings: f})
		return
	}
	s.Sessions.Put(r.Context(), keyFlash, "Your settings are saved.")
	http.Redirect(w, r, "/account", http.StatusSeeOther)
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) {
	f, err := readForm(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.Accounts.ChangePassword(r.Context(), authz.From(r.Context()).UserID, f.Get("current_password"), f.Get("new_password")); err != nil {
		if !f.withError(err) {
			s.fail(w, r, err)
			return
		}
		s.accountPage(w, r, statusOf(err), accountView{Password: f})
		return
	}
	_ = s.Sessions.RenewToken(r.Context())
	s.Sessions.Put(r.Context(), keyFlash, "Your password is changed.")
	http.Redirect(w, r, "/account", http.StatusSeeOther)
}

func (s *Server) changeEmail(w http.ResponseWriter, r *http.Request) {
	f, err := readForm(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.Accounts.ChangeEmail(r.Context(), authz.From(r.Context()).UserID, f.Get("current_password"), f.Get("email")); err != nil {
		if !f.withError(err) {
			s.fail(w, r, err)
			return
		}
		s.accountPage(w, r, statusOf(err), accountView{Email: f})
		return
	}
	s.Sessions.Put(r.Context(), keyFlash, "We sent a link to "+f.Get("email")+". Your address changes once you follow it.")
	http.Redirect(w, r, "/account", http.StatusSeeOther)
}
