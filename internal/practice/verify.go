package practice

import (
	"context"
	"unicode/utf8"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/therapist"
)

// Queue is the site admins' verification work: a page of what waits,
// oldest first, how much waits in all, and the latest decisions.
type Queue struct {
	Pending []store.QueuedCredential
	Waiting int
	Recent  []store.Decision
}

// VerificationQueue reads up to limit waiting credentials after a
// position in the queue, those whose therapist or number match only when
// match is not empty.
func (s *Service) VerificationQueue(ctx context.Context, actor *authz.Principal, match string, after store.QueuePosition, limit int) (Queue, error) {
	if err := authz.Admins.Check(actor); err != nil {
		return Queue{}, err
	}
	var q Queue
	var err error
	if q.Pending, err = store.PendingCredentials(ctx, s.db.R(), match, after, limit); err != nil {
		return q, err
	}
	if q.Waiting, err = store.PendingCount(ctx, s.db.R(), match); err != nil {
		return q, err
	}
	q.Recent, err = store.RecentDecisions(ctx, s.db.R(), 0, 20)
	return q, err
}

// Decide records a site admin's verification or rejection of a credential,
// with the note that explains it, and keeps the decision in the history
// (domain-clinical.md §5.3 step 3). Deciding again is allowed: verifying a
// verified credential records a re-check (§5.3 step 5), rejecting one
// revokes it.
func (s *Service) Decide(ctx context.Context, actor *authz.Principal, credentialID int64, decision, note string) (therapist.Credential, error) {
	if err := authz.Admins.Check(actor); err != nil {
		return therapist.Credential{}, err
	}
	f := apperr.Fields{}
	f.Check(utf8.RuneCountInString(note) <= 2000, "note", "Use at most 2,000 characters.")
	f.Check(decision != therapist.StatusRejected || note != "", "note", "Say why, for the therapist: what did not match?")
	if err := f.Err(); err != nil {
		return therapist.Credential{}, err
	}
	now := s.now()
	var c therapist.Credential
	err := s.db.InTx(ctx, func(tx db.Tx) error {
		var err error
		c, err = store.CredentialByID(ctx, tx, credentialID)
		if err == store.ErrNotFound {
			return apperr.ErrNotFound.With("No credential has this id.")
		}
		if err != nil {
			return err
		}
		c.Status, c.Note, c.VerifiedAt = decision, note, nil
		if decision == therapist.StatusVerified {
			c.VerifiedAt = &now
		}
		if err := store.SetCredentialStatus(ctx, tx, c.ID, c.Status, c.VerifiedAt, note); err != nil {
			return err
		}
		return store.InsertDecision(ctx, tx, store.Decision{CredentialID: c.ID, AdminID: actor.UserID, Decision: decision,
			Note: note, DecidedAt: now})
	})
	return c, err
}
