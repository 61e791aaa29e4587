package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/booking"
	"github.com/knead/knead/internal/practice"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/tz"
)

// calendarView is a therapist's day or week in their first location's zone.
// Each appointment sits on its own location's local date at its local time,
// with that zone named when it is another.
type calendarView struct {
	Base
	View, Date        string // "day" or "week"; the date asked for
	Heading, Zone     string
	Days              []calDay
	Prev, Next, Today string
	DayHref, WeekHref string
	Self              string // this page, for forms' next
	Count             int
	ProfileHref       string
	HasPractice       bool
	Services          []serviceView
	Book              Form // client, service_id, start
	BookAlternatives  []choiceView
	Error             string
}

type calDay struct {
	Date, Label, Short, Href string
	Today                    bool
	Items                    []apptRow
}

// calendarExtra is what a refused change or booking adds to the calendar.
type calendarExtra struct {
	ErrID        int64
	Error        string
	Book         Form
	Alternatives []choiceView
}

func (s *Server) showCalendar(w http.ResponseWriter, r *http.Request) {
	s.calendarPage(w, r, http.StatusOK, r.URL.Query(), calendarExtra{})
}

func (s *Server) calendarPage(w http.ResponseWriter, r *http.Request, status int, q url.Values, x calendarExtra) {
	actor, now := authz.From(r.Context()), s.Now()
	p, err := s.Practice.Get(r.Context(), actor.UserID)
	if err != nil && !errors.Is(err, apperr.ErrNotFound) {
		s.fail(w, r, err)
		return
	}
	zone := tz.Or(actor.TimeZone)
	if len(p.Locations) > 0 {
		zone = tz.Or(p.Locations[0].TimeZone)
	}
	today := booking.DateOf(now.In(zone))
	view, date := q.Get("view"), today
	if view != "day" {
		view = "week"
	}
	if d, err := booking.ParseDate(q.Get("date")); err == nil {
		date = d
	}
	first, days := date, 1
	if view == "week" {
		first, days = date.AddDays(-(int(date.Weekday())+6)%7), 7
	}
	// A day longer on each side: a location in another zone may have
	// sessions on these local dates outside them in the calendar's zone.
	list, err := s.Booking.List(r.Context(), actor, store.AppointmentFilter{From: midnight(first.AddDays(-1), zone),
		To: midnight(first.AddDays(days+1), zone)})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	href := func(view string, d booking.Date) string {
		return fmt.Sprintf("/therapist/calendar?view=%s&date=%s", view, d)
	}
	v := calendarView{Base: s.base(r, "Calendar"), View: view, Date: date.String(), Zone: zoneName(now.In(zone)),
		Prev: href(view, date.AddDays(-days)), Next: href(view, date.AddDays(days)), Today: href(view, today),
		DayHref: href("day", date), WeekHref: href("week", date), Self: href(view, date),
		ProfileHref: fmt.Sprintf("/therapists/%d", actor.UserID), HasPractice: len(p.Services) > 0,
		Book: x.Book, BookAlternatives: x.Alternatives, Error: x.Error}
	v.Heading = calendarHeading(view, midnight(first, zone), midnight(first.AddDays(days-1), zone))
	for i := range days {
		d := first.AddDays(i)
		m := midnight(d, zone)
		v.Days = append(v.Days, calDay{Date: d.String(), Label: m.Format("Monday 2 January"), Short: m.Format("Mon 2 Jan"),
			Href: href("day", d), Today: d == today})
	}
	v.Count = 0
	limits := map[int64]*limitsView{}
	for _, a := range list {
		row := newApptRow(a, now)
		row.Next, row.ShowZone = v.Self, a.Zone.String() != zone.String()
		if a.ID == x.ErrID {
			row.Error = x.Error
		}
		i := daysBetween(first, booking.DateOf(a.LocalStart()))
		if i >= 0 && i < days && a.Status != booking.StatusCancelled {
			if row.Limits, err = s.limitsFor(r, a.ClientID, limits); err != nil {
				s.fail(w, r, err)
				return
			}
		}
		if i >= 0 && i < days {
			v.Days[i].Items = append(v.Days[i].Items, row)
			v.Count++
		}
	}
	v.Services = bookableServices(p)
	if v.Book.Values == nil {
		v.Book = Form{Values: url.Values{"start": {now.In(zone).Add(24*time.Hour).Format("2006-01-02T") + "10:00"}}}
	}
	s.render(w, r, status, "calendar", v)
}

func calendarHeading(view string, first, last time.Time) string {
	if view == "day" {
		return first.Format("Monday 2 January 2006")
	}
	return dateRange(first, last)
}

func bookableServices(p practice.Practice) []serviceView {
	out := make([]serviceView, 0, len(p.Services))
	for _, svc := range p.Services {
		out = append(out, newServiceView(svc, p.Locations))
	}
	return out
}
