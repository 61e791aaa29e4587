package api

import (
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/knead/knead/internal/account"
	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/authz"
)

type accountJSON struct {
	ID            string `json:"id"`
	Email         string `json:"email"`
	Name          string `json:"name"`
	Role          string `json:"role"`
	EmailVerified bool   `json:"email_verified"`
	TimeZone      string `json:"time_zone,omitempty"`
}

func accountOut(u account.User, withZone bool) accountJSON {
	a := accountJSON{ID: itoa(u.ID), Email: u.Email, Name: u.Name, Role: u.Role, EmailVerified: u.EmailVerified}
	if withZone {
		a.TimeZone = u.TimeZone
	}
	return a
}

func (s *Server) createAccount(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Email    string `json:"email"`
		Password string `json:"password"`
		Name     string `json:"name"`
		Role     string `json:"role"`
		TimeZone string `json:"time_zone"`
	}
	if err := decode(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	u, err := s.Accounts.SignUp(r.Context(), account.SignUpInput{Email: in.Email, Password: in.Password,
		Name: in.Name, Role: in.Role, TimeZone: in.TimeZone})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, accountOut(u, false))
}

// maxEmailLen is the longest address sign-up accepts (RFC 5321).
const maxEmailLen = 254

func (s *Server) createToken(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Email    string `json:"email"`
		Password string `json:"password"`
	}
	if err := decode(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	if len(strings.TrimSpace(in.Email)) > maxEmailLen {
		// No account has such an address; the sign-in throttle would
		// try to store it as a key, which PostgreSQL cannot index.
		s.fail(w, r, account.ErrBadCredentials)
		return
	}
	tok, err := s.Accounts.CreateToken(r.Context(), in.Email, in.Password, ClientAddress(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]string{"token": tok.Token, "expires_at": tok.ExpiresAt.Format(time.RFC3339)})
}

func (s *Server) deleteCurrentToken(w http.ResponseWriter, r *http.Request) {
	p := authz.From(r.Context())
	if p.TokenID == 0 {
		s.fail(w, r, apperr.ErrMalformed.With("This call revokes the bearer token it is made with; none was sent."))
		return
	}
	if err := s.Accounts.RevokeToken(r.Context(), p.TokenID); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) me(w http.ResponseWriter, r *http.Request) {
	u, err := s.Accounts.Me(r.Context(), authz.From(r.Context()).UserID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, accountOut(u, true))
}

// ClientAddress is the peer's IP address, for throttles and idempotency
// scopes. Proxies' headers are not trusted: set up the proxy to connect
// from a distinct address per client, or put knead first.
func ClientAddress(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
