package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/therapist"
)

// The directory search (internal/directory) keeps every live location,
// with what a search filters and sorts on, in memory (DirectoryCandidates),
// reloaded when DirectoryGeneration moves; then, for the candidates it
// needs slots of, it reads their extra hours, time off and bookings in one
// statement each. Lists of ids travel as one JSON array parameter: SQLite's
// cost for $N placeholders grows with the square of their number
// (docs/benchmarks.md), and one parameter keeps the SQL text the same for
// any number of ids, so it is prepared once.

// Box is a latitude/longitude rectangle. When it crosses the antimeridian
// MinLon > MaxLon, and a longitude matches when it is ≥ MinLon or ≤ MaxLon.
type Box struct{ MinLat, MaxLat, MinLon, MaxLon float64 }

// CandidateFilter narrows the candidates. Zero values do not filter.
type CandidateFilter struct {
	Box       *Box
	Technique string
	Focus     string
	Language  string
	Gender    string
	Duration  int
	Currency  string
	MaxPrice  *int64
	// Exclude lists techniques not to offer: those the signed-in client's
	// safety screening excludes.
	Exclude []string
	// Day is today: credentials that expire by then do not count.
	Day time.Time
}

// Candidate is a location of a therapist with its live services and what
// the slot engine needs: the rules, the weekly hours, and how long the
// credential rule lets the therapist be booked in the location's
// jurisdiction: Expires is the latest expiry of a counting credential there
// (nil: none), Until its date; on days from Expires on, not bookable there.
type Candidate struct {
	TherapistID, LocationID int64
	Name                    string
	Lat, Lon                float64
	TimeZone, Jurisdiction  string
	Until                   *time.Time
	Rules                   Rules
	Services                []therapist.Service
	Weekly                  []HoursRow
	// What filters read: the profile, and Expires, the latest expiry of a
	// counting credential in the jurisdiction (nil: none), which makes
	// Until on days before it.
	Gender           string
	Languages, Focus []string
	Expires          *time.Time
}

// DirectoryGeneration is the number every change to the tables behind
// DirectoryCandidates bumps in the same transaction (migration 00019's
// triggers): a reader whose copy was read at an older generation reloads.
func DirectoryGeneration(ctx context.Context, q db.Querier) (int64, error) {
	var g int64
	if err := q.QueryRowContext(ctx, `select generation from directory_generation where id = 1`).Scan(&g); err != nil {
		return 0, fmt.Errorf("store: directory generation: %w", err)
	}
	return g, nil
}

// DirectoryCandidates reads every live location with a live service, in
// one statement: one row per location, services, weekly hours, languages
// and focus folded into text, because each row costs more in the driver
// than the aggregation costs in the database. Read DirectoryGeneration
// first: what this returns is then at least as new as that generation.
func DirectoryCandidates(ctx context.Context, q db.Querier, b therapist.Bookability) ([]Candidate, error) {
	rows, err := q.QueryContext(ctx, `select t.id, u.name, l.id, l.lat, l.lon, l.time_zone, l.jurisdiction,
		(select max(c.expires_on) from credential c where c.therapist_id = t.id and c.jurisdiction = l.jurisdiction
		    and `+credentialCounts(b)+`),
		coalesce(r.min_notice_hours, $1), coalesce(r.horizon_days, $2), coalesce(r.grid_minutes, $3),
		(select string_agg(s.id || ':' || s.duration_minutes || ':' || s.buffer_minutes || ':' || s.price_amount || ':'
		                   || s.currency || ':' || s.technique, ',')
		   from service s where s.therapist_id = l.therapist_id and s.location_id = l.id and s.archived_at is null),
		coalesce((select string_agg(w.weekday || ':' || w.start_minute || ':' || w.end_minute, ',')
		             from weekly_hours w where w.location_id = l.id), ''),
		coalesce(t.gender, ''),
		coalesce((select string_agg(g.language, ',') from therapist_language g where g.therapist_id = t.id), ''),
		coalesce((select string_agg(x.focus, ',') from therapist_focus x where x.therapist_id = t.id), '')
		from location l
		join therapist t on t.id = l.therapist_id
		join app_user u on u.id = t.id
		left join booking_rules r on r.therapist_id = t.id
		where l.archived_at is null`, DefaultRules.MinNoticeHours, DefaultRules.HorizonDays, DefaultRules.GridMinutes)
	if err != nil {
		return nil, fmt.Errorf("store: directory candidates: %w", err)
	}
	defer rows.Close()
	var out []Candidate
	for rows.Next() {
		var c Candidate
		var expires, services *string
		var weekly, languages, focus string
		if err := rows.Scan(&c.TherapistID, &c.Name, &c.LocationID, &c.Lat, &c.Lon, &c.TimeZone, &c.Jurisdiction, &expires,
			&c.Rules.MinNoticeHours, &c.Rules.HorizonDays, &c.Rules.GridMinutes, &services, &weekly,
			&c.Gender, &languages, &focus); err != nil {
			return nil, fmt.Errorf("store: directory candidates: %w", err)
		}
		if services == nil {
			continue // no live service at the location
		}
		if err := c.unfold(expires, *services, weekly); err != nil {
			return nil, fmt.Errorf("store: directory candidates: %w", err)
		}
		c.Languages, c.Focus = splitList(languages), splitList(focus)
		out = append(out, c)
	}
	return out, rows.Err()
}

