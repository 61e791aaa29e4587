package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/alexedwards/scs/postgresstore"
	"github.com/alexedwards/scs/sqlite3store"
	"github.com/alexedwards/scs/v2"

	"github.com/knead/knead/internal/account"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/config"
	"github.com/knead/knead/internal/db"
)

// Idle limits (DP-04): therapists and admins are signed out after 15
// minutes without a request, clients after a week.
const (
	StaffIdle  = 15 * time.Minute
	ClientIdle = 7 * 24 * time.Hour
	// touchEvery bounds how often a busy session is written back.
	touchEvery = time.Minute
)

// Session keys.
const (
	keyUserID   = "user_id"
	keyLastSeen = "last_seen"
	keyFlash    = "flash"
)

// NewSessions returns the session manager: server-side sessions in the
// database, so any knead server can serve any request.
func NewSessions(cfg config.Config, d *db.DB) *scs.SessionManager {
	sm := scs.New()
	if d.Dialect == db.Postgres {
		sm.Store = postgresstore.NewWithCleanupInterval(d.Write, 0)
	} else {
		sm.Store = sqlite3store.NewWithCleanupInterval(d.Write, 0)
	}
	sm.Lifetime = 30 * 24 * time.Hour
	sm.Cookie.Name = "knead_session"
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Secure = cfg.SecureCookies()
	sm.Cookie.Path = "/"
	return sm
}

// Authenticate finds the caller: a bearer token (the API) or the session
// cookie (pages), and puts the Principal in the request's context. A bad
// token is refused at once; a session idle too long is ended.
func Authenticate(sm *scs.SessionManager, accounts *account.Service, now func() time.Time,
	fail func(http.ResponseWriter, *http.Request, error)) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx := r.Context()
			if h := r.Header.Get("Authorization"); h != "" {
				token, ok := strings.CutPrefix(h, "Bearer ")
				if !ok {
					fail(w, r, account.ErrBadToken)
					return
				}
				p, err := accounts.Authenticate(ctx, strings.TrimSpace(token))
				if err != nil {
					fail(w, r, err)
					return
				}
				next.ServeHTTP(w, r.WithContext(authz.With(ctx, p)))
				return
			}
			uid := sm.GetInt64(ctx, keyUserID)
			if uid == 0 {
				next.ServeHTTP(w, r)
				return
			}
			u, err := accounts.Me(ctx, uid)
			t := now()
			last := time.Unix(sm.GetInt64(ctx, keyLastSeen), 0)
			idle := ClientIdle
			if u.Role != authz.RoleClient {
				idle = StaffIdle
			}
			if err != nil || t.Sub(last) > idle {
				_ = sm.RenewToken(ctx)
				sm.Remove(ctx, keyUserID)
				sm.Put(ctx, keyFlash, "You were signed out after a while without activity. Please sign in again.")
				next.ServeHTTP(w, r)
				return
			}
			if t.Sub(last) > touchEvery {
				sm.Put(ctx, keyLastSeen, t.Unix())
			}
			next.ServeHTTP(w, r.WithContext(authz.With(ctx, u.Principal(0))))
		})
	}
}
