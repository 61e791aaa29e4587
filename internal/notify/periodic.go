package notify

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/riverqueue/river"

	"github.com/knead/knead/internal/booking"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/tz"
)

// Periodic sends the mails nobody's action causes: licence expiry warnings
// and the therapists' daily digest. An hourly sweep enqueues one job per
// credential and threshold, or per therapist and day; those jobs are unique,
// and their messages carry event keys, so a sweep run twice (a restart, a
// new leader) sends nothing twice.
type Periodic struct {
	db   *db.DB
	mail *Mailer
	jobs Enqueuer
	base string
	now  func() time.Time
}

// ExpiryThresholds are the days before a credential's expiry at which its
// therapist and the site admins are warned.
var ExpiryThresholds = []int{7, 30, 60}

// DigestHour is the therapist's local hour from which tomorrow's digest goes out.
const DigestHour = 18

// NewPeriodic returns the periodic mails; UseJobs before starting.
func NewPeriodic(d *db.DB, m *Mailer, baseURL string, now func() time.Time) *Periodic {
	return &Periodic{db: d, mail: m, base: strings.TrimSuffix(baseURL, "/"), now: now}
}

// UseJobs sets where the sweeps enqueue their jobs.
func (p *Periodic) UseJobs(j Enqueuer) { p.jobs = j }

// Sweep kinds and the jobs they enqueue.
type (
	ExpirySweepArgs struct{}
	ExpiryArgs      struct {
		CredentialID int64 `json:"credential_id"`
		Days         int   `json:"days"`
	}
	DigestSweepArgs struct{}
	DigestArgs      struct {
		TherapistID int64  `json:"therapist_id"`
		Day         string `json:"day"` // in the therapist's zone
	}
)

func (ExpirySweepArgs) Kind() string { return "licence_expiry_sweep" }
func (ExpiryArgs) Kind() string      { return "licence_expiry_warning" }
func (DigestSweepArgs) Kind() string { return "therapist_digest_sweep" }
func (DigestArgs) Kind() string      { return "therapist_digest" }

