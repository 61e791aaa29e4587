package web

import (
	"net/http"
	"regexp"
	"strings"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/config"
	"github.com/knead/knead/internal/httpx"
	"github.com/knead/knead/internal/metrics"
	"github.com/knead/knead/internal/practice"
	"github.com/knead/knead/internal/web/static"
)

// Router registers every page and API route, each with its access rule.
func (s *Server) Router() *authz.Router {
	rt := authz.NewRouter(s.Metrics.Instrument, s.fail)
	rt.Handle("GET /{$}", authz.Public, s.home)
	rt.Handle("GET /static/", authz.Public, s.static())
	rt.Handle("GET /healthz", authz.Public, metrics.Healthz)
	rt.Handle("GET /readyz", authz.Public, metrics.Readyz(s.DB))
	s.accountRoutes(rt)
	s.passkeyRoutes(rt)
	s.practiceRoutes(rt)
	s.credentialRoutes(rt)
	s.photoRoutes(rt)
	s.bookingRoutes(rt)
	s.searchRoutes(rt)
	s.outcomeRoutes(rt)
	s.calendarRoutes(rt)
	s.homecareRoutes(rt)
	s.accessRoutes(rt)
	s.screeningRoutes(rt)
	s.intakeRoutes(rt)
	s.jobRoutes(rt)
	s.API.Register(rt)
	rt.Handle("/", authz.Public, s.notFound)
	return rt
}

// Handler is the whole HTTP stack: middleware around the router.
func (s *Server) Handler() http.Handler {
	csrf := http.NewCrossOriginProtection()
	csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, apperr.ErrForbidden.With("Cross-origin requests are not accepted."))
	}))
	s.Sessions.ErrorFunc = func(w http.ResponseWriter, r *http.Request, err error) { s.fail(w, r, err) }
	return httpx.Chain(s.Router(),
		httpx.WithRequestID,
		httpx.AccessLog(s.Log),
		httpx.SecurityHeaders,
		httpx.Recover(s.fail),
		csrf.Handler,
		httpx.LimitBodyFor(bodyLimit, s.fail),
		s.Sessions.LoadAndSave,
		Authenticate(s.Sessions, s.Accounts, s.Now, s.fail),
	)
}

// uploadRoutes take a credential's document or a photo; every other body
// is limited to 1 MiB. The handlers bound the file itself.
var uploadRoutes = regexp.MustCompile(`^(PUT /api/v1/me/credentials/[^/]+/document|POST /therapist/setup/credentials(/[^/]+/document)?` +
	`|PUT /api/v1/me/photo|POST /therapist/setup/photo)$`)

// uploadOverhead is room for a form's other fields and multipart framing.
const uploadOverhead = 64 << 10

func bodyLimit(r *http.Request) int64 {
	if uploadRoutes.MatchString(r.Method + " " + r.URL.Path) {
		return max(practice.MaxDocumentBytes, practice.MaxPhotoBytes) + uploadOverhead
	}
	return config.MaxBodyBytes
}

// static serves the embedded assets. URLs carry ?v=VERSION, so they may be
// cached for long; directory listings are not served.
func (s *Server) static() http.HandlerFunc {
	files := http.StripPrefix("/static/", http.FileServerFS(static.FS))
	return func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/") {
			s.notFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		files.ServeHTTP(w, r)
	}
}
