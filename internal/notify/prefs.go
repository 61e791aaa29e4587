package notify

import (
	"context"
	"strconv"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/store"
)

// Preferences reads and saves what each person wants mailed. Only
// reminders and after-care can be turned off: account, booking and safety
// messages always go out.
type Preferences struct{ db *db.DB }

// NewPreferences returns the preferences over d.
func NewPreferences(d *db.DB) *Preferences { return &Preferences{db: d} }

// Of reads a person's preferences.
func (p *Preferences) Of(ctx context.Context, userID int64) (store.MailPreference, error) {
	return store.MailPreferenceOf(ctx, p.db.R(), userID)
}

// PreferenceInput is the form: checkboxes, and a therapist's lead time in
// hours (empty keeps the current one).
type PreferenceInput struct {
	Reminders, Aftercare bool
	RemindHours          string
}

// Save stores a person's choices. Reminders already scheduled read the
// client's choice when they fall due; a new lead time applies to sessions
// booked or moved from now on.
func (p *Preferences) Save(ctx context.Context, userID int64, therapist bool, in PreferenceInput) (store.MailPreference, error) {
	var out store.MailPreference
	err := p.db.InTx(ctx, func(tx db.Tx) error {
		cur, err := store.MailPreferenceOf(ctx, tx, userID)
		if err != nil {
			return err
		}
		out = cur
		if !therapist { // the choices are a client's; a therapist's is the lead time
			out.Reminders, out.Aftercare = in.Reminders, in.Aftercare
		}
		if therapist && in.RemindHours != "" {
			h, err := strconv.Atoi(in.RemindHours)
			if err != nil || h < 1 || h > 168 {
				return apperr.Fields{"remind_hours": "Enter a number of hours from 1 to 168 (a week)."}.Err()
			}
			out.RemindHours = h
		}
		return store.SetMailPreference(ctx, tx, userID, out)
	})
	return out, err
}
