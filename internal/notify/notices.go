package notify

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/riverqueue/river"

	"github.com/knead/knead/internal/booking"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/jobs"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/tz"
)

// Notices tells both sides of a booking what changed: a confirmation with
// a calendar file, notices of cancellations and moves, and a reminder the
// day before. Times are in each reader's own zone. No health details: a
// cancellation's reason stays on the page.
type Notices struct {
	mail   *Mailer
	cal    *booking.Calendar
	outbox *jobs.Outbox
	base   string
}

// AftercareAfter is how long after a session ends its after-care mail goes
// out: time for the therapist to mark a no-show, which gets none.
const AftercareAfter = 2 * time.Hour

// NewNotices returns the booking notices, written through outbox, which
// also carries their reminders and after-care jobs.
func NewNotices(m *Mailer, cal *booking.Calendar, outbox *jobs.Outbox, baseURL string) *Notices {
	return &Notices{mail: m, cal: cal, outbox: outbox, base: strings.TrimSuffix(baseURL, "/")}
}

// NoticeArgs is the job that writes a change's notices. The change's
// transaction writes only this job to the outbox — one cached statement
// under the write lock — and the worker renders the messages (and
// schedules reminders) after it.
type NoticeArgs struct {
	Change string    `json:"change"`
	IDs    []int64   `json:"ids"`
	By     int64     `json:"by"`
	Until  time.Time `json:"until,omitzero"`
}

// Kind names the job in River's table.
func (NoticeArgs) Kind() string { return "booking_notice" }

// Changed enqueues the notices of a change in its transaction
// (booking.OnChange), so a change that rolls back tells nobody.
func (n *Notices) Changed(ctx context.Context, tx db.Tx, c booking.Change) error {
	return n.outbox.Enqueue(ctx, tx, NoticeArgs{Change: c.Kind, IDs: c.IDs, By: c.By, Until: c.Until}, time.Time{})
}

type noticeWorker struct {
	river.WorkerDefaults[NoticeArgs]
	db *db.DB
	n  *Notices
}

// Work writes the notices (and reminders) of one change in one transaction:
// a retry after a failure starts from nothing written.
func (w *noticeWorker) Work(ctx context.Context, job *river.Job[NoticeArgs]) error {
	a := job.Args
	return w.db.InTx(ctx, func(tx db.Tx) error {
		return w.n.write(ctx, tx, booking.Change{Kind: a.Change, IDs: a.IDs, By: a.By, Until: a.Until})
	})
}

// write queues the messages of a change.
func (n *Notices) write(ctx context.Context, tx db.Tx, c booking.Change) error {
	rows := make([]store.Appointment, 0, len(c.IDs))
	for _, id := range c.IDs {
		a, err := store.AppointmentByID(ctx, tx, id)
		if err != nil {
			return err
		}
		// A session changed again before its notice went out gets only the
		// notice of what it is now (booked, moved and offered ones must
		// still be live).
		if c.Kind == "cancelled" || a.Status == booking.StatusBooked || a.Status == booking.StatusHeld {
			rows = append(rows, a)
		}
	}
	if len(rows) == 0 {
		return nil
	}
	first := rows[0]
	switch c.Kind {
	case "booked":
		if err := n.remind(ctx, tx, rows); err != nil {
			return err
		}
		return n.send(ctx, tx, "booking_confirmed", rows, false, "Booked: ", "Your session is booked.", "Your sessions are booked.")
	case "cancelled":
		lead := "This session was cancelled."
		if c.By == first.ClientID {
			lead = "You cancelled this session."
		}
		if err := n.send(ctx, tx, "booking_cancelled", rows, false, "Cancelled: ", lead, "These sessions were cancelled."); err != nil {
			return err
		}
		return n.send(ctx, tx, "booking_cancelled", rows, true, "Cancelled: ", first.ClientName+"’s session was cancelled.",
			first.ClientName+"’s sessions were cancelled.")
	case "offered": // the first session of a standing slot stands for all of them
		return n.send(ctx, tx, "waitlist_offer", rows[:1], false, "A time opened: ",
			"A time you are waiting for opened, and it is held for you until "+
				c.Until.In(tz.Or(first.ClientZone, first.TimeZone)).Format("15:04 (MST)")+
				". Book it, or let it go to the next person, on your appointments page.", "")
	case "moved":
		if err := n.remind(ctx, tx, rows); err != nil {
			return err
		}
		if err := n.send(ctx, tx, "booking_moved", rows, false, "Moved: ", "Your session has a new time.", ""); err != nil {
			return err
		}
		return n.send(ctx, tx, "booking_moved", rows, true, "Moved: ", first.ClientName+"’s session has a new time.", "")
	}
	return fmt.Errorf("notify: unknown change %q", c.Kind)
}

