// Package web serves knead's HTML pages. Handlers parse the request, call
// one service method and render a typed view; errors become pages in one
// place (errors.go).
package web

import (
	"log/slog"
	"time"

	"github.com/knead/knead/internal/config"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/metrics"
	"github.com/knead/knead/internal/version"
)

// Deps are what the web surface needs, passed in by the app.
type Deps struct {
	Config  config.Config
	Log     *slog.Logger
	DB      *db.DB
	Metrics *metrics.Metrics
	Now     func() time.Time
}

// Server holds the parsed templates and the dependencies of every handler.
type Server struct {
	Deps
	pages   pages
	version string
}

// New parses every template; a broken template fails at start, not at the
// first request that needs it.
func New(d Deps) (*Server, error) {
	p, err := parsePages()
	if err != nil {
		return nil, err
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	return &Server{Deps: d, pages: p, version: version.String()}, nil
}
