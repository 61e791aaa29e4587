package web

import (
	"context"
	"net/url"
	"strconv"
	"time"

	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/practice"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/therapist"
	"github.com/knead/knead/internal/tz"
)

// The lists of the set-up page, with a form to change each record.

func (s *Server) setupLocations(ctx context.Context, therapistID int64, p practice.Practice) ([]setupLocation, error) {
	out := make([]setupLocation, 0, len(p.Locations))
	for _, l := range p.Locations {
		id := strconv.FormatInt(l.ID, 10)
		lv := setupLocation{Location: l, Form: setupForm{ID: "hours-" + id}, Edit: setupForm{ID: "location-" + id,
			Form: Form{Values: url.Values{"name": {l.Name}, "address": {l.Address}, "lat": {setupCoord(l.Lat)},
				"lon": {setupCoord(l.Lon)}, "time_zone": {l.TimeZone}, "jurisdiction": {l.Jurisdiction}}}}}
		for _, svc := range p.Services {
			if svc.LocationID == l.ID {
				lv.Services = append(lv.Services, setupService{Service: svc, Price: setupPrice(svc.PriceAmount, svc.Currency),
					Edit: serviceEditForm(svc)})
			}
		}
		var err error
		if lv.Hours, err = store.WeeklyHours(ctx, s.DB.R(), l.ID); err != nil {
			return nil, err
		}
		if lv.Bookable, err = store.Bookable(ctx, s.DB.R(), s.bookability(), therapistID, l.Jurisdiction, s.Now()); err != nil {
			return nil, err
		}
		lv.Form.Values, lv.Slots = setupHoursValues(l.ID, lv.Hours)
		out = append(out, lv)
	}
	return out, nil
}

// setupHoursValues writes stored hours as the grid's form values.
func setupHoursValues(locationID int64, rows []store.HoursRow) (url.Values, int) {
	vals, count := url.Values{"location_id": {strconv.FormatInt(locationID, 10)}}, map[int]int{}
	slots := 2
	for _, h := range rows {
		count[h.Weekday]++
		n, day := count[h.Weekday], practice.Weekday(h.Weekday)
		vals.Set(setupSlotName(day, n, "start"), practice.Clock(h.StartMinute))
		vals.Set(setupSlotName(day, n, "end"), practice.Clock(h.EndMinute))
		slots = max(slots, n)
	}
	return vals, slots
}

// setupPostedSlots is how many intervals a day a posted hours form had.
func setupPostedSlots(f Form) int {
	n := 0
	for _, d := range setupWeek {
		for i := 1; i <= setupMaxSlots; i++ {
			if _, ok := f.Values[setupSlotName(d, i, "start")]; ok {
				n = max(n, i)
			}
		}
	}
	return n
}

// upcomingTimeOff lists time off that has not ended, in each location's
// zone (time off everywhere in the account's).
func (s *Server) upcomingTimeOff(ctx context.Context, therapistID int64, locs []setupLocation, zone string) ([]setupTimeOff, error) {
	rows, err := store.UpcomingTimeOff(ctx, s.DB.R(), therapistID, s.Now())
	if err != nil {
		return nil, err
	}
	out := make([]setupTimeOff, len(rows))
	for i, t := range rows {
		where, z := "Everywhere", zone
		for _, l := range locs {
			if l.ID == t.LocationID {
				where, z = l.Name, l.TimeZone
			}
		}
		loc := tz.Or(z)
		out[i] = setupTimeOff{ID: t.ID, Where: where, Zone: z, Reason: t.Reason, When: setupSpan(t.Start.In(loc), t.End.In(loc))}
	}
	return out, nil
}

// upcomingExtra lists extra hours from today on, at each location.
func (s *Server) upcomingExtra(ctx context.Context, me *authz.Principal, locs []setupLocation) ([]setupExtra, error) {
	rows, err := s.Practice.ExtraHours(ctx, me)
	if err != nil {
		return nil, err
	}
	out := make([]setupExtra, 0, len(rows))
	for _, e := range rows {
		day, _ := time.Parse(time.DateOnly, e.Day)
		where := ""
		for _, l := range locs {
			if l.ID == e.LocationID {
				where = l.Name + " · " + l.TimeZone
			}
		}
		out = append(out, setupExtra{ID: e.ID, Where: where,
			When: day.Format("Mon 2 Jan 2006") + ", " + practice.Clock(e.StartMinute) + "–" + practice.Clock(e.EndMinute)})
	}
	return out, nil
}

// serviceEditForm is a service's change form with its saved values.
func serviceEditForm(v therapist.Service) setupForm {
	return setupForm{ID: "service-" + strconv.FormatInt(v.ID, 10), Form: Form{Values: url.Values{"name": {v.Name},
		"location_id": {strconv.FormatInt(v.LocationID, 10)}, "technique": {v.Technique},
		"duration_minutes": {strconv.Itoa(v.DurationMinutes)}, "price": {setupAmount(v.PriceAmount, v.Currency)},
		"currency": {v.Currency}, "buffer_minutes": {strconv.Itoa(v.BufferMinutes)}}}}
}

func setupCoord(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// setupSpan writes a stretch of time off as people say it: whole days by
// their dates, otherwise with the times.
func setupSpan(start, end time.Time) string {
	const day, at = "Mon 2 Jan 2006", "Mon 2 Jan 2006, 15:04"
	midnight := func(t time.Time) bool { return t.Hour() == 0 && t.Minute() == 0 }
	last := end.AddDate(0, 0, -1)
	switch {
	case midnight(start) && midnight(end) && last.Format(day) == start.Format(day):
		return start.Format(day) + ", all day"
	case midnight(start) && midnight(end):
		return start.Format(day) + " to " + last.Format(day) + ", whole days"
	case midnight(end):
		return start.Format(at) + " to the end of " + last.Format(day)
	}
	return start.Format(at) + " to " + end.Format(at)
}
