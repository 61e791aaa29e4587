package api

import (
	"math"
	"net/http"
	"regexp"
	"time"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/practice"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/therapist"
)

type locationJSON struct {
	ID           ID      `json:"id"`
	Name         string  `json:"name"`
	Address      string  `json:"address"`
	Lat          float64 `json:"lat"`
	Lon          float64 `json:"lon"`
	TimeZone     string  `json:"time_zone"`
	Jurisdiction string  `json:"jurisdiction"`
}

func locationOut(l therapist.Location) locationJSON {
	return locationJSON{ID(l.ID), l.Name, l.Address, l.Lat, l.Lon, l.TimeZone, l.Jurisdiction}
}

type serviceJSON struct {
	ID              ID     `json:"id"`
	Name            string `json:"name"`
	Technique       string `json:"technique"`
	DurationMinutes int    `json:"duration_minutes"`
	Price           money  `json:"price"`
	BufferMinutes   int    `json:"buffer_minutes"`
	LocationID      ID     `json:"location_id"`
}

func serviceOut(v therapist.Service) serviceJSON {
	return serviceJSON{ID(v.ID), v.Name, v.Technique, v.DurationMinutes, money{v.PriceAmount, v.Currency}, v.BufferMinutes, ID(v.LocationID)}
}

// locationIn is the body of POST and PUT of a location.
type locationIn struct {
	Name         string   `json:"name"`
	Address      string   `json:"address"`
	Lat          *float64 `json:"lat"`
	Lon          *float64 `json:"lon"`
	TimeZone     string   `json:"time_zone"`
	Jurisdiction string   `json:"jurisdiction"`
}

// location is the body as a location. A coordinate left out is not 0 (a
// place on the equator): it is missing, which the service reports with the
// other fields.
func (in locationIn) location(id int64) therapist.Location {
	lat, lon := math.NaN(), math.NaN()
	if in.Lat != nil {
		lat = *in.Lat
	}
	if in.Lon != nil {
		lon = *in.Lon
	}
	return therapist.Location{ID: id, Name: in.Name, Address: in.Address, Lat: lat, Lon: lon, TimeZone: in.TimeZone,
		Jurisdiction: in.Jurisdiction}
}

func (s *Server) createLocation(w http.ResponseWriter, r *http.Request) {
	var in locationIn
	if err := decode(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	l, err := s.Practice.AddLocation(r.Context(), authz.From(r.Context()), in.location(0))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, locationOut(l))
}

// serviceIn is the body of POST and PUT of a service.
type serviceIn struct {
	Name            string `json:"name"`
	Technique       string `json:"technique"`
	DurationMinutes int    `json:"duration_minutes"`
	Price           money  `json:"price"`
	BufferMinutes   int    `json:"buffer_minutes"`
	LocationID      ID     `json:"location_id"`
}

func (in serviceIn) service(id int64) therapist.Service {
	return therapist.Service{ID: id, Name: in.Name, Technique: in.Technique, DurationMinutes: in.DurationMinutes,
		PriceAmount: in.Price.Amount, Currency: in.Price.Currency, BufferMinutes: in.BufferMinutes, LocationID: int64(in.LocationID)}
}

