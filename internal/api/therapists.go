package api

import (
	"net/http"
	"strconv"

	"github.com/knead/knead/internal/apperr"
)

func (s *Server) getTherapist(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := s.Practice.Get(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	locs := make([]locationJSON, len(p.Locations))
	for i, l := range p.Locations {
		locs[i] = locationOut(l)
	}
	svcs := make([]serviceJSON, len(p.Services))
	for i, v := range p.Services {
		svcs[i] = serviceOut(v)
	}
	writeJSON(w, http.StatusOK, struct {
		profileJSON
		Locations []locationJSON `json:"locations"`
		Services  []serviceJSON  `json:"services"`
	}{profileOut(p.Profile), locs, svcs})
}

func (s *Server) getSlots(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q, f := r.URL.Query(), apperr.Fields{}
	serviceID, perr := strconv.ParseInt(q.Get("service_id"), 10, 64)
	f.Check(perr == nil && serviceID > 0, "service_id", "Give the service's id.")
	from, to := queryInstant(f, q, "from"), queryInstant(f, q, "to")
	if err := f.Err(); err != nil {
		s.fail(w, r, err)
		return
	}
	zone, slots, err := s.Booking.Slots(r.Context(), id, serviceID, from, to)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]map[string]string, len(slots))
	for i, sl := range slots {
		out[i] = map[string]string{"start": timeOut(sl.Start, zone), "end": timeOut(sl.End, zone)}
	}
	writeJSON(w, http.StatusOK, map[string]any{"time_zone": zone.String(), "slots": out})
}
