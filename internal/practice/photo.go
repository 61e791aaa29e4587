package practice

import (
	"context"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/therapist"
)

// photoWorkers is how many uploads one server decodes at once: the largest
// allowed image needs about 150 MB while it is decoded.
const photoWorkers = 2

// SetPhoto checks and re-encodes an upload and stores it as the actor's
// photo, replacing any earlier one. A refused upload stores nothing. The
// answer describes the stored photo without its bytes.
func (s *Service) SetPhoto(ctx context.Context, actor *authz.Principal, data []byte) (therapist.Photo, error) {
	if actor.Role != authz.RoleTherapist {
		return therapist.Photo{}, apperr.ErrForbidden.With("Only therapists have a photo.")
	}
	select {
	case s.photoSlots <- struct{}{}:
		defer func() { <-s.photoSlots }()
	case <-ctx.Done():
		return therapist.Photo{}, ctx.Err()
	}
	large, small, err := processPhoto(data)
	if err != nil {
		return therapist.Photo{}, err
	}
	p := therapist.Photo{TherapistID: actor.UserID, Large: large, Small: small, ETag: photoTag(large, small), UpdatedAt: s.now()}
	err = s.db.InTx(ctx, func(tx db.Tx) error {
		if err := s.ensureTherapist(ctx, tx, actor); err != nil {
			return err
		}
		return store.PutPhoto(ctx, tx, p)
	})
	p.Large, p.Small = nil, nil
	return p, err
}

// RemovePhoto deletes the actor's photo; having none is fine.
func (s *Service) RemovePhoto(ctx context.Context, actor *authz.Principal) error {
	if actor.Role != authz.RoleTherapist {
		return apperr.ErrForbidden.With("Only therapists have a photo.")
	}
	return store.DeletePhoto(ctx, s.db.W(), actor.UserID)
}

// Photo reads one size of a therapist's photo, which is public.
func (s *Service) Photo(ctx context.Context, therapistID int64, small bool) (therapist.Photo, error) {
	p, err := store.PhotoOf(ctx, s.db.R(), therapistID, small)
	if err == store.ErrNotFound {
		return p, apperr.ErrNotFound.With("This therapist has no photo.")
	}
	return p, err
}
