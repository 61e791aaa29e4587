package checkin

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/audit"
	"github.com/knead/knead/internal/booking"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/triage"
	"github.com/knead/knead/internal/tz"
)

// ReferInput is a therapist's flag: why, in their words, and optionally
// the red flag it is.
type ReferInput struct {
	Reason string
	Rule   string
}

// maxReason bounds the free text.
const maxReason = 2000

// Refer stops and refers appointment id on its therapist's flag, at any
// time before the end of the session's local day (before the session or
// during it). It overrides any check-in (§1.2). The client of the
// appointment is refused (403): only the therapist raises a flag.
func (s *Service) Refer(ctx context.Context, a audit.Access, id int64, in ReferInput) (View, error) {
	now := s.now()
	err := s.db.InTx(ctx, func(tx db.Tx) error {
		appt, err := s.party(ctx, tx, a, id, now, true)
		if err != nil {
			return err
		}
		if appt.TherapistID != a.Actor.UserID {
			return apperr.ErrForbidden.With("Only the session's therapist can stop and refer it.")
		}
		if err := referable(appt, now); err != nil {
			return err
		}
		f := apperr.Fields{}
		reason := strings.TrimSpace(in.Reason)
		f.Check(reason != "", "reason", "Say why you are stopping the session.")
		f.Check(utf8.RuneCountInString(reason) <= maxReason, "reason", "Keep the reason under 2000 characters.")
		f.Check(in.Rule == "" || triage.IsRedFlag(triage.ID(in.Rule)), "rule", "Give a red-flag ID such as RF-06, or none.")
		if err := f.Err(); err != nil {
			return err
		}
		tier, advice := triage.ReferralAdvice(triage.ID(in.Rule))
		return s.refer(ctx, tx, a, store.Referral{AppointmentID: id, ClientID: appt.ClientID, ReferredBy: a.Actor.UserID,
			Source: ByTherapist, RuleID: in.Rule, Reason: reason, Tier: tier.String(), Advice: advice, ReferredAt: now})
	})
	if err != nil {
		return View{}, err
	}
	return s.Get(ctx, a, id)
}

// referable: a booked session, not referred yet, up to the end of its
// local day.
func referable(appt store.Appointment, now time.Time) error {
	switch {
	case appt.Status == booking.StatusReferred:
		return errNotActive("This session was already stopped and referred.")
	case appt.Status != booking.StatusBooked:
		return errNotActive("This appointment is " + appt.Status + ", so there is no session to stop.")
	}
	zone := tz.Or(appt.TimeZone)
	y, m, d := appt.Start.In(zone).Date()
	if !now.Before(time.Date(y, m, d+1, 0, 0, 0, 0, zone)) {
		return errNotActive("This session's day is over.")
	}
	return nil
}

// refer stores the referral and marks the session stopped, with its audit
// entry.
func (s *Service) refer(ctx context.Context, tx db.Tx, a audit.Access, r store.Referral) error {
	id, err := store.Refer(ctx, tx, r)
	if errors.Is(err, store.ErrReferred) {
		return errNotActive("This session was already stopped and referred.")
	}
	if err != nil {
		return err
	}
	return audit.Record(ctx, tx, r.ReferredAt, a, r.ClientID, RecordReferral, id, audit.Create)
}
