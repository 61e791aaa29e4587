package audit

import (
	"context"
	"time"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/store"
)

// CareYears is how long a care relationship outlasts the last session
// (issue 7 "Privacy": care in the past year).
const CareYears = 1

// MayRead is the one rule for reading a client's health records: the
// client themself, or a therapist from the moment the client books with
// them while the care relationship lasts — bookings not all cancelled, or
// care in the past year. Clinic and site admins browsing are not allowed;
// anyone else is answered not-found, so records do not show they exist.
func MayRead(ctx context.Context, q db.Querier, actor *authz.Principal, clientID int64, now time.Time) error {
	if actor == nil {
		return apperr.ErrNotFound
	}
	if actor.UserID == clientID {
		return nil
	}
	if actor.Role != authz.RoleTherapist {
		return apperr.ErrNotFound
	}
	ok, err := store.InCare(ctx, q, actor.UserID, clientID, now.AddDate(-CareYears, 0, 0))
	if err != nil {
		return err
	}
	if !ok {
		return apperr.ErrNotFound
	}
	return nil
}
