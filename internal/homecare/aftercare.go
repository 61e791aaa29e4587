package homecare

import (
	"context"
	"errors"
	"time"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/audit"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/store"
)

// Tip is one point of the after-massage checklist.
type Tip struct{ Title, Text string }

// Checklist is what to do after a massage, in knead's words, following
// domain-clinical.md §6 "After a massage": no claims about toxins.
var Checklist = []Tip{
	{"Drink when you are thirsty", "Have water to hand and drink if you feel thirsty. There is no need to force extra glasses."},
	{"Keep moving gently", "A walk the same day and your normal activities help more than resting. Do your routines below, gently."},
	{"Heat or cold as your therapist advised", "Warmth (15 to 20 minutes, with a cloth between it and your skin) often eases stiffness. Use cold only if your therapist suggested it and it helps."},
	{"Some soreness is normal", "Feeling sore or achy for a day or two, like after exercise, is the most common after-effect and passes by itself."},
	{"Tell your therapist about bruising", "Bruises are worth a message to your therapist, especially if you take a blood thinner."},
	{"When to call someone", "If pain is severe, new or getting worse after 2 days, contact your doctor and take a new safety screening before your next session."},
}

// Aftercare is the after-care page of one appointment.
type Aftercare struct {
	Appointment store.Appointment
	Start       time.Time // in the reader's zone
	ForClient   bool
	Plan        *Plan // the client's routines; nil when the reader may not see them
}

// Aftercare reads the page of an appointment for its client or its
// therapist; anyone else gets not-found. The client's routines are shown
// under the health-data rule, their read recorded.
func (s *Service) Aftercare(ctx context.Context, a audit.Access, appointmentID int64, zone *time.Location) (Aftercare, error) {
	var out Aftercare
	now := s.now()
	err := s.db.InTx(ctx, func(tx db.Tx) error {
		ap, err := store.AppointmentByID(ctx, tx, appointmentID)
		if errors.Is(err, store.ErrNotFound) || err == nil && a.Actor.UserID != ap.ClientID && a.Actor.UserID != ap.TherapistID {
			return apperr.ErrNotFound.With("You have no appointment with this id.")
		}
		if err != nil {
			return err
		}
		out = Aftercare{Appointment: ap, Start: ap.Start.In(zone), ForClient: a.Actor.UserID == ap.ClientID}
		p, err := s.plan(ctx, tx, a, ap.ClientID, now)
		if errors.Is(err, apperr.ErrNotFound) { // a therapist whose care has ended
			return nil
		}
		out.Plan = &p
		return err
	})
	return out, err
}