// unfold parses what DirectoryCandidates folded into text.
func (c *Candidate) unfold(expires *string, services, weekly string) error {
	if expires != nil {
		e, err := storedTime(*expires)
		if err != nil {
			return err
		}
		u := time.Date(e.Year(), e.Month(), e.Day(), 0, 0, 0, 0, time.UTC)
		c.Expires, c.Until = &e, &u
	}
	for _, s := range strings.Split(services, ",") {
		p := strings.SplitN(s, ":", 6)
		if len(p) != 6 {
			return fmt.Errorf("service %q", s)
		}
		v := therapist.Service{TherapistID: c.TherapistID, LocationID: c.LocationID, Currency: p[4], Technique: p[5]}
		n, err := ints(p[:4])
		if err != nil {
			return err
		}
		v.ID, v.DurationMinutes, v.BufferMinutes, v.PriceAmount = n[0], int(n[1]), int(n[2]), n[3]
		c.Services = append(c.Services, v)
	}
	for _, w := range splitList(weekly) {
		n, err := ints(strings.SplitN(w, ":", 3))
		if err != nil || len(n) != 3 {
			return fmt.Errorf("hours %q", w)
		}
		c.Weekly = append(c.Weekly, HoursRow{c.LocationID, int(n[0]), int(n[1]), int(n[2])})
	}
	// In a fixed order, whatever order the database aggregated in.
	slices.SortFunc(c.Weekly, func(a, b HoursRow) int {
		return cmp.Or(cmp.Compare(a.Weekday, b.Weekday), cmp.Compare(a.StartMinute, b.StartMinute), cmp.Compare(a.EndMinute, b.EndMinute))
	})
	return nil
}

// storedTime reads a date or time an aggregate returned as text: SQLite's
// stored form, or what the PostgreSQL driver's time turns into.
func storedTime(s string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02 15:04:05.999999999-07:00", time.RFC3339Nano, time.DateOnly} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("time %q", s)
}

func ints(ss []string) ([]int64, error) {
	out := make([]int64, len(ss))
	for i, s := range ss {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, err
		}
		out[i] = n
	}
	return out, nil
}

// idList is a subquery yielding the ids of the JSON array parameter $n.
func idList(d db.Dialect, n int) string {
	if d == db.Postgres {
		return fmt.Sprintf("(select (jsonb_array_elements_text($%d::jsonb))::bigint)", n)
	}
	return fmt.Sprintf("(select value from json_each($%d))", n)
}

func jsonIDs(ids []int64) string {
	b, _ := json.Marshal(ids)
	return string(b)
}

// Schedules is the rest of the slot engine's input for many therapists at
// once: extra hours by location, time off and live bookings by therapist.
type Schedules struct {
	Extra map[int64][]ExtraHoursRow
	Off   map[int64][]TimeOffRow // LocationID 0: everywhere
	Busy  map[int64][]BusySpan
}

