package api

import (
	"net/http"
	"time"

	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/booking"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/tz"
	"github.com/knead/knead/internal/waitlist"
)

type offerJSON struct {
	ID        ID     `json:"id"`
	Start     string `json:"start"`
	End       string `json:"end"`
	ExpiresAt string `json:"expires_at"`
	Weekly    bool   `json:"weekly"`
}

type entryJSON struct {
	ID          ID         `json:"id"`
	TherapistID ID         `json:"therapist_id"`
	ServiceID   ID         `json:"service_id"`
	From        string     `json:"from"`
	To          string     `json:"to"`
	TimeWindow  string     `json:"time_window"`
	Status      string     `json:"status"`
	Weekly      bool       `json:"weekly"`
	Offer       *offerJSON `json:"offer"`
}

func entryOut(e store.WaitlistEntry) entryJSON {
	out := entryJSON{ID: ID(e.ID), TherapistID: ID(e.TherapistID), ServiceID: ID(e.ServiceID), From: e.FromDay, To: e.ToDay,
		TimeWindow: waitlist.Window(e), Status: e.Status, Weekly: e.Weekly}
	if o := e.Offer; o != nil {
		zone := tz.Or(e.TimeZone)
		out.Offer = &offerJSON{ID: ID(o.ID), Start: timeOut(o.Start, zone), End: timeOut(o.End, zone),
			ExpiresAt: o.ExpiresAt.UTC().Format(time.RFC3339), Weekly: o.SeriesID != 0}
	}
	return out
}

func (s *Server) joinWaitlist(w http.ResponseWriter, r *http.Request) {
	var in struct {
		TherapistID ID     `json:"therapist_id"`
		ServiceID   ID     `json:"service_id"`
		From        string `json:"from"`
		To          string `json:"to"`
		TimeWindow  string `json:"time_window"`
		Weekly      bool   `json:"weekly"`
	}
	if err := decode(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	e, err := s.Waitlist.Join(r.Context(), authz.From(r.Context()), waitlist.JoinInput{TherapistID: int64(in.TherapistID),
		ServiceID: int64(in.ServiceID), From: in.From, To: in.To, TimeWindow: in.TimeWindow, Weekly: in.Weekly})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, entryOut(e))
}

func (s *Server) listWaitlist(w http.ResponseWriter, r *http.Request) {
	entries, err := s.Waitlist.List(r.Context(), authz.From(r.Context()))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]entryJSON, len(entries))
	for i, e := range entries {
		out[i] = entryOut(e)
	}
	writeJSON(w, http.StatusOK, map[string]any{"entries": out})
}

func (s *Server) acceptOffer(w http.ResponseWriter, r *http.Request) {
	actor := authz.From(r.Context())
	id, err := pathID(r.PathValue("id"))
	var a booking.Appointment
	if err == nil {
		a, err = s.Waitlist.Accept(r.Context(), actor, id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, appointmentOut(a, actor))
}

func (s *Server) declineOffer(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r.PathValue("id"))
	if err == nil {
		err = s.Waitlist.Decline(r.Context(), authz.From(r.Context()), id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "declined"})
}

func (s *Server) leaveWaitlist(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r.PathValue("id"))
	if err == nil {
		err = s.Waitlist.Leave(r.Context(), authz.From(r.Context()), id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
