package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/therapist"
)

// HoursRow is one weekly working interval.
type HoursRow struct {
	LocationID  int64
	Weekday     int // 0 = Sunday
	StartMinute int
	EndMinute   int
}

// ExtraHoursRow is extra working time on one local date.
type ExtraHoursRow struct {
	ID          int64
	LocationID  int64
	Day         string // YYYY-MM-DD
	StartMinute int
	EndMinute   int
}

// TimeOffRow is time off; LocationID 0 means everywhere.
type TimeOffRow struct {
	ID         int64
	LocationID int64
	Start, End time.Time
	Reason     string
}

// Rules are a therapist's booking rules.
type Rules struct {
	MinNoticeHours    int
	HorizonDays       int
	CancelWindowHours int
	GridMinutes       int
}

// DefaultRules apply until a therapist sets their own (API.md).
var DefaultRules = Rules{MinNoticeHours: 2, HorizonDays: 90, CancelWindowHours: 24, GridMinutes: 15}

// ReplaceWeeklyHours sets a location's weekly hours.
func ReplaceWeeklyHours(ctx context.Context, q db.Querier, therapistID, locationID int64, rows []HoursRow) error {
	if _, err := q.ExecContext(ctx, `delete from weekly_hours where location_id = $1`, locationID); err != nil {
		return fmt.Errorf("store: clear hours: %w", err)
	}
	for _, h := range rows {
		if _, err := q.ExecContext(ctx, `insert into weekly_hours (therapist_id, location_id, weekday, start_minute, end_minute)
			values ($1, $2, $3, $4, $5)`, therapistID, locationID, h.Weekday, h.StartMinute, h.EndMinute); err != nil {
			return fmt.Errorf("store: insert hours: %w", err)
		}
	}
	return nil
}

