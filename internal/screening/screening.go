// Package screening stores clients' safety screenings and answers for them:
// it evaluates answers with the triage rules, keeps them unchanged, records
// every read in the audit log, and works out whether booking is blocked
// each time a screening is read (never a stored flag).
package screening

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/audit"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/triage"
)

// RecordType names screenings in the audit log.
const RecordType = "screening"

// Service runs screenings.
type Service struct {
	db  *db.DB
	now func() time.Time
}

// New returns the screening service.
func New(d *db.DB, now func() time.Time) *Service { return &Service{db: d, now: now} }

// Input is a screening as the client answers it (API.md).
type Input struct {
	DateOfBirth         string
	Answers, Conditions map[string]string
}

// View is a screening as shown: its result as shown when taken, its
// clearance, and whether booking is blocked now, by it or by an earlier
// one (Blocker says which).
type View struct {
	ID        int64
	TakenAt   time.Time
	Result    triage.Result
	Clearance *triage.Clearance
	Verdict   triage.Verdict
	Blocker   int64             // the screening that blocks, when Verdict.Blocks and one does
	answers   map[string]string // every answer, red flags and conditions, by ID
}

// ErrNoScreening answers a client who has not taken one yet.
var ErrNoScreening = apperr.ErrNotFound.With("You have not taken a safety screening yet.")

// Today is the date in the last time zone on Earth (UTC−12), as midnight
// UTC. Ages use it, so nobody counts as 18 before their birthday has begun
// everywhere; date checks use it, so a date that is still today in some
// zone is not refused as past while UTC's date is already tomorrow.
func Today(now time.Time) time.Time {
	y, m, d := now.UTC().Add(-12 * time.Hour).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Take evaluates and stores a screening for the client.
func (s *Service) Take(ctx context.Context, a audit.Access, in Input) (View, error) {
	now := s.now()
	r, err := triage.Evaluate(in.Answers, in.Conditions, in.DateOfBirth, Today(now))
	if err != nil {
		return View{}, err
	}
	row := store.Screening{ClientID: a.Actor.UserID, TakenAt: now, RuleVersion: r.RuleVersion, DateOfBirth: in.DateOfBirth,
		Answers: jsonText(in.Answers), Conditions: jsonText(in.Conditions), Result: jsonText(r)}
	var v View
	err = s.db.InTx(ctx, func(tx db.Tx) error {
		if row.ID, err = store.InsertScreening(ctx, tx, row); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, now, a, a.Actor.UserID, RecordType, row.ID, audit.Create); err != nil {
			return err
		}
		v, err = s.view(ctx, tx, a.Actor.UserID, row.ID, now)
		return err
	})
	return v, err
}

// Latest is the client's latest screening, its read recorded.
func (s *Service) Latest(ctx context.Context, a audit.Access) (View, error) {
	return s.read(ctx, a, 0)
}

// Get is one of the client's screenings, its read recorded; another
// client's is not found.
func (s *Service) Get(ctx context.Context, a audit.Access, id int64) (View, error) {
	return s.read(ctx, a, id)
}

func (s *Service) read(ctx context.Context, a audit.Access, id int64) (View, error) {
	var v View
	now := s.now()
	err := s.db.InTx(ctx, func(tx db.Tx) error {
		var err error
		if v, err = s.view(ctx, tx, a.Actor.UserID, id, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, a, a.Actor.UserID, RecordType, v.ID, audit.Read)
	})
	return v, err
}

// view reads the client's screening id (0: the latest) with the verdict of
// the whole history at now.
func (s *Service) view(ctx context.Context, q db.Querier, clientID, id int64, now time.Time) (View, error) {
	rows, err := store.ClientScreenings(ctx, q, clientID)
	if err != nil {
		return View{}, err
	}
	history := make([]triage.Taken, len(rows))
	var v View
	found := false
	for i, row := range rows {
		history[i] = taken(row)
		if id == row.ID || id == 0 && i == 0 {
			v, found = View{ID: row.ID, TakenAt: row.TakenAt, Clearance: history[i].Clearance, answers: answersOf(row)}, true
			_ = json.Unmarshal([]byte(row.Result), &v.Result)
		}
	}
	if !found {
		if id == 0 {
			return View{}, ErrNoScreening
		}
		return View{}, apperr.ErrNotFound.With("No screening of yours has this id.")
	}
	if v.Verdict, err = judge(ctx, q, clientID, history, now); err != nil {
		return View{}, err
	}
	if v.Verdict.Problem == triage.ProblemBlocked {
		v.Blocker = rows[v.Verdict.From].ID
	}
	return v, nil
}

// taken re-evaluates a stored screening with today's rules, on the date it
// was taken, so whether it blocks follows the answers and the rules, not a
// stored flag. Answers that no longer fit the rules (a question added
// since) fall back to the result stored then.
func taken(row store.Screening) triage.Taken {
	t := triage.Taken{At: row.TakenAt}
	r, err := evaluated.evaluate(row)
	if err != nil {
		if json.Unmarshal([]byte(row.Result), &r) != nil {
			r = triage.Result{Tier: triage.Emergency} // unreadable: never let it through
		}
	}
	t.Result = r
	if row.AttestedAt != nil {
		t.Clearance = &triage.Clearance{Clinician: row.Clinician, SeenOn: row.SeenOn, Note: row.Note, AttestedAt: *row.AttestedAt}
	}
	return t
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("screening: %v", err)) // maps of strings and results always encode
	}
	return string(b)
}