// SearchSchedules reads, in three statements, the extra hours on local
// dates [fromDay, toDay) of locations, and the time
// off and live bookings meeting [from, to) of therapists. Bookings are
// found through appointment_therapist_time by start, bounded by MaxSpan,
// so the cost follows the bookings in the window, not booking history.
func SearchSchedules(ctx context.Context, q db.Querier, d db.Dialect, locations, therapists []int64, fromDay, toDay string, from, to time.Time) (Schedules, error) {
	extra, err := SearchExtraHours(ctx, q, d, locations, fromDay, toDay)
	s := Schedules{Extra: extra, Off: map[int64][]TimeOffRow{}, Busy: map[int64][]BusySpan{}}
	if err != nil {
		return s, err
	}
	ids := jsonIDs(therapists)
	rows, err := q.QueryContext(ctx, `select therapist_id, coalesce(location_id, 0), starts_at, ends_at from time_off
		where therapist_id in `+idList(d, 1)+` and starts_at < $3 and ends_at > $2
		order by therapist_id, starts_at`, ids, from, to)
	if err != nil {
		return s, fmt.Errorf("store: search time off: %w", err)
	}
	for rows.Next() {
		var id int64
		var t TimeOffRow
		if err := rows.Scan(&id, &t.LocationID, &t.Start, &t.End); err != nil {
			rows.Close()
			return s, fmt.Errorf("store: search time off: %w", err)
		}
		s.Off[id] = append(s.Off[id], t)
	}
	if err := closeRows(rows); err != nil {
		return s, fmt.Errorf("store: search time off: %w", err)
	}
	rows, err = q.QueryContext(ctx, `select therapist_id, starts_at, blocks_until from appointment
		where therapist_id in `+idList(d, 1)+` and status in ('booked', 'held')
		  and starts_at >= $4 and starts_at < $3 and blocks_until > $2
		order by therapist_id, starts_at`, ids, from, to, from.Add(-MaxSpan))
	if err != nil {
		return s, fmt.Errorf("store: search busy: %w", err)
	}
	for rows.Next() {
		var id int64
		var b BusySpan
		if err := rows.Scan(&id, &b.Start, &b.End); err != nil {
			rows.Close()
			return s, fmt.Errorf("store: search busy: %w", err)
		}
		s.Busy[id] = append(s.Busy[id], b)
	}
	return s, closeRows(rows)
}

// manyLocations is where SearchExtraHours stops listing locations and
// reads the window's extra hours of the whole directory instead (index
// extra_hours_day): they are few, and a list of thousands of ids costs more.
const manyLocations = 500

// SearchExtraHours reads the extra hours on local dates [fromDay, toDay)
// of locations, by location.
func SearchExtraHours(ctx context.Context, q db.Querier, d db.Dialect, locations []int64, fromDay, toDay string) (map[int64][]ExtraHoursRow, error) {
	out := map[int64][]ExtraHoursRow{}
	var rows *sql.Rows
	var err error
	var want map[int64]bool
	if len(locations) > manyLocations {
		want = make(map[int64]bool, len(locations))
		for _, id := range locations {
			want[id] = true
		}
		rows, err = q.QueryContext(ctx, `select location_id, start_minute, end_minute, day from extra_hours
			where day >= $1 and day < $2`, fromDay, toDay)
	} else {
		rows, err = q.QueryContext(ctx, `select location_id, start_minute, end_minute, day from extra_hours
			where location_id in `+idList(d, 1)+` and day >= $2 and day < $3`, jsonIDs(locations), fromDay, toDay)
	}
	if err != nil {
		return out, fmt.Errorf("store: search hours: %w", err)
	}
	for rows.Next() {
		var h ExtraHoursRow
		if err := rows.Scan(&h.LocationID, &h.StartMinute, &h.EndMinute, &h.Day); err != nil {
			rows.Close()
			return out, fmt.Errorf("store: search hours: %w", err)
		}
		if want == nil || want[h.LocationID] {
			out[h.LocationID] = append(out[h.LocationID], h)
		}
	}
	if err := closeRows(rows); err != nil {
		return out, fmt.Errorf("store: search hours: %w", err)
	}
	return out, nil
}

func closeRows(rows interface {
	Close() error
	Err() error
}) error {
	if err := rows.Err(); err != nil {
		rows.Close()
		return err
	}
	return rows.Close()
}
