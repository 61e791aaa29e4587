package outcome

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/audit"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/homecare"
	"github.com/knead/knead/internal/instrument"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/tz"
)

// Record types in the audit log.
const (
	RecordDiary       = "pain_diary"   // record id: the entry, or the client for a list
	RecordMeasure     = "measure"      // record id: the answer, or the client for a list
	RecordSessionPain = "session_pain" // record id: the appointment
	RecordProgress    = "progress"     // record id: the client
)

// IntakeBaseline reads the pain-average answer of a client's intake, nil
// when they have none. The intake area provides it; until then there is
// none and the baseline comes from the diary.
type IntakeBaseline func(ctx context.Context, q db.Querier, clientID int64) (*int, error)

// InstrumentResponder says whether an installed disability instrument
// (internal/instrument, licensed packs such as the RMDQ) counts the client
// as a responder by its own threshold. None is installed until then.
type InstrumentResponder func(ctx context.Context, q db.Querier, clientID int64) (bool, error)

// Service keeps diaries, measures and session pain, and works out progress.
type Service struct {
	db         *db.DB
	now        func() time.Time
	intake     IntakeBaseline
	instrument InstrumentResponder
	disability []instrument.Definition
	care       *homecare.Service
}

// New returns the outcome service.
func New(d *db.DB, now func() time.Time) *Service { return &Service{db: d, now: now} }

// WithIntake sets where intake baselines come from.
func (s *Service) WithIntake(f IntakeBaseline) *Service { s.intake = f; return s }

// WithHomeCare lets the dashboard show home-care adherence.
func (s *Service) WithHomeCare(h *homecare.Service) *Service { s.care = h; return s }

// WithInstrument sets how installed instruments count responders.
func (s *Service) WithInstrument(f InstrumentResponder) *Service { s.instrument = f; return s }

// DiaryInput is a diary entry as the client writes it; Date (YYYY-MM-DD,
// empty for today in the client's zone) lets a missed day be filled in.
type DiaryInput struct {
	Now, Average, Worst *int
	Note, Date          string
}

// MaxNote bounds a diary note, in characters.
const MaxNote = 1000

// BackfillDays is how far back a missed day may be filled in.
const BackfillDays = 14

// LocalDate is t's date in zone, as midnight UTC.
func LocalDate(t time.Time, zone *time.Location) time.Time {
	y, m, d := t.In(zone).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// AddEntry stores a diary entry for the calling client.
func (s *Service) AddEntry(ctx context.Context, a audit.Access, in DiaryInput) (store.PainEntry, error) {
	now := s.now()
	zone := tz.Or(a.Actor.TimeZone)
	today := LocalDate(now, zone)
	f := apperr.Fields{}
	score(f, "now", in.Now)
	score(f, "average", in.Average)
	score(f, "worst", in.Worst)
	note := strings.TrimSpace(in.Note)
	f.Check(utf8.RuneCountInString(note) <= MaxNote, "note", "Keep the note to 1000 characters.")
	date := today
	if in.Date != "" {
		d, err := time.Parse(time.DateOnly, in.Date)
		switch {
		case err != nil:
			f.Add("date", "Give the date as YYYY-MM-DD.")
		case d.After(today):
			f.Add("date", "The date cannot be in the future.")
		case d.Before(today.AddDate(0, 0, -BackfillDays)):
			f.Add("date", "Entries can be added for the last 14 days only.")
		default:
			date = d
		}
	}
	if err := f.Err(); err != nil {
		return store.PainEntry{}, err
	}
	e := store.PainEntry{ClientID: a.Actor.UserID, RecordedAt: now, LocalDate: date.Format(time.DateOnly),
		TimeZone: zone.String(), NowScore: *in.Now, AverageScore: *in.Average, WorstScore: *in.Worst, Note: note}
	err := s.db.InTx(ctx, func(tx db.Tx) error {
		var err error
		if e.ID, err = store.InsertPainEntry(ctx, tx, e); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, a, e.ClientID, RecordDiary, e.ID, audit.Create)
	})
	return e, err
}

func score(f apperr.Fields, field string, v *int) {
	switch {
	case v == nil:
		f.Add(field, "Give a score from 0 (no pain) to 10 (worst pain you can imagine).")
	case *v < 0 || *v > 10:
		f.Add(field, "The score goes from 0 to 10.")
	}
}

// Diary reads up to fetch of the client's entries, newest first, after
// the entry (afterDate, afterID) when afterID is not 0, for someone MayRead
// allows; the read is recorded in the audit log.
func (s *Service) Diary(ctx context.Context, a audit.Access, clientID int64, afterDate string, afterID int64, fetch int) ([]store.PainEntry, error) {
	var rows []store.PainEntry
	now := s.now()
	err := s.db.InTx(ctx, func(tx db.Tx) error {
		if err := audit.MayRead(ctx, tx, a.Actor, clientID, now); err != nil {
			return err
		}
		var err error
		if rows, err = store.PainPage(ctx, tx, clientID, afterDate, afterID, fetch); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, a, clientID, RecordDiary, clientID, audit.Read)
	})
	return rows, err
}

// Phases of a session's pain.
const (
	Before = "before"
	After  = "after"
)

// SessionPainWindow is how long around a session its pain may be entered:
// from a day before it starts to a week after it ends.
const SessionPainWindow = 7 * 24 * time.Hour

// SetSessionPain records the pain before or after a session, by its client
// or its therapist.
func (s *Service) SetSessionPain(ctx context.Context, a audit.Access, appointmentID int64, phase string, value *int) error {
	now := s.now()
	f := apperr.Fields{}
	f.Check(phase == Before || phase == After, "when", `Say "before" or "after" the session.`)
	score(f, "score", value)
	if err := f.Err(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx db.Tx) error {
		ap, err := store.AppointmentByID(ctx, tx, appointmentID)
		if errors.Is(err, store.ErrNotFound) || err == nil && ap.ClientID != a.Actor.UserID &&
			(a.Actor.Role != authz.RoleTherapist || ap.TherapistID != a.Actor.UserID) {
			return apperr.ErrNotFound.With("No appointment of yours has this id.")
		}
		if err != nil {
			return err
		}
		if ap.Status != "booked" && ap.Status != "completed" {
			return apperr.Fields{"when": "Pain is recorded for sessions that take place, not cancelled or missed ones."}.Err()
		}
		if now.Before(ap.Start.Add(-24*time.Hour)) || now.After(ap.End.Add(SessionPainWindow)) {
			return apperr.Fields{"when": "Pain is recorded from a day before the session to a week after it."}.Err()
		}
		if err := store.SetSessionPain(ctx, tx, ap.ID, phase, *value, a.Actor.UserID, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, a, ap.ClientID, RecordSessionPain, ap.ID, audit.Create)
	})
}

// RescreenDue says whether the client's last diary entry rose enough over
// the one before to call the re-screen (RescreenRise), for the check-in at
// the door. It reads in the caller's transaction; the caller records the
// read in the audit log as part of its own.
func RescreenDue(ctx context.Context, q db.Querier, clientID int64) (bool, error) {
	rows, err := store.PainPage(ctx, q, clientID, "", 0, 2)
	if err != nil || len(rows) < 2 {
		return false, err
	}
	return rows[0].NowScore-rows[1].NowScore >= RescreenRise, nil
}