// send writes one notice to the client, or to the therapist.
func (n *Notices) send(ctx context.Context, q db.Querier, kind string, rows []store.Appointment, toTherapist bool,
	prefix, lead, leadMany string) error {
	a := rows[0]
	to, name, zone, viewer, link := a.ClientEmail, a.ClientName, a.ClientZone, a.ClientID, n.base+"/appointments"
	if kind == "waitlist_offer" {
		link += "#waitlist"
	}
	if toTherapist {
		to, name, zone, viewer = a.TherapistEmail, a.TherapistName, a.TherapistZone, a.TherapistID
		link = n.base + "/therapist/calendar?view=day&date=" + a.Start.In(tz.Or(a.TimeZone)).Format(time.DateOnly)
	}
	if len(rows) > 1 && leadMany != "" {
		lead = leadMany
	}
	sessions := make([]string, len(rows))
	for i, r := range rows {
		sessions[i] = sessionLine(r, tz.Or(zone, r.TimeZone), toTherapist)
	}
	subject := prefix + sessions[0]
	if len(rows) > 1 {
		subject += fmt.Sprintf(" and %d more", len(rows)-1)
	}
	attach := kind == "booking_confirmed" || kind == "booking_moved"
	// One message per side and state of the session: a notice job retried
	// after a crash, or two notices of one change, write it once. One
	// reminder per session and start, however often it was moved meanwhile:
	// each move schedules a reminder, and moved back, two are due for one
	// start.
	key := fmt.Sprintf("%s:%d:%d:%d", kind, a.ID, a.UpdatedAt.UnixNano(), viewer)
	if kind == "reminder" {
		key = fmt.Sprintf("%s:%d:start-%d:%d", kind, a.ID, a.Start.Unix(), viewer)
	}
	msg := Message{To: to, ToName: name, Kind: kind, Template: "notice", Subject: subject, EventKey: key,
		Data: map[string]any{"Name": name, "Lead": lead, "Sessions": sessions, "Where": where(a), "Link": link,
			"LinkText": "See it in knead", "Attached": attach}}
	if kind == "reminder" { // the day's short re-screen: a link only, never a question or an answer
		msg.Data["CheckIn"] = fmt.Sprintf("%s/appointments/%d/check-in", n.base, a.ID)
	}
	if attach {
		msg.AttachmentName, msg.AttachmentType = "knead.ics", "text/calendar; charset=utf-8; method=PUBLISH"
		msg.Attachment = n.cal.File(rows, viewer)
	}
	return n.mail.Queue(ctx, q, msg)
}

// sessionLine is one session as its reader says it: "Deep tissue with Ana
// Weber, Wednesday 2 December 2026, 10:00–11:00 (CET)".
func sessionLine(a store.Appointment, zone *time.Location, forTherapist bool) string {
	who := a.ServiceName + " with " + a.TherapistName
	if forTherapist {
		who = a.ServiceName + " for " + a.ClientName
	}
	start, end := a.Start.In(zone), a.End.In(zone)
	abbr, _ := start.Zone()
	return fmt.Sprintf("%s, %s, %s–%s (%s)", who, start.Format("Monday 2 January 2006"), start.Format("15:04"),
		end.Format("15:04"), abbr)
}

func where(a store.Appointment) string {
	parts := []string{a.LocationName}
	if a.LocationAddress != "" {
		parts = append(parts, a.LocationAddress)
	}
	return strings.Join(parts, ", ")
}

// ReminderArgs is the job that reminds a client of a session. Start is the
// time the reminder is for: a session moved since gets its own reminder,
// and this one does nothing.
type ReminderArgs struct {
	AppointmentID int64     `json:"appointment_id"`
	Start         time.Time `json:"start"`
}

// Kind names the job in River's table. It goes through the job outbox,
// without River's uniqueness: a second job for the same session and state
// finds its message already recorded (the outbox's event key) and sends
// nothing.
func (ReminderArgs) Kind() string { return "appointment_reminder" }

// remind schedules each session's reminder, the therapist's lead time
// (24 hours unless they chose another) before its start, and its after-care
// mail after its end. A session booked or moved closer than the lead time
// gets no reminder (its confirmation is the reminder).
func (n *Notices) remind(ctx context.Context, tx db.Tx, rows []store.Appointment) error {
	lead := map[int64]int{} // by therapist: a series is one therapist's
	for _, a := range rows {
		hours, ok := lead[a.TherapistID]
		if !ok {
			pref, err := store.MailPreferenceOf(ctx, tx, a.TherapistID)
			if err != nil {
				return err
			}
			hours, lead[a.TherapistID] = pref.RemindHours, pref.RemindHours
		}
		// Through the outbox, one cached statement each: River's own insert
		// of a unique job, prepared anew on SQLite, was four fifths of a
		// notice's time.
		args := ReminderArgs{AppointmentID: a.ID, Start: a.Start.UTC()}
		if at := remindAt(a.Start, hours); !at.Before(a.UpdatedAt) {
			if err := n.outbox.Enqueue(ctx, tx, args, at); err != nil {
				return err
			}
		}
		if err := n.outbox.Enqueue(ctx, tx, AftercareArgs(args), a.End.Add(AftercareAfter)); err != nil {
			return err
		}
	}
	return nil
}

// remindAt is when a session's reminder goes out, lead hours before it.
func remindAt(start time.Time, leadHours int) time.Time {
	return start.Add(-time.Duration(leadHours) * time.Hour)
}

type reminderWorker struct {
	river.WorkerDefaults[ReminderArgs]
	db *db.DB
	n  *Notices
}

// AddWork registers the notice, reminder and after-care workers with a
// River client's workers.
func (n *Notices) AddWork(workers *river.Workers, d *db.DB) {
	river.AddWorker(workers, &noticeWorker{db: d, n: n})
	river.AddWorker(workers, &reminderWorker{db: d, n: n})
	river.AddWorker(workers, &aftercareWorker{db: d, n: n})
}

// Work re-reads the session: a cancelled or moved one gets no reminder.
func (w *reminderWorker) Work(ctx context.Context, job *river.Job[ReminderArgs]) error {
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
		if pref, err := store.MailPreferenceOf(ctx, tx, a.ClientID); err != nil || !pref.Reminders {
			return err // turned off by the client: nothing to send
		}
		return w.n.send(ctx, tx, "reminder", []store.Appointment{a}, false, "Reminder: ", "A reminder of your session:", "")
	})
}