// WeeklyHours reads a location's weekly hours, by weekday and start.
func WeeklyHours(ctx context.Context, q db.Querier, locationID int64) ([]HoursRow, error) {
	rows, err := q.QueryContext(ctx, `select location_id, weekday, start_minute, end_minute from weekly_hours
		where location_id = $1 order by weekday, start_minute`, locationID)
	if err != nil {
		return nil, fmt.Errorf("store: hours: %w", err)
	}
	defer rows.Close()
	var out []HoursRow
	for rows.Next() {
		var h HoursRow
		if err := rows.Scan(&h.LocationID, &h.Weekday, &h.StartMinute, &h.EndMinute); err != nil {
			return nil, fmt.Errorf("store: hours: %w", err)
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// ExtraHoursOf lists a therapist's extra hours on local dates from fromDay
// on, at locations that are not archived.
func ExtraHoursOf(ctx context.Context, q db.Querier, therapistID int64, fromDay string) ([]ExtraHoursRow, error) {
	rows, err := q.QueryContext(ctx, `select e.id, e.location_id, e.day, e.start_minute, e.end_minute
		from extra_hours e join location l on l.id = e.location_id
		where e.therapist_id = $1 and e.day >= $2 and l.archived_at is null
		order by e.day, e.start_minute, e.id`, therapistID, fromDay)
	if err != nil {
		return nil, fmt.Errorf("store: extra hours: %w", err)
	}
	defer rows.Close()
	var out []ExtraHoursRow
	for rows.Next() {
		var h ExtraHoursRow
		if err := rows.Scan(&h.ID, &h.LocationID, &h.Day, &h.StartMinute, &h.EndMinute); err != nil {
			return nil, fmt.Errorf("store: extra hours: %w", err)
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// InsertExtraHours adds extra working time on a date and returns its id.
func InsertExtraHours(ctx context.Context, q db.Querier, therapistID int64, h ExtraHoursRow) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `insert into extra_hours (therapist_id, location_id, day, start_minute, end_minute)
		values ($1, $2, $3, $4, $5) returning id`, therapistID, h.LocationID, h.Day, h.StartMinute, h.EndMinute).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: insert extra hours: %w", err)
	}
	return id, nil
}

// DeleteExtraHours removes one of a therapist's extra hours; ErrNotFound
// when they have none with this id.
func DeleteExtraHours(ctx context.Context, q db.Querier, therapistID, id int64) error {
	return updateOne(ctx, q, "delete extra hours", `delete from extra_hours where id = $1 and therapist_id = $2`, id, therapistID)
}

// DeleteTimeOff removes one of a therapist's time off; ErrNotFound when
// they have none with this id.
func DeleteTimeOff(ctx context.Context, q db.Querier, therapistID, id int64) error {
	return updateOne(ctx, q, "delete time off", `delete from time_off where id = $1 and therapist_id = $2`, id, therapistID)
}

// UpcomingTimeOff lists a therapist's time off that has not ended, at any
// location that is not archived or everywhere.
func UpcomingTimeOff(ctx context.Context, q db.Querier, therapistID int64, now time.Time) ([]TimeOffRow, error) {
	rows, err := q.QueryContext(ctx, `select t.id, coalesce(t.location_id, 0), t.starts_at, t.ends_at, t.reason from time_off t
		left join location l on l.id = t.location_id
		where t.therapist_id = $1 and t.ends_at > $2 and l.archived_at is null
		order by t.starts_at, t.id`, therapistID, now)
	if err != nil {
		return nil, fmt.Errorf("store: time off: %w", err)
	}
	return scanTimeOff(rows)
}

// InsertTimeOff records time off and returns its id.
func InsertTimeOff(ctx context.Context, q db.Querier, therapistID int64, t TimeOffRow, now time.Time) (int64, error) {
	var loc *int64
	if t.LocationID != 0 {
		loc = &t.LocationID
	}
	var id int64
	err := q.QueryRowContext(ctx, `insert into time_off (therapist_id, location_id, starts_at, ends_at, reason, created_at)
		values ($1, $2, $3, $4, $5, $6) returning id`, therapistID, loc, t.Start, t.End, t.Reason, now).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: insert time off: %w", err)
	}
	return id, nil
}

func scanTimeOff(rows *sql.Rows) ([]TimeOffRow, error) {
	defer rows.Close()
	var out []TimeOffRow
	for rows.Next() {
		var t TimeOffRow
		if err := rows.Scan(&t.ID, &t.LocationID, &t.Start, &t.End, &t.Reason); err != nil {
			return nil, fmt.Errorf("store: time off: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// BookingRules reads a therapist's rules, or the defaults.
func BookingRules(ctx context.Context, q db.Querier, therapistID int64) (Rules, error) {
	r := DefaultRules
	err := q.QueryRowContext(ctx, `select min_notice_hours, horizon_days, cancel_window_hours, grid_minutes
		from booking_rules where therapist_id = $1`, therapistID).
		Scan(&r.MinNoticeHours, &r.HorizonDays, &r.CancelWindowHours, &r.GridMinutes)
	if err != nil && !isNoRows(err) {
		return r, fmt.Errorf("store: booking rules: %w", err)
	}
	return r, nil
}

// SetBookingRules stores a therapist's rules.
func SetBookingRules(ctx context.Context, q db.Querier, therapistID int64, r Rules, now time.Time) error {
	if _, err := q.ExecContext(ctx, `insert into booking_rules
		(therapist_id, min_notice_hours, horizon_days, cancel_window_hours, grid_minutes, updated_at)
		values ($1, $2, $3, $4, $5, $6)
		on conflict (therapist_id) do update set min_notice_hours = excluded.min_notice_hours,
		  horizon_days = excluded.horizon_days, cancel_window_hours = excluded.cancel_window_hours,
		  grid_minutes = excluded.grid_minutes, updated_at = excluded.updated_at`,
		therapistID, r.MinNoticeHours, r.HorizonDays, r.CancelWindowHours, r.GridMinutes, now); err != nil {
		return fmt.Errorf("store: set booking rules: %w", err)
	}
	return nil
}

// WeeklyHoursRow is a weekly interval with its therapist, for bulk loads.
type WeeklyHoursRow struct {
	TherapistID int64
	HoursRow
}

// BulkInsertWeeklyHours writes many weekly intervals, many per statement.
func BulkInsertWeeklyHours(ctx context.Context, q db.Querier, rows []WeeklyHoursRow) error {
	err := insertRows(ctx, q, `insert into weekly_hours (therapist_id, location_id, weekday, start_minute, end_minute)`, 5, len(rows),
		func(i int, args []any) []any {
			h := rows[i]
			return append(args, h.TherapistID, h.LocationID, h.Weekday, h.StartMinute, h.EndMinute)
		}, "", nil)
	if err != nil {
		return fmt.Errorf("store: bulk weekly hours: %w", err)
	}
	return nil
}

// Setup is what the slot engine needs to know about one therapist at one
// location, read in two statements on the booking path.
type Setup struct {
	Rules  Rules
	Weekly []HoursRow
	Extra  []ExtraHoursRow
	// BookableUntil is the latest expiry of a credential that makes the
	// therapist bookable in the location's jurisdiction; zero when none.
	BookableUntil *time.Time
	// Off is the time off meeting the window asked, by start.
	Off []TimeOffRow
	// The therapist as appointments name them, read here so a new booking
	// is answered without reading it back.
	TherapistName, TherapistEmail, TherapistZone string
}

// ScheduleSetup reads the rules, the licence's reach, the weekly hours, the
// extra hours on local dates [from, to) of a therapist's location, and the
// time off meeting [offFrom, offTo) — in two statements: each one costs more
// than its rows.
func ScheduleSetup(ctx context.Context, q db.Querier, b therapist.Bookability, therapistID, locationID int64, jurisdiction, from, to string,
	offFrom, offTo time.Time) (Setup, error) {
	s := Setup{Rules: DefaultRules}
	err := q.QueryRowContext(ctx, `select coalesce(r.min_notice_hours, $3), coalesce(r.horizon_days, $4),
		coalesce(r.cancel_window_hours, $5), coalesce(r.grid_minutes, $6), `+bookableUntilSQL(b)+`,
		coalesce(u.name, ''), coalesce(u.email, ''), coalesce(u.time_zone, '')
		from (select 1 as one) x left join booking_rules r on r.therapist_id = $1 left join app_user u on u.id = $1`,
		therapistID, jurisdiction, DefaultRules.MinNoticeHours, DefaultRules.HorizonDays, DefaultRules.CancelWindowHours,
		DefaultRules.GridMinutes).Scan(&s.Rules.MinNoticeHours, &s.Rules.HorizonDays, &s.Rules.CancelWindowHours,
		&s.Rules.GridMinutes, &nullTime{&s.BookableUntil}, &s.TherapistName, &s.TherapistEmail, &s.TherapistZone)
	if err != nil {
		return s, fmt.Errorf("store: schedule setup: %w", err)
	}
	// Time off comes first so PostgreSQL types the others' null instants
	// from its columns.
	rows, err := q.QueryContext(ctx, `select 2, 0, 0, 0, '', starts_at, ends_at from time_off
		 where therapist_id = $4 and (location_id is null or location_id = $1) and starts_at < $6 and ends_at > $5
		union all
		select 0, weekday, start_minute, end_minute, '', null, null from weekly_hours where location_id = $1
		union all
		select 1, 0, start_minute, end_minute, day, null, null from extra_hours where location_id = $1 and day >= $2 and day < $3
		order by 1, 2, 3, 6`, locationID, from, to, therapistID, offFrom, offTo)
	if err != nil {
		return s, fmt.Errorf("store: schedule hours: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var kind, weekday, start, end int
		var day string
		var offStart, offEnd *time.Time
		if err := rows.Scan(&kind, &weekday, &start, &end, &day, &nullTime{&offStart}, &nullTime{&offEnd}); err != nil {
			return s, fmt.Errorf("store: schedule hours: %w", err)
		}
		switch {
		case kind == 0:
			s.Weekly = append(s.Weekly, HoursRow{LocationID: locationID, Weekday: weekday, StartMinute: start, EndMinute: end})
		case kind == 1:
			s.Extra = append(s.Extra, ExtraHoursRow{LocationID: locationID, Day: day, StartMinute: start, EndMinute: end})
		case offStart != nil && offEnd != nil:
			s.Off = append(s.Off, TimeOffRow{Start: *offStart, End: *offEnd})
		}
	}
	return s, rows.Err()
}
