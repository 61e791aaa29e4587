package outcome

import (
	"context"
	"time"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/audit"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/tz"
)

// Progress is everything known about how a client is doing, with the
// reference points and the verdict worked out from it.
type Progress struct {
	ClientID   int64
	ClientName string
	Zone       *time.Location
	Today      time.Time // the client's local date, midnight UTC
	Diary      []store.PainEntry
	Sessions   []store.Session // sessions had, oldest first
	Answers    []store.MeasureAnswer
	Start      time.Time // the first session's local date; zero before any
	Ref        References
	Verdict    Verdict
	PGIC       int // the latest PGIC answer, 0 for none
	Due        *Due
	// Instruments are the follow-up answers to installed disability
	// instruments, oldest first; InstrumentsDue those due now.
	Instruments    []store.InstrumentAnswer
	InstrumentsDue []InstrumentDue
}

// Progress reads a client's progress for someone MayRead allows, recorded
// in the audit log.
func (s *Service) Progress(ctx context.Context, a audit.Access, clientID int64) (Progress, error) {
	var p Progress
	now := s.now()
	err := s.db.InTx(ctx, func(tx db.Tx) error {
		if err := audit.MayRead(ctx, tx, a.Actor, clientID, now); err != nil {
			return err
		}
		var err error
		if p, err = s.progress(ctx, tx, clientID, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, a, clientID, RecordProgress, clientID, audit.Read)
	})
	return p, err
}

// progress reads and works out a client's progress, unchecked and
// unrecorded: callers do both.
func (s *Service) progress(ctx context.Context, q db.Querier, clientID int64, now time.Time) (Progress, error) {
	u, err := store.UserByID(ctx, q, clientID)
	if err != nil {
		return Progress{}, err
	}
	p := Progress{ClientID: clientID, ClientName: u.Name, Zone: tz.Or(u.TimeZone)}
	p.Today = LocalDate(now, p.Zone)
	if p.Diary, err = store.ClientDiary(ctx, q, clientID); err != nil {
		return p, err
	}
	if p.Sessions, err = store.ClientSessions(ctx, q, clientID, 0, now); err != nil {
		return p, err
	}
	if p.Answers, err = store.ClientMeasureAnswers(ctx, q, clientID); err != nil {
		return p, err
	}
	if p.Instruments, err = store.ClientInstrumentAnswers(ctx, q, clientID); err != nil {
		return p, err
	}
	var intake *int
	if s.intake != nil {
		if intake, err = s.intake(ctx, q, clientID); err != nil {
			return p, err
		}
	}
	days := make([]Day, len(p.Diary))
	for i, e := range p.Diary {
		d, _ := time.Parse(time.DateOnly, e.LocalDate)
		days[i] = Day{Date: d, Now: e.NowScore, Average: e.AverageScore}
	}
	p.Ref = Reference(days, intake, p.Today)
	answered := map[string]bool{}
	for _, m := range p.Answers {
		answered[m.Point] = true
		p.PGIC = m.Score
	}
	if len(p.Sessions) > 0 {
		p.Start = LocalDate(p.Sessions[0].Start, p.Zone)
	}
	if d, ok := DuePGIC(p.Start, p.Today, answered); ok {
		p.Due = &d
	}
	s.dueInstruments(&p)
	var instrument bool
	if s.instrument != nil {
		if instrument, err = s.instrument(ctx, q, clientID); err != nil {
			return p, err
		}
	}
	p.Verdict = Decide(p.Ref, len(p.Sessions), p.PGIC, instrument)
	return p, nil
}

// AnswerPGIC stores the calling client's PGIC answer for the point due now.
func (s *Service) AnswerPGIC(ctx context.Context, a audit.Access, point string, value *int) (store.MeasureAnswer, error) {
	now := s.now()
	m := store.MeasureAnswer{ClientID: a.Actor.UserID, Instrument: "pgic", Point: point, AnsweredAt: now}
	f := apperr.Fields{}
	if value == nil || *value < 1 || *value > len(PGICOptions) {
		f.Add("score", "Choose one answer, from 1 (very much improved) to 7 (very much worse).")
	} else {
		m.Score = *value
	}
	err := s.db.InTx(ctx, func(tx db.Tx) error {
		p, err := s.progress(ctx, tx, a.Actor.UserID, now)
		if err != nil {
			return err
		}
		if p.Due == nil || p.Due.Point.ID != point {
			f.Add("point", "This question is not due now.")
		}
		if err := f.Err(); err != nil {
			return err
		}
		var fresh bool
		if m.ID, fresh, err = store.InsertMeasureAnswer(ctx, tx, m); err != nil {
			return err
		}
		if !fresh {
			return apperr.Fields{"point": "You have answered this question already."}.Err()
		}
		return audit.Record(ctx, tx, now, a, m.ClientID, RecordMeasure, m.ID, audit.Create)
	})
	return m, err
}
