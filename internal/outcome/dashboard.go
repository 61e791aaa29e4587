package outcome

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/knead/knead/internal/audit"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/homecare"
	"github.com/knead/knead/internal/store"
)

// Row is one client on a therapist's dashboard.
type Row struct {
	Client      store.CareClient
	Progress    Progress
	Change      float64 // now − baseline; HasChange when both exist
	HasChange   bool
	Flags       []string
	NextSession *time.Time
	HomeCare    homecare.Adherence // over the last 7 days
}

// Flags shown on the dashboard.
const (
	FlagNotImproving = "not improving"
	FlagWorse        = "worse"
	FlagOverdue      = "measure overdue"
	FlagRescreen     = "re-screen"
	FlagHomeCare     = "home care not done"
)

// homeCareFloor is the adherence, in per cent over the last 7 days, below
// which home care counts as not done.
const homeCareFloor = 50

// Sort orders of the dashboard.
var Sorts = []string{"attention", "name", "change", "next"}

// Dashboard lists the therapist's clients in care, each read recorded in
// the audit log, in the order sortBy names (Sorts; "attention" when
// unknown): flagged clients first.
func (s *Service) Dashboard(ctx context.Context, a audit.Access, sortBy string) ([]Row, error) {
	now := s.now()
	var rows []Row
	err := s.db.InTx(ctx, func(tx db.Tx) error {
		clients, err := store.CareClients(ctx, tx, a.Actor.UserID, now.AddDate(-audit.CareYears, 0, 0), now)
		if err != nil {
			return err
		}
		for _, c := range clients {
			p, err := s.progress(ctx, tx, c.ID, now)
			if err != nil {
				return err
			}
			if err := audit.Record(ctx, tx, now, a, c.ID, RecordProgress, c.ID, audit.Read); err != nil {
				return err
			}
			r := row(c, p)
			if s.care != nil {
				if r.HomeCare, err = s.care.Adherence(ctx, tx, c.ID, now.AddDate(0, 0, -7), now); err != nil {
					return err
				}
				if err := audit.Record(ctx, tx, now, a, c.ID, homecare.RecordType, c.ID, audit.Read); err != nil {
					return err
				}
				if r.HomeCare.Due > 0 && r.HomeCare.Percent() < homeCareFloor {
					r.Flags = append(r.Flags, FlagHomeCare)
				}
			}
			rows = append(rows, r)
		}
		return nil
	})
	sortRows(rows, sortBy)
	return rows, err
}

func row(c store.CareClient, p Progress) Row {
	r := Row{Client: c, Progress: p, NextSession: c.NextSession}
	if p.Ref.BaselineSource != NoSource && p.Ref.HasNow {
		r.Change, r.HasChange = p.Ref.Now-p.Ref.Baseline, true
	}
	switch p.Verdict.Kind {
	case NoChange:
		r.Flags = append(r.Flags, FlagNotImproving)
	case Worse:
		r.Flags = append(r.Flags, FlagWorse)
	}
	overdue := p.Due != nil && p.Due.Overdue
	for _, d := range p.InstrumentsDue {
		overdue = overdue || d.Overdue
	}
	if overdue {
		r.Flags = append(r.Flags, FlagOverdue)
	}
	if p.Ref.Rescreen {
		r.Flags = append(r.Flags, FlagRescreen)
	}
	return r
}

func sortRows(rows []Row, by string) {
	byName := func(a, b Row) int {
		return cmp.Or(cmp.Compare(a.Client.Name, b.Client.Name), cmp.Compare(a.Client.ID, b.Client.ID))
	}
	slices.SortStableFunc(rows, func(a, b Row) int {
		switch by {
		case "name":
			return byName(a, b)
		case "change": // most worsened first; no figures last
			if a.HasChange != b.HasChange {
				return map[bool]int{true: -1, false: 1}[a.HasChange]
			}
			return cmp.Or(cmp.Compare(b.Change, a.Change), byName(a, b))
		case "next": // soonest first; none last
			if (a.NextSession == nil) != (b.NextSession == nil) {
				return map[bool]int{true: 1, false: -1}[a.NextSession == nil]
			}
			if a.NextSession != nil {
				if c := a.NextSession.Compare(*b.NextSession); c != 0 {
					return c
				}
			}
			return byName(a, b)
		}
		return cmp.Or(cmp.Compare(len(b.Flags), len(a.Flags)), byName(a, b))
	})
}
