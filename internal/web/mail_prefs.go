package web

import (
	"net/http"
	"strconv"

	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/notify"
	"github.com/knead/knead/internal/store"
)

type mailPrefsView struct {
	Base
	Prefs     store.MailPreference
	Therapist bool
	Client    bool
	Form      Form
}

func (s *Server) showMailPreferences(w http.ResponseWriter, r *http.Request) {
	p := authz.From(r.Context())
	prefs, err := s.MailPrefs.Of(r.Context(), p.UserID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := Form{Values: map[string][]string{"remind_hours": {strconv.Itoa(prefs.RemindHours)}}}
	s.render(w, r, http.StatusOK, "mail_preferences", mailPrefsView{Base: s.base(r, "Email preferences"), Prefs: prefs,
		Therapist: p.Role == authz.RoleTherapist, Client: p.Role == authz.RoleClient, Form: f})
}

func (s *Server) saveMailPreferences(w http.ResponseWriter, r *http.Request) {
	f, err := readForm(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := authz.From(r.Context())
	in := notify.PreferenceInput{Reminders: f.Get("reminders") == "on", Aftercare: f.Get("aftercare") == "on",
		RemindHours: f.Get("remind_hours")}
	if _, err := s.MailPrefs.Save(r.Context(), p.UserID, p.Role == authz.RoleTherapist, in); err != nil {
		if !f.withError(err) {
			s.fail(w, r, err)
			return
		}
		v := mailPrefsView{Base: s.base(r, "Email preferences"), Therapist: p.Role == authz.RoleTherapist,
			Client: p.Role == authz.RoleClient, Form: f,
			Prefs: store.MailPreference{Reminders: in.Reminders, Aftercare: in.Aftercare}}
		s.render(w, r, http.StatusUnprocessableEntity, "mail_preferences", v)
		return
	}
	s.Sessions.Put(r.Context(), keyFlash, "Your email preferences are saved.")
	http.Redirect(w, r, localPath(f.Get("next"), "/account/notifications"), http.StatusSeeOther)
}
