package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/knead/knead/internal/api"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/booking"
	"github.com/knead/knead/internal/calendar"
	"github.com/knead/knead/internal/tz"
)

// calendarRoutes registers the "Add to calendar" files, the feed URL and
// the account forms that make and end it.
func (s *Server) calendarRoutes(rt *authz.Router) {
	people := authz.Role(authz.RoleClient, authz.RoleTherapist)
	rt.Handle("GET /appointments/{id}/ics", people, s.appointmentFile)
	rt.Handle("GET /series/{id}/ics", people, s.seriesFile)
	rt.Handle("GET "+booking.FeedPath+"{file}", authz.Public, s.calendarFeed)
	rt.Handle("POST /account/calendar-feed", people, s.createCalendarFeed)
	rt.Handle("POST /account/calendar-feed/delete", people, s.deleteCalendarFeed)
}

func (s *Server) appointmentFile(w http.ResponseWriter, r *http.Request) {
	s.calendarFile(w, r, "appointment", s.Calendar.AppointmentFile)
}

func (s *Server) seriesFile(w http.ResponseWriter, r *http.Request) {
	s.calendarFile(w, r, "series", s.Calendar.SeriesFile)
}

func (s *Server) calendarFile(w http.ResponseWriter, r *http.Request, what string,
	file func(context.Context, *authz.Principal, int64) ([]byte, error)) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	b, err := file(r.Context(), authz.From(r.Context()), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	api.WriteCalendar(w, fmt.Sprintf("%s-%d.ics", what, id), b)
}

// calendarFeed serves a feed URL to calendar programs: no session, the
// secret in the path is the credential. Answers are not cached anywhere,
// so a revoked URL stops at once.
func (s *Server) calendarFeed(w http.ResponseWriter, r *http.Request) {
	token, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
	if !ok {
		s.notFound(w, r)
		return
	}
	b, err := s.Calendar.Feed(r.Context(), token)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", calendar.ContentType)
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("X-Robots-Tag", "noindex")
	_, _ = w.Write(b)
}

// feedView is the account page's calendar feed section.
type feedView struct {
	Offered bool   // clients and therapists have one
	Since   string // when the current URL was made; empty when there is none
	URL     string // a URL just made: shown this once
}

// feedSection reads the state of the person's feed for the account page.
func (s *Server) feedSection(ctx context.Context, p *authz.Principal, url string) (feedView, error) {
	if p.Role != authz.RoleClient && p.Role != authz.RoleTherapist {
		return feedView{}, nil
	}
	at, ok, err := s.Calendar.FeedCreated(ctx, p)
	v := feedView{Offered: true, URL: url}
	if ok {
		v.Since = at.In(tz.Or(p.TimeZone)).Format("2 January 2006, 15:04")
	}
	return v, err
}

// createCalendarFeed makes a new feed URL and shows it on the account
// page; it is not stored anywhere it could be shown again.
func (s *Server) createCalendarFeed(w http.ResponseWriter, r *http.Request) {
	url, err := s.Calendar.NewFeed(r.Context(), authz.From(r.Context()))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	s.accountPage(w, r, http.StatusOK, accountView{FeedURL: url})
}

func (s *Server) deleteCalendarFeed(w http.ResponseWriter, r *http.Request) {
	if err := s.Calendar.RevokeFeed(r.Context(), authz.From(r.Context())); err != nil {
		s.fail(w, r, err)
		return
	}
	s.Sessions.Put(r.Context(), keyFlash, "Your calendar feed is off: its address no longer works.")
	http.Redirect(w, r, "/account#calendar-feed", http.StatusSeeOther)
}
