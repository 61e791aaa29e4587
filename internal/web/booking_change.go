package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/authz"
)

func (s *Server) cancelAppointment(w http.ResponseWriter, r *http.Request) {
	id, f, ok := s.idAndForm(w, r)
	if !ok {
		return
	}
	a, err := s.Booking.Cancel(r.Context(), authz.From(r.Context()), id, strings.TrimSpace(f.Get("reason")))
	if err != nil {
		s.refused(w, r, f, id, err)
		return
	}
	s.Sessions.Put(r.Context(), keyFlash, "Cancelled: "+a.ServiceName+", "+when(a.LocalStart(), a.LocalEnd())+".")
	http.Redirect(w, r, backTo(r, f), http.StatusSeeOther)
}

// cancelSeries cancels an occurrence and every later one of its series.
func (s *Server) cancelSeries(w http.ResponseWriter, r *http.Request) {
	id, f, ok := s.idAndForm(w, r)
	if !ok {
		return
	}
	appt, _ := strconv.ParseInt(f.Get("appointment"), 10, 64)
	from, err := time.Parse(time.RFC3339, f.Get("from"))
	if err != nil {
		s.refused(w, r, f, appt, apperr.Fields{"from": "Choose the session from which to cancel."}.Err())
		return
	}
	cancelled, kept, err := s.Booking.CancelSeries(r.Context(), authz.From(r.Context()), id, from, strings.TrimSpace(f.Get("reason")))
	if err != nil {
		s.refused(w, r, f, appt, err)
		return
	}
	msg := fmt.Sprintf("Cancelled %d %s.", len(cancelled), plural(len(cancelled), "session", "sessions"))
	if len(kept) > 0 {
		msg += fmt.Sprintf(" %d %s too close to change here and %s kept: please contact your therapist about %s.",
			len(kept), plural(len(kept), "session is", "sessions are"), plural(len(kept), "was", "were"),
			plural(len(kept), "it", "them"))
	}
	s.Sessions.Put(r.Context(), keyFlash, msg)
	http.Redirect(w, r, backTo(r, f), http.StatusSeeOther)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func (s *Server) markNoShow(w http.ResponseWriter, r *http.Request) {
	id, f, ok := s.idAndForm(w, r)
	if !ok {
		return
	}
	a, err := s.Booking.MarkNoShow(r.Context(), authz.From(r.Context()), id)
	if err != nil {
		s.refused(w, r, f, id, err)
		return
	}
	s.Sessions.Put(r.Context(), keyFlash, a.ClientName+" is marked as a no-show for "+when(a.LocalStart(), a.LocalEnd())+".")
	http.Redirect(w, r, backTo(r, f), http.StatusSeeOther)
}