func (s *Server) createService(w http.ResponseWriter, r *http.Request) {
	var in serviceIn
	if err := decode(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.Practice.AddService(r.Context(), authz.From(r.Context()), in.service(0))
	if err != nil {
		s.fail(w, r, alsoMissing(err, "location_id", in.LocationID == 0, "Give one of your locations' ids."))
		return
	}
	writeJSON(w, http.StatusCreated, serviceOut(v))
}

type hoursJSON struct {
	LocationID ID             `json:"location_id"`
	Weekly     []intervalJSON `json:"weekly"`
}

type intervalJSON struct {
	Weekday string `json:"weekday"`
	Start   string `json:"start"`
	End     string `json:"end"`
}

func (s *Server) putHours(w http.ResponseWriter, r *http.Request) {
	var in hoursJSON
	if err := decode(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	if in.Weekly == nil {
		f := apperr.Fields{"weekly": "Give the weekly hours, or [] for none."}
		f.Check(in.LocationID != 0, "location_id", "Give one of your locations' ids.")
		s.fail(w, r, f.Err())
		return
	}
	days := make([]practice.DayHours, len(in.Weekly))
	for i, d := range in.Weekly {
		days[i] = practice.DayHours{Weekday: d.Weekday, Start: strictClock(d.Start), End: strictClock(d.End)}
	}
	rows, err := s.Practice.SetHours(r.Context(), authz.From(r.Context()), int64(in.LocationID), days)
	if err != nil {
		err = alsoMissing(err, "location_id", in.LocationID == 0, "Give one of your locations' ids.")
		s.fail(w, r, err)
		return
	}
	out := hoursJSON{LocationID: in.LocationID, Weekly: make([]intervalJSON, 0, len(rows))}
	for _, h := range rows {
		out.Weekly = append(out.Weekly, intervalJSON{practice.Weekday(h.Weekday), practice.Clock(h.StartMinute), practice.Clock(h.EndMinute)})
	}
	writeJSON(w, http.StatusOK, out)
}

// hhmm is API.md's HH:MM: two digits each, nothing else.
var hhmm = regexp.MustCompile(`^[0-9]{2}:[0-9]{2}$`)

// strictClock passes on a time of day only in the form HH:MM, and
// otherwise "", which SetHours refuses with its own message for the field:
// practice reads the digits with Sscanf, which also takes " 9:00", "+9:00"
// and "-1:00" (and the last then breaks a database check).
func strictClock(s string) string {
	if !hhmm.MatchString(s) {
		return ""
	}
	return s
}

func (s *Server) createTimeOff(w http.ResponseWriter, r *http.Request) {
	var in struct {
		LocationID ID     `json:"location_id"`
		Start      string `json:"start"`
		End        string `json:"end"`
		Reason     string `json:"reason"`
	}
	if err := decode(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	f := apperr.Fields{}
	t := store.TimeOffRow{LocationID: int64(in.LocationID), Start: instant(f, "start", in.Start), End: instant(f, "end", in.End), Reason: in.Reason}
	if err := f.Err(); err != nil {
		s.fail(w, r, err)
		return
	}
	t, err := s.Practice.AddTimeOff(r.Context(), authz.From(r.Context()), t)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, timeOffOut(t))
}

func timeOffOut(t store.TimeOffRow) map[string]any {
	out := map[string]any{"id": ID(t.ID), "start": t.Start.Format(time.RFC3339), "end": t.End.Format(time.RFC3339), "reason": t.Reason}
	if t.LocationID != 0 {
		out["location_id"] = ID(t.LocationID)
	}
	return out
}

type rulesJSON struct {
	MinNoticeHours    int `json:"min_notice_hours"`
	HorizonDays       int `json:"horizon_days"`
	CancelWindowHours int `json:"cancel_window_hours"`
	GridMinutes       int `json:"grid_minutes"`
}

func (s *Server) putRules(w http.ResponseWriter, r *http.Request) {
	in := rulesJSON{GridMinutes: store.DefaultRules.GridMinutes}
	if err := decode(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	got, err := s.Practice.SetRules(r.Context(), authz.From(r.Context()), store.Rules(in))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, rulesJSON(got))
}

// alsoMissing adds a missing field to a service's 422 invalid answer: the
// service checks the other fields before it looks the record up, so
// without this a body missing several fields would learn of this one last.
func alsoMissing(err error, field string, missing bool, msg string) error {
	e := apperr.From(err)
	if !missing || e.Problem != apperr.ErrInvalid.Problem {
		return err
	}
	f := apperr.Fields{}
	for k, v := range e.Fields {
		f[k] = v
	}
	f.Add(field, msg)
	return f.Err()
}

type extraHoursJSON struct {
	ID         ID     `json:"id,omitempty"`
	LocationID ID     `json:"location_id"`
	Date       string `json:"date"`
	Start      string `json:"start"`
	End        string `json:"end"`
}

func extraHoursOut(row store.ExtraHoursRow) extraHoursJSON {
	return extraHoursJSON{ID: ID(row.ID), LocationID: ID(row.LocationID), Date: row.Day, Start: practice.Clock(row.StartMinute),
		End: practice.Clock(row.EndMinute)}
}

func (s *Server) createExtraHours(w http.ResponseWriter, r *http.Request) {
	var in extraHoursJSON
	if err := decode(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	row, err := s.Practice.AddExtraHours(r.Context(), authz.From(r.Context()), int64(in.LocationID), in.Date, in.Start, in.End)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, extraHoursOut(row))
}
