package outcome

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/store"
)

// The report (issue 9 "Showing it") is observational: clients were not
// assigned to techniques, so differences between rows are not effects of
// the techniques.

// ReportAfter are the session counts after which change is reported.
var ReportAfter = [2]int{4, 8}

// MinCell is the fewest clients a deployment-wide figure is shown for, so
// a site admin cannot pick out one client's record from a small group.
const MinCell = 5

// TechniqueRow is one technique's figures.
type TechniqueRow struct {
	Technique string
	Clients   int // clients whose sessions were mostly this technique
	// Median change of pain (now − baseline) in the week after the 4th and
	// 8th session, and how many clients it is the median of.
	Median     [2]float64
	MedianN    [2]int
	Eligible   int // clients with 4 or more sessions
	Responders int
	Suppressed bool // fewer than MinCell clients in a deployment-wide report
}

// Report is the outcome report of one therapist (TherapistID) or of the
// whole deployment (0).
type Report struct {
	TherapistID int64
	Rows        []TechniqueRow
	Generated   time.Time
}

// ClientOutcome is what the report counts of one client.
type ClientOutcome struct {
	Technique string
	Sessions  int
	Change    [2]*float64 // after 4 and after 8 sessions
	Responder bool
}

// Summarize works out one client's figures from their progress, counting
// only sessions with therapistID when it is not 0.
func Summarize(p Progress, therapistID int64) ClientOutcome {
	var c ClientOutcome
	counts := map[string]int{}
	var sessions []store.Session
	for _, s := range p.Sessions {
		if therapistID == 0 || s.TherapistID == therapistID {
			sessions = append(sessions, s)
			counts[s.Technique]++
			if counts[s.Technique] > counts[c.Technique] {
				c.Technique = s.Technique
			}
		}
	}
	c.Sessions = len(sessions)
	c.Responder = p.Verdict.Kind == Improved
	if p.Ref.BaselineSource == NoSource {
		return c
	}
	for i, k := range ReportAfter {
		if len(sessions) < k {
			continue
		}
		from := LocalDate(sessions[k-1].Start, p.Zone).AddDate(0, 0, 1)
		var sum, n int
		for _, e := range p.Diary {
			d, _ := time.Parse(time.DateOnly, e.LocalDate)
			if !d.Before(from) && d.Before(from.AddDate(0, 0, Window)) {
				sum, n = sum+e.AverageScore, n+1
			}
		}
		if n > 0 {
			v := float64(sum)/float64(n) - p.Ref.Baseline
			c.Change[i] = &v
		}
	}
	return c
}

// Tabulate groups clients' figures by technique, in the order of the
// techniques' names.
func Tabulate(clients []ClientOutcome, suppress bool) []TechniqueRow {
	by := map[string]*TechniqueRow{}
	changes := map[string]*[2][]float64{}
	for _, c := range clients {
		if c.Sessions == 0 {
			continue
		}
		r := by[c.Technique]
		if r == nil {
			r, changes[c.Technique] = &TechniqueRow{Technique: c.Technique}, &[2][]float64{}
			by[c.Technique] = r
		}
		r.Clients++
		if c.Sessions >= ReportAfter[0] {
			r.Eligible++
			if c.Responder {
				r.Responders++
			}
		}
		for i, v := range c.Change {
			if v != nil {
				changes[c.Technique][i] = append(changes[c.Technique][i], *v)
			}
		}
	}
	var out []TechniqueRow
	for t, r := range by {
		for i := range ReportAfter {
			r.MedianN[i], r.Median[i] = len(changes[t][i]), median(changes[t][i])
		}
		r.Suppressed = suppress && r.Clients < MinCell
		out = append(out, *r)
	}
	slices.SortFunc(out, func(a, b TechniqueRow) int { return cmp.Compare(a.Technique, b.Technique) })
	return out
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	v = slices.Clone(v)
	slices.Sort(v)
	if n := len(v); n%2 == 1 {
		return v[n/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

// Report works out the outcome report of a therapist's clients in care
// (therapistID), or of every client of the deployment (0, for site
// admins, with small groups suppressed). It shows no one's record, so the
// reads are not entered in clients' audit logs one by one.
func (s *Service) Report(ctx context.Context, therapistID int64) (Report, error) {
	now := s.now()
	rep := Report{TherapistID: therapistID, Generated: now}
	var clients []ClientOutcome
	err := s.db.InTx(ctx, func(tx db.Tx) error {
		ids, err := store.ClientsWithSessions(ctx, tx, therapistID, now)
		if err != nil {
			return err
		}
		for _, id := range ids {
			p, err := s.progress(ctx, tx, id, now)
			if err != nil {
				return err
			}
			clients = append(clients, Summarize(p, therapistID))
		}
		return nil
	})
	rep.Rows = Tabulate(clients, therapistID == 0)
	return rep, err
}

// PublicMin is the fewest clients with 4 or more sessions a public summary
// is shown for (issue 9: N ≥ 10).
const PublicMin = 10

// Summary is a therapist's public outcome summary: of Clients with 4 or
// more sessions, Responders had a clinically meaningful improvement.
type Summary struct {
	OptedIn             bool
	Clients, Responders int
}

// Show says whether the summary may be shown on the public profile.
func (s Summary) Show() bool { return s.OptedIn && s.Clients >= PublicMin }

// Percent is the share of responders, rounded down.
func (s Summary) Percent() int { return 100 * s.Responders / max(s.Clients, 1) }

// PublicSummary works out a therapist's summary; it is only counted when
// they chose to show it, or when counted is true (their own report page).
func (s *Service) PublicSummary(ctx context.Context, therapistID int64, counted bool) (Summary, error) {
	on, err := store.OutcomeOptIn(ctx, s.db.R(), therapistID)
	if err != nil || !on && !counted {
		return Summary{OptedIn: on}, err
	}
	rep, err := s.Report(ctx, therapistID)
	sum := Summary{OptedIn: on}
	for _, r := range rep.Rows {
		sum.Clients, sum.Responders = sum.Clients+r.Eligible, sum.Responders+r.Responders
	}
	return sum, err
}

// SetPublicSummary turns the therapist's public summary on or off.
func (s *Service) SetPublicSummary(ctx context.Context, therapistID int64, on bool) error {
	return store.SetOutcomeOptIn(ctx, s.db.W(), therapistID, on, s.now())
}
