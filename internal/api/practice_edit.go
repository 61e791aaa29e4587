package api

import (
	"context"
	"net/http"

	"github.com/knead/knead/internal/authz"
)

// Changing and removing a therapist's set-up.

func (s *Server) putLocation(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r.PathValue("id"))
	var in locationIn
	if err == nil {
		err = decode(r, &in)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	l, err := s.Practice.UpdateLocation(r.Context(), authz.From(r.Context()), in.location(id))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, locationOut(l))
}

func (s *Server) putService(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r.PathValue("id"))
	var in serviceIn
	if err == nil {
		err = decode(r, &in)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.Practice.UpdateService(r.Context(), authz.From(r.Context()), in.service(id))
	if err != nil {
		s.fail(w, r, alsoMissing(err, "location_id", in.LocationID == 0, "Give one of your locations' ids."))
		return
	}
	writeJSON(w, http.StatusOK, serviceOut(v))
}

func (s *Server) listExtraHours(w http.ResponseWriter, r *http.Request) {
	rows, err := s.Practice.ExtraHours(r.Context(), authz.From(r.Context()))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]extraHoursJSON, len(rows))
	for i, row := range rows {
		out[i] = extraHoursOut(row)
	}
	writeJSON(w, http.StatusOK, map[string]any{"extra_hours": out})
}

func (s *Server) listTimeOff(w http.ResponseWriter, r *http.Request) {
	rows, err := s.Practice.TimeOff(r.Context(), authz.From(r.Context()))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]map[string]any, len(rows))
	for i, t := range rows {
		out[i] = timeOffOut(t)
	}
	writeJSON(w, http.StatusOK, map[string]any{"time_off": out})
}

// remove answers a DELETE of one of the therapist's records with 204.
func (s *Server) remove(fn func(context.Context, *authz.Principal, int64) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := pathID(r.PathValue("id"))
		if err == nil {
			err = fn(r.Context(), authz.From(r.Context()), id)
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}
}
