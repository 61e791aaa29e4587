package api

import (
	"net/http"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/practice"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/therapist"
)

type profileJSON struct {
	ID            ID       `json:"id"`
	Name          string   `json:"name"`
	Bio           string   `json:"bio"`
	Languages     []string `json:"languages"`
	Gender        string   `json:"gender,omitempty"`
	BackPainFocus []string `json:"back_pain_focus"`
	PressureRange [2]int   `json:"pressure_range"`
	YearsBackPain int      `json:"years_back_pain"`
}

func profileOut(p therapist.Profile) profileJSON {
	return profileJSON{ID: ID(p.ID), Name: p.Name, Bio: p.Bio, Languages: nonNil(p.Languages), Gender: p.Gender,
		BackPainFocus: nonNil(p.Focus), PressureRange: [2]int{p.PressureMin, p.PressureMax}, YearsBackPain: p.YearsBackPain}
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

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

func (s *Server) putProfile(w http.ResponseWriter, r *http.Request) {
	var in profileJSON
	if err := decode(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := s.Practice.UpdateProfile(r.Context(), authz.From(r.Context()), practice.ProfileInput{Bio: in.Bio,
		Languages: in.Languages, Gender: in.Gender, Focus: in.BackPainFocus, PressureRange: in.PressureRange, YearsBackPain: in.YearsBackPain})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, profileOut(p))
}

func (s *Server) createLocation(w http.ResponseWriter, r *http.Request) {
	var in locationJSON
	if err := decode(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	l, err := s.Practice.AddLocation(r.Context(), authz.From(r.Context()), therapist.Location{Name: in.Name, Address: in.Address,
		Lat: in.Lat, Lon: in.Lon, TimeZone: in.TimeZone, Jurisdiction: in.Jurisdiction})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, locationOut(l))
}

func (s *Server) createService(w http.ResponseWriter, r *http.Request) {
	var in serviceJSON
	if err := decode(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.Practice.AddService(r.Context(), authz.From(r.Context()), therapist.Service{Name: in.Name, Technique: in.Technique,
		DurationMinutes: in.DurationMinutes, PriceAmount: in.Price.Amount, Currency: in.Price.Currency, BufferMinutes: in.BufferMinutes,
		LocationID: int64(in.LocationID)})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, serviceOut(v))
}

type hoursJSON struct {
	LocationID ID `json:"location_id"`
	Weekly     []struct {
		Weekday string `json:"weekday"`
		Start   string `json:"start"`
		End     string `json:"end"`
	} `json:"weekly"`
}

func (s *Server) putHours(w http.ResponseWriter, r *http.Request) {
	var in hoursJSON
	if err := decode(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	days := make([]practice.DayHours, len(in.Weekly))
	for i, d := range in.Weekly {
		days[i] = practice.DayHours{Weekday: d.Weekday, Start: d.Start, End: d.End}
	}
	rows, err := s.Practice.SetHours(r.Context(), authz.From(r.Context()), int64(in.LocationID), days)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := hoursJSON{LocationID: in.LocationID, Weekly: in.Weekly[:0]}
	for _, h := range rows {
		out.Weekly = append(out.Weekly, struct {
			Weekday string `json:"weekday"`
			Start   string `json:"start"`
			End     string `json:"end"`
		}{practice.Weekday(h.Weekday), practice.Clock(h.StartMinute), practice.Clock(h.EndMinute)})
	}
	writeJSON(w, http.StatusOK, out)
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
	out := map[string]any{"id": ID(t.ID), "start": in.Start, "end": in.End, "reason": t.Reason}
	if t.LocationID != 0 {
		out["location_id"] = ID(t.LocationID)
	}
	writeJSON(w, http.StatusCreated, out)
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
