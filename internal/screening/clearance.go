package screening

import (
	"context"
	"errors"
	"time"
	"unicode/utf8"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/audit"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/triage"
)

// ClearanceInput is the client's attestation (API.md).
type ClearanceInput struct {
	Clinician, SeenOn, Note string
}

// errClearance answers a clearance that cannot be recorded (409
// clearance-not-allowed).
func errClearance(detail string) error {
	return apperr.Conflict("clearance-not-allowed", "Clearance not allowed", detail)
}

// Field limits.
const (
	maxClinician = 200
	maxNote      = 2000
)

// Clear records that a clinician reviewed this episode. It lifts soon and
// urgent blocks and those of CI-01, CI-10 and CI-14 — never an emergency
// (only a new screening at least 24 h later lifts that) nor RF-19 — and is
// recorded once: a screening's clearance is not edited afterwards.
func (s *Service) Clear(ctx context.Context, a audit.Access, id int64, in ClearanceInput) (View, error) {
	now := s.now()
	var v View
	err := s.db.InTx(ctx, func(tx db.Tx) error {
		row, err := store.ClientScreening(ctx, tx, a.Actor.UserID, id)
		if errors.Is(err, store.ErrNotFound) {
			return apperr.ErrNotFound.With("No screening of yours has this id.")
		} else if err != nil {
			return err
		}
		if err := checkClearance(in, row.TakenAt, now); err != nil {
			return err
		}
		if ok, why := triage.ClearanceAllowed(taken(row).Result); !ok {
			return errClearance(why)
		}
		done, err := store.ClearScreening(ctx, tx, id, in.Clinician, in.SeenOn, in.Note, now)
		if err != nil {
			return err
		}
		if !done {
			return errClearance("A clinician's review is already recorded for this screening; it is not changed afterwards.")
		}
		if err := audit.Record(ctx, tx, now, a, a.Actor.UserID, RecordType, id, audit.Clearance); err != nil {
			return err
		}
		v, err = s.view(ctx, tx, a.Actor.UserID, id, now)
		return err
	})
	return v, err
}

// checkClearance: a clinician named, and a review date that is not in the
// future and not before the screening (a day's slack for time zones) — a
// review before the answers cannot have covered them.
func checkClearance(in ClearanceInput, takenAt, now time.Time) error {
	f := apperr.Fields{}
	f.Check(in.Clinician != "", "clinician", "Name the clinician who reviewed your back pain.")
	f.Check(utf8.RuneCountInString(in.Clinician) <= maxClinician, "clinician", "Use at most 200 characters.")
	f.Check(utf8.RuneCountInString(in.Note) <= maxNote, "note", "Use at most 2000 characters.")
	seen, err := time.Parse(time.DateOnly, in.SeenOn)
	latest := now.UTC().Add(14 * time.Hour) // the date furthest ahead on Earth
	earliest := takenAt.UTC().AddDate(0, 0, -1)
	switch {
	case in.SeenOn == "":
		f.Add("seen_on", "Give the date the clinician saw you as YYYY-MM-DD.")
	case err != nil:
		f.Add("seen_on", "This is not a date as YYYY-MM-DD.")
	case seen.After(latest):
		f.Add("seen_on", "The date cannot be in the future.")
	case seen.Before(time.Date(earliest.Year(), earliest.Month(), earliest.Day(), 0, 0, 0, 0, time.UTC)):
		f.Add("seen_on", "The review must be on or after the day of this screening; a review before it cannot have covered these answers.")
	}
	return f.Err()
}
