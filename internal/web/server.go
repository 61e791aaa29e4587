// Package web serves knead's HTML pages and hosts the HTTP stack: the
// middleware, the router on which every page and API route is registered
// with its access rule, and the one function that turns errors into
// responses (fail, in errors.go).
package web

import (
	"github.com/knead/knead/internal/jobs"
	"github.com/knead/knead/internal/notify"
	"log/slog"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/knead/knead/internal/account"
	"github.com/knead/knead/internal/api"
	"github.com/knead/knead/internal/booking"
	"github.com/knead/knead/internal/checkin"
	"github.com/knead/knead/internal/config"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/directory"
	"github.com/knead/knead/internal/homecare"
	"github.com/knead/knead/internal/metrics"
	"github.com/knead/knead/internal/outcome"
	"github.com/knead/knead/internal/practice"
	"github.com/knead/knead/internal/therapist"
	"github.com/knead/knead/internal/version"
	"github.com/knead/knead/internal/waitlist"
)

// Deps are what the web surface needs, passed in by the app.
type Deps struct {
	Config   config.Config
	Log      *slog.Logger
	DB       *db.DB
	Metrics  *metrics.Metrics
	Accounts *account.Service
	Booking  *booking.Service
	Calendar *booking.Calendar
	Practice *practice.Service
	Waitlist *waitlist.Service
	// Directory is therapist search.
	Directory *directory.Service
	// CheckIn is the re-screen before each session and stop-and-refer.
	CheckIn *checkin.Service
	// Outcome is the pain diary, measures and progress (health data).
	Outcome  *outcome.Service
	Sessions *scs.SessionManager
	// HomeCare is care between sessions: the library, routines, after-care.
	HomeCare *homecare.Service
	API      *api.Server
	Now      func() time.Time
	// Jobs is the River client: the admin page lists and retries jobs.
	Jobs *jobs.Client
	// MailPrefs reads and saves what people want mailed.
	MailPrefs *notify.Preferences
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

// bookability is the deployment's credential rule (docs/config.md).
func (s *Server) bookability() therapist.Bookability {
	return therapist.Bookability(s.Config.CredentialRule)
}
