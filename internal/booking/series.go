package booking

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/therapist"
	"github.com/knead/knead/internal/tz"
)

// MaxSeries is the most occurrences one series may have (API.md).
const MaxSeries = 52

// SeriesInput asks for a recurring series: every EveryWeeks weeks at the
// first start's local wall-clock time, Count times or until Until
// (inclusive, a local date).
type SeriesInput struct {
	BookInput
	EveryWeeks    int
	Count         int
	Until         *Date
	SkipConflicts bool
}

// Skipped is an occurrence left out, and why.
type Skipped struct {
	Start  time.Time
	Reason string
}

// Series is a booked series.
type Series struct {
	ID           int64
	Appointments []Appointment
	Skipped      []Skipped
}

var errSeriesConflict = apperr.Conflict("series-conflict", "Series conflict",
	"Some occurrences cannot be booked; nothing was saved.")

// BookSeries books every occurrence at once, all or nothing: each
// conflicting occurrence is reported with alternatives and nothing is
// saved — unless SkipConflicts, when they are left out and listed (and if
// every one conflicts, nothing is saved either). The horizon applies to the
// first occurrence only.
func (s *Service) BookSeries(ctx context.Context, actor *authz.Principal, in SeriesInput) (Series, error) {
	f := apperr.Fields{}
	f.Check(in.EveryWeeks == 1 || in.EveryWeeks == 2 || in.EveryWeeks == 4, "every_weeks", "Choose every 1, 2 or 4 weeks.")
	f.Check(in.Count == 0 || in.Until == nil, "count", "Give a count or an end date, not both.")
	f.Check(in.Count != 0 || in.Until != nil, "count", "Give the number of sessions, or an end date.")
	f.Check(in.Count >= 0 && in.Count <= MaxSeries, "count", fmt.Sprintf("A series has at most %d sessions.", MaxSeries))
	if err := f.Err(); err != nil {
		return Series{}, err
	}
	clientID, err := s.clientFor(ctx, actor, in.TherapistID, in.ClientID)
	if err != nil {
		return Series{}, err
	}
	svc, loc, err := serviceOf(ctx, s.db.R(), in.TherapistID, in.ServiceID)
	if err != nil {
		return Series{}, err
	}
	if err := s.gate(ctx, s.db.R(), actor, clientID, svc); err != nil {
		return Series{}, err
	}
	zone := tz.Or(loc.TimeZone)
	starts, err := occurrences(in, zone)
	if err != nil {
		return Series{}, err
	}
	// One read of the set-up covers every occurrence (and its alternatives).
	first, last := localDate(starts[0], zone), localDate(starts[len(starts)-1], zone)
	sc, err := s.loadSchedule(ctx, s.db.R(), svc, loc, first.AddDays(-alternativeDays), last.AddDays(alternativeDays+1))
	if err != nil {
		return Series{}, err
	}
	var out Series
	var ids []int64
	err = s.db.InTx(ctx, func(tx db.Tx) error {
		if err := LockTherapist(ctx, tx, svc.TherapistID); err != nil {
			return err
		}
		if out.ID, err = store.InsertSeries(ctx, tx, store.SeriesRow{TherapistID: svc.TherapistID, ClientID: clientID,
			ServiceID: svc.ID, LocationID: loc.ID, TimeZone: loc.TimeZone, FirstStart: in.Start, EveryWeeks: in.EveryWeeks,
			RRule: rrule(in, len(starts))}, s.now()); err != nil {
			return err
		}
		var conflicts []map[string]any
		wall := in.Start.In(zone).Format("15:04")
		for i, start := range starts {
			err := s.rulesAllow(sc, start, checkOpts{ignoreHorizon: i > 0})
			if err == nil && start.In(zone).Format("15:04") != wall {
				err = notBookable("start", "There is no "+wall+" on this day: the clocks change.")
			}
			var id int64
			if err == nil {
				a := store.Appointment{TherapistID: svc.TherapistID, ClientID: clientID, ServiceID: svc.ID, LocationID: loc.ID,
					SeriesID: out.ID, Status: StatusBooked, CreatedBy: actor.UserID}
				err = tx.Savepoint(ctx, func() (err error) {
					id, err = s.claim(ctx, tx, sc, a, start, 0)
					return err
				})
				if errors.Is(err, errTaken) {
					err = s.taken(ctx, tx, sc, start, 0)
				}
			}
			if e := apperr.From(err); err != nil && e.Status < 500 {
				conflicts = append(conflicts, conflictOf(start, loc, e))
				out.Skipped = append(out.Skipped, Skipped{Start: start, Reason: e.Detail})
				continue
			}
			if err != nil {
				return err
			}
			ids = append(ids, id)
		}
		if len(conflicts) > 0 && (!in.SkipConflicts || len(ids) == 0) {
			e := errSeriesConflict.With(errSeriesConflict.Detail)
			e.Extra = map[string]any{"conflicts": conflicts}
			return e // rolls back the series and every occurrence
		}
		return s.told(ctx, tx, Change{Kind: "booked", IDs: ids, By: actor.UserID})
	})
	if err != nil {
		return Series{}, err
	}
	for _, id := range ids {
		a, err := s.Get(ctx, actor, id)
		if err != nil {
			return Series{}, err
		}
		out.Appointments = append(out.Appointments, a)
	}
	return out, nil
}

func conflictOf(start time.Time, loc therapist.Location, e *apperr.Error) map[string]any {
	alts, _ := e.Extra["alternatives"].([]map[string]string)
	if alts == nil {
		alts = []map[string]string{}
	}
	return map[string]any{"start": start.In(tz.Or(loc.TimeZone)).Format(time.RFC3339), "reason": e.Detail, "alternatives": alts}
}

// occurrences expands a series in the location's zone: the same local
// wall-clock time every EveryWeeks weeks, across daylight-saving changes.
// A wall time that does not exist on some date (the clocks jumped) comes
// back as the instant the clocks jumped to; BookSeries reports it as a
// conflict rather than silently moving the session.
func occurrences(in SeriesInput, zone *time.Location) ([]time.Time, error) {
	local := in.Start.In(zone)
	first := DateOf(local)
	wall := Minute(local.Hour()*60 + local.Minute())
	var out []time.Time
	for k := 0; k < MaxSeries; k++ {
		d := first.AddDays(7 * in.EveryWeeks * k)
		if in.Count > 0 && k >= in.Count || in.Until != nil && in.Until.Before(d) {
			break
		}
		out = append(out, resolve(zone, d.naive()+wall).Time())
	}
	if in.Until != nil && len(out) == MaxSeries && !in.Until.Before(first.AddDays(7*in.EveryWeeks*MaxSeries)) {
		return nil, apperr.Fields{"until": fmt.Sprintf("A series has at most %d sessions; choose an earlier end date.", MaxSeries)}.Err()
	}
	if len(out) == 0 {
		return nil, apperr.Fields{"until": "The end date is before the first session."}.Err()
	}
	return out, nil
}

// rrule describes the series for calendar files (RFC 5545).
func rrule(in SeriesInput, n int) string {
	return fmt.Sprintf("FREQ=WEEKLY;INTERVAL=%d;COUNT=%d", in.EveryWeeks, n)
}
