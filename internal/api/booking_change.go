package api

import (
	"net/http"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/booking"
)

// change runs one change to an appointment named in the path and answers
// with the appointment.
func (s *Server) change(w http.ResponseWriter, r *http.Request, body any, do func(id int64) (booking.Appointment, error)) {
	id, err := pathID(r.PathValue("id"))
	if err == nil && body != nil {
		err = decode(r, body)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a, err := do(id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, appointmentOut(a, authz.From(r.Context())))
}

func (s *Server) cancelAppointment(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Reason string `json:"reason"`
	}
	s.change(w, r, &in, func(id int64) (booking.Appointment, error) {
		if len(in.Reason) > 500 {
			return booking.Appointment{}, apperr.Fields{"reason": "Use at most 500 characters."}.Err()
		}
		return s.Booking.Cancel(r.Context(), authz.From(r.Context()), id, in.Reason)
	})
}

func (s *Server) rescheduleAppointment(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Start string `json:"start"`
	}
	s.change(w, r, &in, func(id int64) (booking.Appointment, error) {
		f := apperr.Fields{}
		start := instant(f, "start", in.Start)
		if err := f.Err(); err != nil {
			return booking.Appointment{}, err
		}
		return s.Booking.Reschedule(r.Context(), authz.From(r.Context()), id, start)
	})
}

func (s *Server) markNoShow(w http.ResponseWriter, r *http.Request) {
	s.change(w, r, nil, func(id int64) (booking.Appointment, error) {
		return s.Booking.MarkNoShow(r.Context(), authz.From(r.Context()), id)
	})
}

func (s *Server) cancelSeries(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r.PathValue("id"))
	var in struct {
		From   string `json:"from"`
		Reason string `json:"reason"`
	}
	if err == nil {
		err = decode(r, &in)
	}
	f := apperr.Fields{}
	from := instant(f, "from", in.From)
	if err == nil {
		err = f.Err()
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cancelled, kept, err := s.Booking.CancelSeries(r.Context(), authz.From(r.Context()), id, from, in.Reason)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ids := func(xs []int64) []ID {
		out := make([]ID, len(xs))
		for i, x := range xs {
			out[i] = ID(x)
		}
		return out
	}
	writeJSON(w, http.StatusOK, map[string]any{"cancelled": ids(cancelled), "kept": ids(kept)})
}
