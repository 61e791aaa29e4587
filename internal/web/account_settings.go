package web

import (
	"context"
	"net/http"

	"github.com/knead/knead/internal/account"
	"github.com/knead/knead/internal/authz"
)

type accountView struct {
	Base
	Me                account.User
	Settings          Form
	Password          Form
	Email             Form
	Zones             []string
	Passkeys          []passkeyRow
	PasskeysAvailable bool // false when the site is reached by IP address
	AskForPasskey     bool // staff without a passkey
	Feed              feedView
	FeedURL           string // a feed URL just made, to show once
}

func (s *Server) accountPage(w http.ResponseWriter, r *http.Request, status int, v accountView) {
	me, err := s.Accounts.Me(r.Context(), authz.From(r.Context()).UserID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	keys, err := s.Accounts.Passkeys(r.Context(), me.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Base, v.Me, v.Zones = s.base(r, "Your account"), me, zonesWith(me.TimeZone)
	v.Passkeys, v.PasskeysAvailable = passkeyRows(keys, me.TimeZone), s.Accounts.PasskeysAvailable()
	v.AskForPasskey = me.Role != authz.RoleClient && len(keys) == 0
	if v.Feed, err = s.feedSection(r.Context(), authz.From(r.Context()), v.FeedURL); err != nil {
		s.fail(w, r, err)
		return
	}
	if v.Settings.Values == nil {
		v.Settings = Form{Values: map[string][]string{"name": {me.Name}, "time_zone": {me.TimeZone}}}
	}
	s.render(w, r, status, "account", v)
}

func (s *Server) showAccount(w http.ResponseWriter, r *http.Request) {
	s.accountPage(w, r, http.StatusOK, accountView{})
}

// afterSignIn is where a person goes once signed in: therapists and admins
// without a passkey are asked to add one as a second factor, where the site
// can offer passkeys at all.
func (s *Server) afterSignIn(ctx context.Context, u account.User, next string) string {
	if u.Role == authz.RoleClient || !s.Accounts.PasskeysAvailable() {
		return next
	}
	keys, err := s.Accounts.Passkeys(ctx, u.ID)
	if err != nil {
		s.Log.WarnContext(ctx, "passkeys of a signed-in account", "user", u.ID, "err", err)
		return next
	}
	if len(keys) > 0 {
		return next
	}
	s.Sessions.Put(ctx, keyFlash, "Therapists and admins are asked to add a passkey as a second factor. "+
		"It takes a few seconds: name it below and follow your browser’s prompt.")
	return "/account#passkeys"
}

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
