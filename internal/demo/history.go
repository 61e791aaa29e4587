package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/tz"
)

// The demo's care story: therapist2 has seen two clients weekly for six
// sessions, each keeping a pain diary — client11 improving (6 down to 3),
// client12 not (steady at 6) — so the charts, verdicts and the
// therapist's dashboard have something to show on a fresh demo.
const (
	StoryTherapist = "therapist2@" + Domain
	StoryImproving = "client11@" + Domain
	StoryNoChange  = "client12@" + Domain
)

// storySessions is how many weekly sessions each story client had.
const storySessions = 6

// insertHistory writes the story when this load added its people.
func insertHistory(ctx context.Context, tx db.Tx, ids map[string]int64, now time.Time) error {
	ther := ids[strings.ToLower(StoryTherapist)]
	if ther == 0 {
		return nil
	}
	services, err := store.ServicesOf(ctx, tx, ther)
	if err != nil || len(services) == 0 {
		return err
	}
	svc := services[0]
	loc, err := store.LocationByID(ctx, tx, svc.LocationID)
	if err != nil {
		return err
	}
	zone, err := tz.Load(loc.TimeZone)
	if err != nil {
		return fmt.Errorf("demo: story zone: %w", err)
	}
	for k, c := range []struct {
		email      string
		first, end int // diary pain at the start and now
	}{{StoryImproving, 6, 3}, {StoryNoChange, 6, 6}} {
		client := ids[strings.ToLower(c.email)]
		if client == 0 {
			continue
		}
		if err := storySessionsOf(ctx, tx, ther, client, svc.ID, svc.DurationMinutes, loc.ID, zone, 9+2*k, c.first, c.end, now); err != nil {
			return err
		}
		u, err := store.UserByID(ctx, tx, client)
		if err != nil {
			return err
		}
		own, err := tz.Load(u.TimeZone)
		if err != nil {
			own = zone
		}
		if err := storyDiary(ctx, tx, client, own, c.first, c.end, now); err != nil {
			return err
		}
	}
	return nil
}

// storySessionsOf books the weekly sessions, the last three days ago, at
// hour local time, each with pain before and after.
func storySessionsOf(ctx context.Context, tx db.Tx, ther, client, service int64, minutes int, location int64,
	zone *time.Location, hour, first, end int, now time.Time) error {
	today := now.In(zone)
	for s := range storySessions {
		day := today.AddDate(0, 0, -3-7*(storySessions-1-s))
		start := time.Date(day.Year(), day.Month(), day.Day(), hour, 0, 0, 0, zone)
		stop := start.Add(time.Duration(minutes) * time.Minute)
		id, err := store.InsertAppointment(ctx, tx, store.Appointment{TherapistID: ther, ClientID: client, ServiceID: service,
			LocationID: location, Start: start, End: stop, BlocksUntil: stop, Status: "booked", CreatedBy: client}, now)
		if err != nil {
			return fmt.Errorf("demo: story session: %w", err)
		}
		before := first - (first-end)*s/storySessions
		if err := store.SetSessionPain(ctx, tx, id, "before", before, client, start); err != nil {
			return err
		}
		if err := store.SetSessionPain(ctx, tx, id, "after", max(before-2, 0), client, stop); err != nil {
			return err
		}
	}
	return nil
}

// storyDiary writes a daily entry over the six weeks, pain moving evenly
// from first to end.
func storyDiary(ctx context.Context, tx db.Tx, client int64, zone *time.Location, first, end int, now time.Time) error {
	const days = 7 * storySessions
	for d := range days {
		at := now.In(zone).AddDate(0, 0, -(days - 1 - d))
		avg := first + (end-first)*d/(days-1)
		_, err := store.InsertPainEntry(ctx, tx, store.PainEntry{ClientID: client, RecordedAt: at.UTC(),
			LocalDate: at.Format(time.DateOnly), TimeZone: zone.String(), NowScore: avg, AverageScore: avg, WorstScore: min(avg+2, 10)})
		if err != nil {
			return err
		}
	}
	return nil
}
