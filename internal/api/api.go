// Package api serves the JSON API under /api/v1 (API.md). Handlers decode
// the request, call one service method and encode the answer; every error
// becomes RFC 9457 problem details in WriteError.
package api

import (
	"log/slog"
	"time"

	"github.com/knead/knead/internal/account"
	"github.com/knead/knead/internal/audit"
	"github.com/knead/knead/internal/booking"
	"github.com/knead/knead/internal/checkin"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/directory"
	"github.com/knead/knead/internal/homecare"
	"github.com/knead/knead/internal/instrument"
	"github.com/knead/knead/internal/intake"
	"github.com/knead/knead/internal/outcome"
	"github.com/knead/knead/internal/practice"
	"github.com/knead/knead/internal/screening"
	"github.com/knead/knead/internal/waitlist"
)

// Deps are what the API needs, passed in by the app.
type Deps struct {
	Log      *slog.Logger
	DB       *db.DB
	Accounts *account.Service
	Booking  *booking.Service
	// Directory is therapist search.
	Directory *directory.Service
	Calendar  *booking.Calendar
	Practice  *practice.Service
	Waitlist  *waitlist.Service
	// Screening and Audit hold health data: every read is audited.
	Screening *screening.Service
	// CheckIn is the re-screen before each session and stop-and-refer.
	CheckIn *checkin.Service
	Audit   *audit.Service
	// Outcome holds diaries, measures and session pain: every read is audited.
	Outcome  *outcome.Service
	HomeCare *homecare.Service
	// Intake is the client's intake; Instruments the questionnaires asked.
	Intake      *intake.Service
	Instruments instrument.Set
	Now         func() time.Time
}

// Server holds the API's handlers.
type Server struct{ Deps }

// New returns the API server.
func New(d Deps) *Server {
	if d.Now == nil {
		d.Now = time.Now
	}
	return &Server{Deps: d}
}
