package booking

import (
	"context"

	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/screening"
	"github.com/knead/knead/internal/therapist"
)

// gate is the one place booking asks the client's safety screening
// (API.md "Safety screening"): every way an appointment is made for a
// client — a booking, a series, a waitlist entry and the acceptance of its
// offer — passes it, whoever books. Reschedules do not: API.md lists no 403
// for them, a move is the same session with the same therapist and
// technique (it passed the gate when booked), and the check-in re-screen
// stands before every session.
func (s *Service) gate(ctx context.Context, q db.Querier, actor *authz.Principal, clientID int64, svc therapist.Service) error {
	return screening.MayBook(ctx, q, clientID, svc.Technique, actor.UserID == clientID, s.now())
}

// MayBook is the gate for the waitlist: nil when clientID may book a
// session of the therapist's service now, else the 403 of API.md. An
// unknown service is the caller's to report, so it passes here.
func (s *Service) MayBook(ctx context.Context, q db.Querier, actor *authz.Principal, clientID, therapistID, serviceID int64) error {
	svc, _, err := serviceOf(ctx, q, therapistID, serviceID)
	if err != nil {
		return nil
	}
	return s.gate(ctx, q, actor, clientID, svc)
}
