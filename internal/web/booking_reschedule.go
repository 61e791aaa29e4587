package web

import (
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/booking"
)

// rescheduleView moves one appointment: a week of the same service's free
// times, each a one-click choice, or a date and time typed in.
type rescheduleView struct {
	Base
	Appt         apptRow
	Week         slotWeek
	Form         Form // "local": a datetime-local value in the location's zone
	MinLocal     string
	Error        string
	Alternatives []choiceView
}

// localLayout is the value of a datetime-local input.
const localLayout = "2006-01-02T15:04"

func (s *Server) showReschedule(w http.ResponseWriter, r *http.Request) {
	s.reschedulePage(w, r, http.StatusOK, Form{Values: r.URL.Query()}, nil)
}

func (s *Server) reschedulePage(w http.ResponseWriter, r *http.Request, status int, f Form, refusal *apperr.Error) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	actor, now := authz.From(r.Context()), s.Now()
	a, err := s.Booking.Get(r.Context(), actor, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	next := backTo(r, f)
	v := rescheduleView{Base: s.base(r, "Move a session"), Appt: newApptRow(a, now), Form: f,
		MinLocal: now.In(a.Zone).Format(localLayout)}
	v.Appt.Next = next
	if actor.UserID == a.ClientID {
		windows, err := s.cancelWindows(r.Context(), []booking.Appointment{a})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		v.Appt.WindowHours = windows[a.TherapistID]
		v.Appt.Locked = v.Appt.Active && a.Start.Sub(now) < time.Duration(v.Appt.WindowHours)*time.Hour
	}
	if v.Appt.Active && !v.Appt.Locked {
		// Open on the days around the session, or today when it is near.
		today := booking.DateOf(now.In(a.Zone))
		around := laterDate(booking.DateOf(a.LocalStart()).AddDays(-3), today)
		links := weekLinks{week: func(d booking.Date) string {
			return fmt.Sprintf("/appointments/%d/reschedule?week=%s&next=%s", id, d, url.QueryEscape(next))
		}}
		if v.Week, err = s.slotWeek(r.Context(), a.TherapistID, a.ServiceID, a.Zone, laterDate(dateParam(r, "week", around), today), today, links); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if refusal != nil {
		v.Alternatives = alternativesOf(refusal.Extra["alternatives"], a.Zone)
		if msg, ok := refusal.Fields["local"]; ok && len(refusal.Fields) == 1 {
			v.Form.Errors = map[string]string{"local": msg}
		} else {
			v.Error = problemMessage(refusal)
		}
	}
	s.render(w, r, status, "booking_reschedule", v)
}

func (s *Server) reschedule(w http.ResponseWriter, r *http.Request) {
	id, f, ok := s.idAndForm(w, r)
	if !ok {
		return
	}
	start, err := s.newStart(r, id, f)
	if err == nil {
		var a booking.Appointment
		if a, err = s.Booking.Reschedule(r.Context(), authz.From(r.Context()), id, start); err == nil {
			s.Sessions.Put(r.Context(), keyFlash, "Moved: "+a.ServiceName+" is now "+when(a.LocalStart(), a.LocalEnd())+".")
			http.Redirect(w, r, backTo(r, f), http.StatusSeeOther)
			return
		}
	}
	e, ok := problemOf(err)
	if !ok {
		s.fail(w, r, err)
		return
	}
	s.reschedulePage(w, r, e.Status, f, e)
}

// newStart reads the chosen start: a free time's RFC 3339 value, or a
// datetime-local value in the appointment's own zone.
func (s *Server) newStart(r *http.Request, id int64, f Form) (time.Time, error) {
	if v := f.Get("start"); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return t, apperr.Fields{"local": "That time could not be read. Choose one of the free times."}.Err()
		}
		return t, nil
	}
	a, err := s.Booking.Get(r.Context(), authz.From(r.Context()), id)
	if err != nil {
		return time.Time{}, err
	}
	t, err := time.ParseInLocation(localLayout, f.Get("local"), a.Zone)
	if err != nil {
		return t, apperr.Fields{"local": "Choose a free time above, or give a date and a time."}.Err()
	}
	return t, nil
}
