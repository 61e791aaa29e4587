package web

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/knead/knead/internal/account"
	"github.com/knead/knead/internal/api"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/tz"
)

// Session keys of the passkey ceremonies in progress: each holds the state
// between begin and finish, and finish takes it, so a challenge is used once.
const (
	keyPasskeyAdd    = "passkey_add"
	keyPasskeySignIn = "passkey_signin"
)

// passkeyRoutes registers passkey registration and sign-in. Begin and finish
// are fetched by static/js/passkey.js and answer JSON; removing a passkey is
// a plain form.
func (s *Server) passkeyRoutes(rt *authz.Router) {
	rt.Handle("POST /account/passkeys/begin", authz.SignedIn, s.beginPasskeyAdd)
	rt.Handle("POST /account/passkeys/finish", authz.SignedIn, s.finishPasskeyAdd)
	rt.Handle("POST /account/passkeys/{id}/delete", authz.SignedIn, s.removePasskey)
	rt.Handle("POST /passkeys/signin/begin", authz.Public, s.beginPasskeySignIn)
	rt.Handle("POST /passkeys/signin/finish", authz.Public, s.finishPasskeySignIn)
}

// passkeyRow is a passkey as the account page lists it, in the owner's zone.
type passkeyRow struct {
	ID                   int64
	Name                 string
	Added, AddedAt       string // shown, and the datetime attribute
	LastUsed, LastUsedAt string // empty when never used
}

func passkeyRows(keys []account.Passkey, zone string) []passkeyRow {
	loc := tz.Or(zone)
	rows := make([]passkeyRow, len(keys))
	for i, k := range keys {
		rows[i] = passkeyRow{ID: k.ID, Name: k.Name, Added: k.CreatedAt.In(loc).Format("2 Jan 2006"),
			AddedAt: k.CreatedAt.Format(time.RFC3339)}
		if k.LastUsedAt != nil {
			rows[i].LastUsed = k.LastUsedAt.In(loc).Format("2 Jan 2006, 15:04")
			rows[i].LastUsedAt = k.LastUsedAt.Format(time.RFC3339)
		}
	}
	return rows
}

func (s *Server) beginPasskeyAdd(w http.ResponseWriter, r *http.Request) {
	f, err := readForm(r)
	if err != nil {
		s.failJSON(w, r, err)
		return
	}
	options, state, err := s.Accounts.BeginPasskeyRegistration(r.Context(), authz.From(r.Context()).UserID, f.Get("passkey_name"))
	if err != nil {
		s.failJSON(w, r, err)
		return
	}
	s.Sessions.Put(r.Context(), keyPasskeyAdd, state)
	writeRawJSON(w, options)
}

func (s *Server) finishPasskeyAdd(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		s.failJSON(w, r, err)
		return
	}
	state := s.Sessions.PopBytes(r.Context(), keyPasskeyAdd)
	p, err := s.Accounts.FinishPasskeyRegistration(r.Context(), authz.From(r.Context()).UserID, state, body)
	if err != nil {
		s.failJSON(w, r, err)
		return
	}
	s.Sessions.Put(r.Context(), keyFlash, "Your passkey “"+p.Name+"” is added. Next time, sign in with it.")
	writeLocation(w, "/account#passkeys")
}

func (s *Server) removePasskey(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.notFound(w, r)
		return
	}
	if err := s.Accounts.DeletePasskey(r.Context(), authz.From(r.Context()).UserID, id); err != nil {
		s.fail(w, r, err)
		return
	}
	s.Sessions.Put(r.Context(), keyFlash, "The passkey is removed. It no longer signs you in.")
	http.Redirect(w, r, "/account#passkeys", http.StatusSeeOther)
}

func (s *Server) beginPasskeySignIn(w http.ResponseWriter, r *http.Request) {
	options, state, err := s.Accounts.BeginPasskeySignIn(r.Context())
	if err != nil {
		s.failJSON(w, r, err)
		return
	}
	s.Sessions.Put(r.Context(), keyPasskeySignIn, state)
	writeRawJSON(w, options)
}

func (s *Server) finishPasskeySignIn(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		s.failJSON(w, r, err)
		return
	}
	ctx := r.Context()
	u, err := s.Accounts.FinishPasskeySignIn(ctx, s.Sessions.PopBytes(ctx, keyPasskeySignIn), body)
	if err != nil {
		s.failJSON(w, r, err)
		return
	}
	if err := s.startSession(ctx, u, ""); err != nil {
		s.failJSON(w, r, err)
		return
	}
	writeLocation(w, s.afterSignIn(ctx, u, localPath(r.URL.Query().Get("next"), homeFor(u.Role))))
}

// failJSON answers the script's requests with problem details, as the API
// does, whatever the path.
func (s *Server) failJSON(w http.ResponseWriter, r *http.Request, err error) {
	api.WriteError(s.Log, w, r, err)
}

func writeRawJSON(w http.ResponseWriter, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(body)
}

// writeLocation tells the script where to go next.
func writeLocation(w http.ResponseWriter, location string) {
	body, _ := json.Marshal(map[string]string{"location": location})
	writeRawJSON(w, body)
}
