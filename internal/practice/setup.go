package practice

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/screening"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/therapist"
	"github.com/knead/knead/internal/tz"
)

var jurisdictionCode = regexp.MustCompile(`^[A-Z]{2}(-[A-Z0-9]{1,3})?$`)

// AddLocation adds a place the therapist works.
func (s *Service) AddLocation(ctx context.Context, actor *authz.Principal, l therapist.Location) (therapist.Location, error) {
	l, err := checkLocation(l)
	if err != nil {
		return l, err
	}
	l.TherapistID = actor.UserID
	err = s.db.InTx(ctx, func(tx db.Tx) error {
		if err := s.ensureTherapist(ctx, tx, actor); err != nil {
			return err
		}
		var err error
		l.ID, err = store.InsertLocation(ctx, tx, l, s.now())
		return err
	})
	return l, err
}

// checkLocation tidies a location and names every field that is wrong.
func checkLocation(l therapist.Location) (therapist.Location, error) {
	l.Name, l.Address = strings.TrimSpace(l.Name), strings.TrimSpace(l.Address)
	f := apperr.Fields{}
	f.Check(l.Name != "" && len(l.Name) <= 200, "name", "Name the location (at most 200 characters).")
	f.Check(l.Address != "" && len(l.Address) <= 500, "address", "Give the street address (at most 500 characters).")
	f.Check(!math.IsNaN(l.Lat) && l.Lat >= -90 && l.Lat <= 90, "lat", "Latitude is from -90 to 90.")
	f.Check(!math.IsNaN(l.Lon) && l.Lon >= -180 && l.Lon <= 180, "lon", "Longitude is from -180 to 180.")
	_, zerr := tz.Load(l.TimeZone)
	f.Check(l.TimeZone != "" && l.TimeZone != "Local" && zerr == nil, "time_zone", "Give an IANA time zone such as America/New_York.")
	f.Check(jurisdictionCode.MatchString(l.Jurisdiction), "jurisdiction", "Give an ISO 3166-2 code such as US-NY, or a country code such as GB.")
	return l, f.Err()
}

// Durations a service may last, in minutes.
const minDuration, maxDuration = 15, 240

var currencyCode = regexp.MustCompile(`^[A-Z]{3}$`)

// AddService adds a bookable session type at one of the therapist's locations.
func (s *Service) AddService(ctx context.Context, actor *authz.Principal, v therapist.Service) (therapist.Service, error) {
	v, err := checkService(v)
	if err != nil {
		return v, err
	}
	v.TherapistID = actor.UserID
	err = s.db.InTx(ctx, func(tx db.Tx) error {
		if err := s.ownLocation(ctx, tx, actor, v.LocationID); err != nil {
			return err
		}
		var err error
		v.ID, err = store.InsertService(ctx, tx, v, s.now())
		return err
	})
	return v, err
}

// checkService tidies a service and names every field that is wrong.
func checkService(v therapist.Service) (therapist.Service, error) {
	v.Name = strings.TrimSpace(v.Name)
	f := apperr.Fields{}
	f.Check(v.Name != "" && len(v.Name) <= 200, "name", "Name the service (at most 200 characters).")
	f.Check(slices.Contains(therapist.Techniques, v.Technique), "technique", "Choose one of "+strings.Join(therapist.Techniques, ", ")+".")
	f.Check(v.DurationMinutes >= minDuration && v.DurationMinutes <= maxDuration && v.DurationMinutes%5 == 0, "duration_minutes",
		fmt.Sprintf("Give %d to %d minutes, in steps of 5.", minDuration, maxDuration))
	f.Check(v.PriceAmount >= 0 && v.PriceAmount <= 10_000_000, "price", "Give the price in minor units (cents), 0 or more.")
	f.Check(currencyCode.MatchString(v.Currency), "price", "Give an ISO 4217 currency such as USD.")
	f.Check(v.BufferMinutes >= 0 && v.BufferMinutes <= 120, "buffer_minutes", "Give 0 to 120 minutes.")
	return v, f.Err()
}

