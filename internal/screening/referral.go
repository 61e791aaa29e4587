package screening

import (
	"context"
	"time"

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

// judge is the standing of the client's screenings (history, newest
// first) at now, their latest referral weighed in: one verdict for the
// booking gate and for the screening the client reads.
func judge(ctx context.Context, q db.Querier, clientID int64, history []triage.Taken, now time.Time) (triage.Verdict, error) {
	referredAt, err := store.LatestReferralAt(ctx, q, clientID)
	if err != nil {
		return triage.Verdict{}, err
	}
	return afterReferral(triage.Standing(history, now), history, referredAt), nil
}

// afterReferral weighs the client's latest referral, at referredAt (zero:
// none), into the verdict of their screenings (history, newest first). A session stopped and referred
// — by the therapist, or at check-in — overrides the client's answers
// (domain-clinical.md §1.2): new answers alone do not lift it, a
// clinician's review does, attested on a screening taken after the
// referral. Until there is one the client is asked for that screening,
// then for the review. A block the screenings make themselves comes first.
func afterReferral(v triage.Verdict, history []triage.Taken, referredAt time.Time) triage.Verdict {
	if v.Blocks || referredAt.IsZero() {
		return v
	}
	for _, t := range history {
		if !t.At.After(referredAt) {
			break
		}
		if t.Clearance != nil {
			return v
		}
	}
	if len(history) == 0 || !history[0].At.After(referredAt) {
		return triage.Verdict{Blocks: true, Problem: triage.ProblemRequired, Reason: referredScreen}
	}
	return triage.Verdict{Blocks: true, Problem: triage.ProblemBlocked, Reason: referredReview, Clearable: true, From: 0}
}
