package screening

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/therapist"
	"github.com/knead/knead/internal/triage"
)

// Standing is what a client's screenings allow now: whether booking is
// blocked (the whole history decides, as in View) and which techniques the
// latest screening excludes. It is computed each time, never stored.
type Standing struct {
	Verdict  triage.Verdict
	Excluded []string
}

// StandingOf works out a client's standing at now. It is the system
// deciding what to offer, not a person reading the record: nothing of the
// answers is shown, so it is not an audited read.
func StandingOf(ctx context.Context, q db.Querier, clientID int64, now time.Time) (Standing, error) {
	rows, err := store.ClientScreenings(ctx, q, clientID)
	if err != nil {
		return Standing{}, err
	}
	history := make([]triage.Taken, len(rows))
	for i, row := range rows {
		history[i] = taken(row)
	}
	v, err := judge(ctx, q, clientID, history, now)
	if err != nil {
		return Standing{}, err
	}
	st := Standing{Verdict: v}
	if len(history) > 0 {
		st.Excluded = history[0].Result.ExcludedTechniques
	}
	return st, nil
}

// MayBook answers nil when a session of technique may be booked, else the
// 403 of API.md. self is whether the client books for themself: a
// therapist booking for them is told that the screening stops it, not the
// reasons (those are the client's to share, and show on the appointment
// once it exists).
func (st Standing) MayBook(technique string, self bool) error {
	v := st.Verdict
	name := strings.ToLower(therapist.TechniqueNames[technique])
	if name == "" {
		name = technique
	}
	switch {
	case v.Blocks && v.Problem == triage.ProblemRequired && self:
		return apperr.ErrScreeningRequired.With(v.Reason)
	case v.Blocks && v.Problem == triage.ProblemRequired:
		return apperr.ErrScreeningRequired.With("This client has no safety screening from the last 90 days; they need to take one before a session can be booked.")
	case v.Blocks && self:
		return apperr.ErrBookingBlocked.With(v.Reason)
	case v.Blocks:
		return apperr.ErrBookingBlocked.With("This client's safety screening does not allow booking now.")
	case slices.Contains(st.Excluded, technique) && self:
		return apperr.ErrTechniqueExcluded.With("Your safety screening advises against " + name + ". Please choose another service.")
	case slices.Contains(st.Excluded, technique):
		return apperr.ErrTechniqueExcluded.With("This client's safety screening advises against " + name + ".")
	}
	return nil
}

// MayBook is the booking gate (API.md "Safety screening"): nil when the
// client may book a session of technique at now, else 403
// screening-required, booking-blocked or technique-excluded.
func MayBook(ctx context.Context, q db.Querier, clientID int64, technique string, self bool, now time.Time) error {
	st, err := StandingOf(ctx, q, clientID, now)
	if err != nil {
		return err
	}
	return st.MayBook(technique, self)
}

// Standing is the client's standing now (StandingOf), for what their own
// search and booking pages offer.
func (s *Service) Standing(ctx context.Context, clientID int64) (Standing, error) {
	return StandingOf(ctx, s.db.R(), clientID, s.now())
}
