package homecare

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/audit"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/store"
)

// Limits of an assignment.
const (
	MaxTimes     = 10
	MaxNoteChars = 500
)

// AssignInput is a therapist's assignment of a routine.
type AssignInput struct {
	Routine string
	Times   int
	Per     string
	Note    string
}

func (in AssignInput) check(f apperr.Fields) {
	if _, ok := Find(in.Routine); !ok {
		f.Add("routine", "Choose a routine of the home-care library.")
	}
	f.Check(in.Times >= 1 && in.Times <= MaxTimes, "times", "Give how many times, from 1 to 10.")
	f.Check(in.Per == PerDay || in.Per == PerWeek, "per", "Choose a day or a week.")
	f.Check(utf8.RuneCountInString(in.Note) <= MaxNoteChars, "note", "Keep the note to 500 characters.")
}

// Assign gives a routine to a client in the therapist's care and returns
// the plan. A routine the client's latest screening rules out is a 422
// naming why; so is one already assigned.
func (s *Service) Assign(ctx context.Context, a audit.Access, clientID int64, in AssignInput) (Plan, error) {
	in.Note = strings.TrimSpace(in.Note)
	return s.change(ctx, a, clientID, func(tx db.Tx, p Plan) error {
		f := apperr.Fields{}
		in.check(f)
		if r, ok := Find(in.Routine); ok {
			if ex := p.screened.Excludes(r); ex != nil {
				f.Add("routine", ex.Reason)
			}
		}
		for _, it := range p.Items {
			f.Check(it.Slug != in.Routine, "routine", errAssigned)
		}
		if err := f.Err(); err != nil {
			return err
		}
		_, err := store.InsertCareAssignment(ctx, tx, store.CareAssignment{ClientID: clientID, TherapistID: a.Actor.UserID,
			Routine: in.Routine, Times: in.Times, Per: in.Per, Note: in.Note, AssignedAt: s.now()})
		if errors.Is(err, store.ErrAlreadyAssigned) { // assigned meanwhile by another request
			return apperr.Fields{"routine": errAssigned}.Err()
		}
		return err
	}, audit.Create)
}

const errAssigned = "This routine is assigned already; remove it first to change it."

// Remove ends one of the client's assignments; its ticks still count for
// the days it was assigned.
func (s *Service) Remove(ctx context.Context, a audit.Access, clientID, assignmentID int64) (Plan, error) {
	return s.change(ctx, a, clientID, func(tx db.Tx, p Plan) error {
		ok, err := store.RemoveCareAssignment(ctx, tx, clientID, assignmentID, s.now())
		if err == nil && !ok {
			err = apperr.ErrNotFound.With("This client has no routine with this id.")
		}
		return err
	}, removeAction)
}

// removeAction names the end of an assignment in the audit log.
const removeAction = "remove"

// change runs a therapist's change to a client's plan, with the access
// check and the audit entries, and returns the plan after it. A change
// refused as invalid writes nothing but still records the reads, since its
// reasons may show the client's screening.
func (s *Service) change(ctx context.Context, a audit.Access, clientID int64, do func(db.Tx, Plan) error, action string) (Plan, error) {
	if a.Actor.Role != authz.RoleTherapist {
		return Plan{}, apperr.ErrNotFound
	}
	var p Plan
	var invalid error
	now := s.now()
	err := s.db.InTx(ctx, func(tx db.Tx) error {
		var err error
		if p, err = s.plan(ctx, tx, a, clientID, now); err != nil {
			return err
		}
		if err := do(tx, p); err != nil {
			if apperr.From(err).Status == http.StatusUnprocessableEntity {
				invalid = err
				return nil
			}
			return err
		}
		if err := audit.Record(ctx, tx, now, a, clientID, RecordType, clientID, action); err != nil {
			return err
		}
		p.Items, p.Offers = nil, nil
		return s.fill(ctx, tx, &p, now)
	})
	if err == nil {
		err = invalid
	}
	return p, err
}
