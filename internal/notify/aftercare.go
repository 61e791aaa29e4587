package notify

import (
	"context"
	"fmt"

	"github.com/riverqueue/river"

	"github.com/knead/knead/internal/booking"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/tz"
)

// AftercareArgs is the job that sends a session's after-care mail, a while
// after it ends. Start is the time it was for: a session moved since has its
// own job, and this one does nothing.
type AftercareArgs ReminderArgs

// Kind names the job in River's table. Like the reminder, it goes through
// the job outbox; the message's event key keeps it to one mail per session
// and start.
func (AftercareArgs) Kind() string { return "aftercare" }

// link is one link of a letter.
type link struct{ Text, URL string }

// aftercareTips are the generic after-massage advice of domain-clinical.md
// §6 — the same for everyone, so nothing about the client's health.
var aftercareTips = []string{
	"Mild soreness for a day or two after a massage is common and passes.",
	"Drink water if you are thirsty.",
	"Keep moving gently: walking and your normal activities help. Stretch slowly and within comfort, and stop if a stretch gives sharp pain or pain spreading down a leg.",
	"Use heat or cold as your therapist advised: wrapped in a cloth, 15 to 20 minutes at most, never directly on the skin and never while falling asleep.",
}

type aftercareWorker struct {
	river.WorkerDefaults[AftercareArgs]
	db *db.DB
	n  *Notices
}

// Work re-reads the session: only one that took place (not cancelled, not
// a no-show, not moved) gets after-care, and only when the client wants it.
func (w *aftercareWorker) Work(ctx context.Context, job *river.Job[AftercareArgs]) error {
	return w.db.InTx(ctx, func(tx db.Tx) error {
		a, err := store.AppointmentByID(ctx, tx, job.Args.AppointmentID)
		if err == store.ErrNotFound {
			return nil
		}
		if err != nil {
			return err
		}
		if a.Status != booking.StatusBooked || !a.Start.Equal(job.Args.Start) {
			return nil
		}
		if pref, err := store.MailPreferenceOf(ctx, tx, a.ClientID); err != nil || !pref.Aftercare {
			return err
		}
		return w.n.mail.Queue(ctx, tx, w.n.aftercare(a))
	})
}

// aftercare is the message after a session. Its links go only to pages
// that exist.
func (n *Notices) aftercare(a store.Appointment) Message {
	zone := tz.Or(a.ClientZone, a.TimeZone)
	links := []link{{"The after-care checklist for this session", fmt.Sprintf("%s/appointments/%d/aftercare", n.base, a.ID)},
		{"Your home-care routines", n.base + "/care/mine"},
		{"Note how your back feels in your pain diary", n.base + "/progress"},
		{"Your appointments, and booking the next one", n.base + "/appointments"}}
	// A review link joins once reviews exist.
	return Message{To: a.ClientEmail, ToName: a.ClientName, Kind: "aftercare", Template: "letter",
		Subject:  "After your session with " + a.TherapistName,
		EventKey: fmt.Sprintf("aftercare:%d:%d", a.ID, a.Start.Unix()),
		Data: map[string]any{"Name": a.ClientName,
			"Lead": []string{fmt.Sprintf("Thank you for your session with %s on %s. A few things that help in the days after a massage:",
				a.TherapistName, a.Start.In(zone).Format("Monday 2 January"))},
			"Items": aftercareTips,
			"After": []string{"If pain is severe, new or getting worse, or bruising appears, tell your therapist, and see a doctor before your next session."},
			"Links": links}}
}
