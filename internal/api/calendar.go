package api

import (
	"context"
	"fmt"
	"net/http"

	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/calendar"
)

// getAppointmentICS answers an appointment as a calendar file, under the
// same rule as getAppointment: someone else's is not-found.
func (s *Server) getAppointmentICS(w http.ResponseWriter, r *http.Request) {
	s.calendarFile(w, r, "appointment", s.Calendar.AppointmentFile)
}

// getSeriesICS answers a series as one repeating event.
func (s *Server) getSeriesICS(w http.ResponseWriter, r *http.Request) {
	s.calendarFile(w, r, "series", s.Calendar.SeriesFile)
}

func (s *Server) calendarFile(w http.ResponseWriter, r *http.Request, what string,
	file func(context.Context, *authz.Principal, int64) ([]byte, error)) {
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	b, err := file(r.Context(), authz.From(r.Context()), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	WriteCalendar(w, fmt.Sprintf("%s-%d.ics", what, id), b)
}

// WriteCalendar answers with a calendar file to save as name.
func WriteCalendar(w http.ResponseWriter, name string, b []byte) {
	w.Header().Set("Content-Type", calendar.ContentType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	setHeaders(w.Header(), http.StatusOK)
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b)
}

// createCalendarFeed makes a new secret feed URL; the previous one stops
// working.
func (s *Server) createCalendarFeed(w http.ResponseWriter, r *http.Request) {
	url, err := s.Calendar.NewFeed(r.Context(), authz.From(r.Context()))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]string{"url": url})
}

// deleteCalendarFeed turns the caller's feed off.
func (s *Server) deleteCalendarFeed(w http.ResponseWriter, r *http.Request) {
	if err := s.Calendar.RevokeFeed(r.Context(), authz.From(r.Context())); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