// ownLocation checks the location is the actor's; another's is invalid.
func (s *Service) ownLocation(ctx context.Context, q db.Querier, actor *authz.Principal, id int64) error {
	if actor.Role != authz.RoleTherapist {
		return apperr.ErrForbidden.With("Only therapists set up a practice.")
	}
	l, err := store.LocationByID(ctx, q, id)
	if err == store.ErrNotFound || err == nil && l.TherapistID != actor.UserID {
		return apperr.Fields{"location_id": "You have no location with this id."}.Err()
	}
	return err
}

// DayHours is one weekly interval as API.md writes it.
type DayHours struct{ Weekday, Start, End string }

var weekdays = []string{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"}

// SetHours replaces a location's weekly hours; several intervals a day may
// not overlap.
func (s *Service) SetHours(ctx context.Context, actor *authz.Principal, locationID int64, weekly []DayHours) ([]store.HoursRow, error) {
	f := apperr.Fields{}
	rows := make([]store.HoursRow, 0, len(weekly))
	for i, w := range weekly {
		field := fmt.Sprintf("weekly[%d]", i)
		wd := slices.Index(weekdays, strings.ToLower(w.Weekday))
		f.Check(wd >= 0, field+".weekday", fmt.Sprintf("%q is not a weekday; use monday … sunday.", w.Weekday))
		start, okS := ParseClock(w.Start, false)
		end, okE := ParseClock(w.End, true)
		f.Check(okS, field+".start", "Give the start as HH:MM, 00:00 to 23:59.")
		f.Check(okE, field+".end", "Give the end as HH:MM, 00:01 to 24:00.")
		f.Check(!okS || !okE || start < end, field+".end", "The end must be after the start.")
		rows = append(rows, store.HoursRow{LocationID: locationID, Weekday: wd, StartMinute: start, EndMinute: end})
	}
	f.Check(len(weekly) <= 7*8, "weekly", "Give at most 8 intervals a day.")
	if err := f.Err(); err != nil {
		return nil, err
	}
	slices.SortFunc(rows, func(a, b store.HoursRow) int {
		return (a.Weekday*1441 + a.StartMinute) - (b.Weekday*1441 + b.StartMinute)
	})
	for i := 1; i < len(rows); i++ {
		if rows[i].Weekday == rows[i-1].Weekday && rows[i].StartMinute < rows[i-1].EndMinute {
			f.Add("weekly", fmt.Sprintf("Two intervals on %s overlap.", weekdays[rows[i].Weekday]))
		}
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	err := s.db.InTx(ctx, func(tx db.Tx) error {
		if err := s.ownLocation(ctx, tx, actor, locationID); err != nil {
			return err
		}
		if err := store.ReplaceWeeklyHours(ctx, tx, actor.UserID, locationID, rows); err != nil {
			return err
		}
		return s.opened(ctx, tx, actor.UserID)
	})
	return rows, err
}

// ParseClock parses HH:MM (two digits each) into minutes from midnight;
// 24:00 only as an end. Working hours and time windows (API.md "Time") are
// read with it.
func ParseClock(s string, end bool) (int, bool) {
	if len(s) != 5 || s[2] != ':' || !digits(s[:2]) || !digits(s[3:]) {
		return 0, false
	}
	h, m := int(s[0]-'0')*10+int(s[1]-'0'), int(s[3]-'0')*10+int(s[4]-'0')
	v := h*60 + m
	if m > 59 {
		return 0, false
	}
	if end {
		return v, v >= 1 && v <= 1440
	}
	return v, v <= 1439
}

func digits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// Weekday names the day of a store row.
func Weekday(d int) string { return weekdays[d] }

// Clock formats minutes from midnight as HH:MM.
func Clock(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }

// AddTimeOff records time off at one location, or everywhere.
func (s *Service) AddTimeOff(ctx context.Context, actor *authz.Principal, t store.TimeOffRow) (store.TimeOffRow, error) {
	f := apperr.Fields{}
	f.Check(!t.Start.IsZero(), "start", "Give the start as an RFC 3339 time with an offset.")
	f.Check(!t.End.IsZero(), "end", "Give the end as an RFC 3339 time with an offset.")
	f.Check(t.Start.IsZero() || t.End.IsZero() || t.Start.Before(t.End), "end", "The end must be after the start.")
	f.Check(t.End.Sub(t.Start) <= 366*24*time.Hour, "end", "Time off lasts at most a year; add another for more.")
	f.Check(len(t.Reason) <= 500, "reason", "Use at most 500 characters.")
	if err := f.Err(); err != nil {
		return t, err
	}
	err := s.db.InTx(ctx, func(tx db.Tx) error {
		if t.LocationID != 0 {
			if err := s.ownLocation(ctx, tx, actor, t.LocationID); err != nil {
				return err
			}
		} else if err := s.ensureTherapist(ctx, tx, actor); err != nil {
			return err
		}
		var err error
		t.ID, err = store.InsertTimeOff(ctx, tx, actor.UserID, t, s.now())
		return err
	})
	return t, err
}

// SetRules stores the booking rules.
func (s *Service) SetRules(ctx context.Context, actor *authz.Principal, r store.Rules) (store.Rules, error) {
	if r.GridMinutes == 0 {
		r.GridMinutes = store.DefaultRules.GridMinutes
	}
	f := apperr.Fields{}
	f.Check(r.MinNoticeHours >= 0 && r.MinNoticeHours <= 720, "min_notice_hours", "Give 0 to 720 hours.")
	f.Check(r.HorizonDays >= 1 && r.HorizonDays <= 730, "horizon_days", "Give 1 to 730 days.")
	f.Check(r.CancelWindowHours >= 0 && r.CancelWindowHours <= 720, "cancel_window_hours", "Give 0 to 720 hours.")
	f.Check(slices.Contains([]int{5, 10, 15, 20, 30, 60}, r.GridMinutes), "grid_minutes", "Choose 5, 10, 15, 20, 30 or 60 minutes.")
	if err := f.Err(); err != nil {
		return r, err
	}
	err := s.db.InTx(ctx, func(tx db.Tx) error {
		if err := s.ensureTherapist(ctx, tx, actor); err != nil {
			return err
		}
		return store.SetBookingRules(ctx, tx, actor.UserID, r, s.now())
	})
	return r, err
}

// Rules reads the booking rules (the defaults until set).
func (s *Service) Rules(ctx context.Context, therapistID int64) (store.Rules, error) {
	return store.BookingRules(ctx, s.db.R(), therapistID)
}

// AddExtraHours adds working time at a location on one local date, beyond
// the weekly hours (an extra Saturday morning, a late evening).
func (s *Service) AddExtraHours(ctx context.Context, actor *authz.Principal, locationID int64, day, start, end string) (store.ExtraHoursRow, error) {
	f := apperr.Fields{}
	d, derr := time.Parse(time.DateOnly, day)
	f.Check(derr == nil, "date", "Give the date as YYYY-MM-DD.")
	from, okS := ParseClock(start, false)
	to, okE := ParseClock(end, true)
	f.Check(okS, "start", "Give the start as HH:MM, 00:00 to 23:59.")
	f.Check(okE, "end", "Give the end as HH:MM, 00:01 to 24:00.")
	f.Check(!okS || !okE || from < to, "end", "The end must be after the start.")
	// Today somewhere: the location's zone may be a day behind UTC's date.
	f.Check(derr != nil || !d.Before(screening.Today(s.now())), "date", "Choose today or a later date.")
	if err := f.Err(); err != nil {
		return store.ExtraHoursRow{}, err
	}
	row := store.ExtraHoursRow{LocationID: locationID, Day: d.Format(time.DateOnly), StartMinute: from, EndMinute: to}
	err := s.db.InTx(ctx, func(tx db.Tx) error {
		if err := s.ownLocation(ctx, tx, actor, locationID); err != nil {
			return err
		}
		var err error
		if row.ID, err = store.InsertExtraHours(ctx, tx, actor.UserID, row); err != nil {
			return err
		}
		return s.opened(ctx, tx, actor.UserID)
	})
	return row, err
}