func (ExpiryArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
}
func (DigestArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// AddWork registers the sweeps and their jobs; it returns the periodic jobs
// for the client's config. Each sweep also runs at start.
func (p *Periodic) AddWork(workers *river.Workers) []*river.PeriodicJob {
	river.AddWorker(workers, river.WorkFunc(p.expirySweep))
	river.AddWorker(workers, river.WorkFunc(p.expiryWarning))
	river.AddWorker(workers, river.WorkFunc(p.digestSweep))
	river.AddWorker(workers, river.WorkFunc(p.digest))
	every := river.PeriodicInterval(time.Hour)
	opts := &river.PeriodicJobOpts{RunOnStart: true}
	return []*river.PeriodicJob{
		river.NewPeriodicJob(every, func() (river.JobArgs, *river.InsertOpts) { return ExpirySweepArgs{}, nil }, opts),
		river.NewPeriodicJob(every, func() (river.JobArgs, *river.InsertOpts) { return DigestSweepArgs{}, nil }, opts),
	}
}

// threshold is the warning due for a credential daysLeft from expiry: the
// smallest threshold not passed, so one added late is warned once, not
// three times.
func threshold(daysLeft int) (int, bool) {
	for _, t := range ExpiryThresholds {
		if daysLeft >= 0 && daysLeft <= t {
			return t, true
		}
	}
	return 0, false
}

func today(now time.Time) time.Time {
	y, m, d := now.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func daysBetween(from, to time.Time) int { return int(to.Sub(from).Hours() / 24) }

func (p *Periodic) expirySweep(ctx context.Context, _ *river.Job[ExpirySweepArgs]) error {
	day := today(p.now())
	last := ExpiryThresholds[len(ExpiryThresholds)-1]
	creds, err := store.CredentialsExpiring(ctx, p.db.R(), day, day.AddDate(0, 0, last+1))
	if err != nil {
		return err
	}
	for _, c := range creds {
		if t, ok := threshold(daysBetween(day, c.ExpiresOn)); ok {
			if _, err := p.jobs.Insert(ctx, ExpiryArgs{CredentialID: c.ID, Days: t}, nil); err != nil {
				return fmt.Errorf("notify: enqueue expiry warning: %w", err)
			}
		}
	}
	return nil
}

// expiryWarning re-reads the credential: one renewed (a later expiry) or
// rejected since gets no warning.
func (p *Periodic) expiryWarning(ctx context.Context, job *river.Job[ExpiryArgs]) error {
	return p.db.InTx(ctx, func(tx db.Tx) error {
		c, err := store.ExpiringCredentialByID(ctx, tx, job.Args.CredentialID)
		if err == store.ErrNotFound {
			return nil
		}
		if err != nil {
			return err
		}
		left := daysBetween(today(p.now()), c.ExpiresOn)
		if t, ok := threshold(left); !ok || t != job.Args.Days {
			return nil
		}
		what := fmt.Sprintf("%s %s (%s)", c.Kind, c.Number, c.Jurisdiction)
		on := c.ExpiresOn.Format("2 January 2006")
		key := func(to int64) string { return fmt.Sprintf("expiry:%d:%d:%d", c.ID, job.Args.Days, to) }
		if err := p.mail.Queue(ctx, tx, Message{To: c.TherapistEmail, ToName: c.TherapistName, Kind: "licence_expiry",
			Template: "letter", Subject: fmt.Sprintf("Your %s expires in %d days", c.Kind, left), EventKey: key(c.TherapistID),
			Data: map[string]any{"Name": c.TherapistName,
				"Lead": []string{fmt.Sprintf("Your %s expires on %s, in %d days. Without a valid one clients cannot book you after that day.", what, on, left),
					"Add the renewed one on your set-up page, and a site admin will verify it."},
				"Links": []link{{"Open your set-up", p.base + "/therapist/setup"}}}}); err != nil {
			return err
		}
		admins, err := store.SiteAdmins(ctx, tx)
		if err != nil {
			return err
		}
		for _, a := range admins {
			if err := p.mail.Queue(ctx, tx, Message{To: a.Email, ToName: a.Name, Kind: "licence_expiry", Template: "letter",
				Subject: fmt.Sprintf("A %s of %s expires in %d days", c.Kind, c.TherapistName, left), EventKey: key(a.ID),
				Data: map[string]any{"Name": a.Name,
					"Lead":  []string{fmt.Sprintf("The %s of %s expires on %s, in %d days.", what, c.TherapistName, on, left)},
					"Links": []link{{"Open the verification queue", p.base + "/admin/credentials"}}}}); err != nil {
				return err
			}
		}
		return nil
	})
}

// digestSweep enqueues tomorrow's digest for each therapist with sessions
// soon whose local time is past DigestHour.
func (p *Periodic) digestSweep(ctx context.Context, _ *river.Job[DigestSweepArgs]) error {
	now := p.now()
	therapists, err := store.TherapistsWithSessions(ctx, p.db.R(), now, now.Add(50*time.Hour))
	if err != nil {
		return err
	}
	for _, t := range therapists {
		local := now.In(tz.Or(t.Zone, ""))
		if local.Hour() < DigestHour {
			continue
		}
		day := local.AddDate(0, 0, 1).Format(time.DateOnly)
		if _, err := p.jobs.Insert(ctx, DigestArgs{TherapistID: t.ID, Day: day}, nil); err != nil {
			return fmt.Errorf("notify: enqueue digest: %w", err)
		}
	}
	return nil
}

// digest lists a therapist's sessions of one day: service, client and time,
// never a caution or anything from an intake.
func (p *Periodic) digest(ctx context.Context, job *river.Job[DigestArgs]) error {
	return p.db.InTx(ctx, func(tx db.Tx) error {
		t, err := store.UserRecipient(ctx, tx, job.Args.TherapistID)
		if err != nil {
			return err
		}
		zone := tz.Or(t.Zone, "")
		from, err := time.ParseInLocation(time.DateOnly, job.Args.Day, zone)
		if err != nil {
			return fmt.Errorf("notify: digest day: %w", err)
		}
		rows, err := store.Appointments(ctx, tx, store.AppointmentFilter{TherapistID: t.ID, From: from, To: from.AddDate(0, 0, 1)})
		if err != nil {
			return err
		}
		var lines []string
		for _, a := range rows {
			if a.Status == booking.StatusBooked {
				lines = append(lines, sessionLine(a, zone, true)+" — "+where(a))
			}
		}
		if len(lines) == 0 {
			return nil
		}
		return p.mail.Queue(ctx, tx, Message{To: t.Email, ToName: t.Name, Kind: "therapist_digest", Template: "letter",
			Subject:  fmt.Sprintf("Tomorrow: %d session%s", len(lines), plural(len(lines))),
			EventKey: fmt.Sprintf("digest:%d:%s", t.ID, job.Args.Day),
			Data: map[string]any{"Name": t.Name, "Lead": []string{"Your sessions tomorrow, " + from.Format("Monday 2 January") + ":"},
				"Items": lines, "Links": []link{{"Open the day in your calendar", p.base + "/therapist/calendar?view=day&date=" + job.Args.Day}}}})
	})
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
