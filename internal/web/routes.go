package web

import (
	"net/http"
	"strings"

	"github.com/knead/knead/internal/config"
	"github.com/knead/knead/internal/httpx"
	"github.com/knead/knead/internal/metrics"
	"github.com/knead/knead/internal/web/static"
)

// Handler returns every route behind the shared middleware.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	handle := func(pattern string, h http.HandlerFunc) {
		mux.Handle(pattern, s.Metrics.Instrument(pattern, h))
	}
	handle("GET /{$}", s.home)
	handle("GET /static/", s.static())
	handle("GET /healthz", metrics.Healthz)
	handle("GET /readyz", metrics.Readyz(s.DB))
	handle("/", s.notFound)

	return httpx.Chain(mux,
		httpx.WithRequestID,
		httpx.AccessLog(s.Log),
		httpx.Recover(s.Log, s.errorResponse),
		httpx.SecurityHeaders,
		httpx.LimitBody(config.MaxBodyBytes, s.errorResponse),
	)
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
