package screening

import (
	"context"
	"errors"

	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/triage"
)

// Why a referral blocks, in the words the client reads.
const (
	referredScreen = "A session of yours was stopped and you were advised to see a doctor. Take a new safety screening; " +
		"booking opens again once a clinician's review is recorded on it."
	referredReview = "A session of yours was stopped and you were advised to see a doctor. Booking opens again once you " +
		"record that a clinician has reviewed it."
)

// latestReferral is the client's most recent stop-and-refer, nil when none.
func latestReferral(ctx context.Context, q db.Querier, clientID int64) (*store.Referral, error) {
	r, err := store.LatestReferral(ctx, q, clientID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// afterReferral weighs the client's latest referral into the verdict of
// their screenings (history, newest first). A session stopped and referred
// — by the therapist, or at check-in — overrides the client's answers
// (domain-clinical.md §1.2): new answers alone do not lift it, a
// clinician's review does, attested on a screening taken after the
// referral. Until there is one the client is asked for that screening,
// then for the review. A block the screenings make themselves comes first.
func afterReferral(v triage.Verdict, history []triage.Taken, ref *store.Referral) triage.Verdict {
	if v.Blocks || ref == nil {
		return v
	}
	for _, t := range history {
		if !t.At.After(ref.ReferredAt) {
			break
		}
		if t.Clearance != nil {
			return v
		}
	}
	if len(history) == 0 || !history[0].At.After(ref.ReferredAt) {
		return triage.Verdict{Blocks: true, Problem: triage.ProblemRequired, Reason: referredScreen}
	}
	return triage.Verdict{Blocks: true, Problem: triage.ProblemBlocked, Reason: referredReview, Clearable: true, From: 0}
}
