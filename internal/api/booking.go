package api

import (
	"net/http"
	"time"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/booking"
	"github.com/knead/knead/internal/store"
)

type appointmentJSON struct {
	ID          ID     `json:"id"`
	Status      string `json:"status"`
	TherapistID ID     `json:"therapist_id"`
	ClientID    ID     `json:"client_id"`
	ServiceID   ID     `json:"service_id"`
	LocationID  ID     `json:"location_id"`
	SeriesID    *ID    `json:"series_id,omitempty"`
	Start       string `json:"start"`
	End         string `json:"end"`
	LateCancel  bool   `json:"late_cancel,omitempty"`
	EmailOK     *bool  `json:"client_email_verified,omitempty"`
	// Limits is the client's latest screening, for the appointment's
	// therapist on GET /api/v1/appointments/{id}.
	Limits *limitsJSON `json:"client_screening,omitempty"`
}

func appointmentOut(a booking.Appointment, actor *authz.Principal) appointmentJSON {
	out := appointmentJSON{ID: ID(a.ID), Status: a.Status, TherapistID: ID(a.TherapistID), ClientID: ID(a.ClientID),
		ServiceID: ID(a.ServiceID), LocationID: ID(a.LocationID), Start: timeOut(a.Start, a.Zone), End: timeOut(a.End, a.Zone),
		LateCancel: a.LateCancel}
	if a.SeriesID != 0 {
		sid := ID(a.SeriesID)
		out.SeriesID = &sid
	}
	if actor.UserID == a.TherapistID {
		ok := a.ClientVerified
		out.EmailOK = &ok // therapists see "email not verified"
	}
	return out
}

type bookJSON struct {
	TherapistID   ID     `json:"therapist_id"`
	ServiceID     ID     `json:"service_id"`
	ClientID      ID     `json:"client_id"`
	Start         string `json:"start"`
	EveryWeeks    int    `json:"every_weeks"`
	Count         int    `json:"count"`
	Until         string `json:"until"`
	SkipConflicts bool   `json:"skip_conflicts"`
}

func (in bookJSON) booking(f apperr.Fields) booking.BookInput {
	f.Check(in.TherapistID != 0, "therapist_id", "Give the therapist's id.")
	f.Check(in.ServiceID != 0, "service_id", "Give the service's id.")
	return booking.BookInput{TherapistID: int64(in.TherapistID), ServiceID: int64(in.ServiceID), ClientID: int64(in.ClientID),
		Start: instant(f, "start", in.Start)}
}

func (s *Server) createAppointment(w http.ResponseWriter, r *http.Request) {
	var in bookJSON
	if err := decode(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	f := apperr.Fields{}
	b := in.booking(f)
	if err := f.Err(); err != nil {
		s.fail(w, r, err)
		return
	}
	actor := authz.From(r.Context())
	a, err := s.Booking.Book(r.Context(), actor, b)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, appointmentOut(a, actor))
}

func (s *Server) createSeries(w http.ResponseWriter, r *http.Request) {
	var in bookJSON
	if err := decode(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	f := apperr.Fields{}
	si := booking.SeriesInput{BookInput: in.booking(f), EveryWeeks: in.EveryWeeks, Count: in.Count, SkipConflicts: in.SkipConflicts}
	if in.Until != "" {
		d, err := booking.ParseDate(in.Until)
		f.Check(err == nil, "until", "Give until as a date, YYYY-MM-DD.")
		si.Until = &d
	}
	if err := f.Err(); err != nil {
		s.fail(w, r, err)
		return
	}
	actor := authz.From(r.Context())
	series, err := s.Booking.BookSeries(r.Context(), actor, si)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := map[string]any{"id": ID(series.ID), "appointments": []appointmentJSON{}, "skipped": []map[string]string{}}
	apps := out["appointments"].([]appointmentJSON)
	for _, a := range series.Appointments {
		apps = append(apps, appointmentOut(a, actor))
	}
	// Skipped starts are in the location's offset, as the appointments are
	// (a series saved with skips has at least one appointment).
	zone := time.UTC
	if len(series.Appointments) > 0 {
		zone = series.Appointments[0].Zone
	}
	skipped := out["skipped"].([]map[string]string)
	for _, sk := range series.Skipped {
		skipped = append(skipped, map[string]string{"start": timeOut(sk.Start, zone), "reason": sk.Reason})
	}
	out["appointments"], out["skipped"] = apps, skipped
	writeJSON(w, http.StatusCreated, out)
}

func (s *Server) listAppointments(w http.ResponseWriter, r *http.Request) {
	page, err := ParsePage(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q, f := r.URL.Query(), apperr.Fields{}
	filter := store.AppointmentFilter{Limit: page.Fetch()}
	if q.Get("from") != "" {
		filter.From = queryInstant(f, q, "from")
	}
	if q.Get("to") != "" {
		filter.To = queryInstant(f, q, "to")
	}
	if !page.First() {
		if err := page.After(&filter.After.Start, &filter.After.ID); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if err := f.Err(); err != nil {
		s.fail(w, r, err)
		return
	}
	actor := authz.From(r.Context())
	list, err := s.Booking.List(r.Context(), actor, filter)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rows, next := PageOf(page, list, func(a booking.Appointment) []any { return []any{a.Start, a.ID} })
	out := make([]appointmentJSON, len(rows))
	for i, a := range rows {
		out[i] = appointmentOut(a, actor)
	}
	writeJSON(w, http.StatusOK, map[string]any{"appointments": out, "next_cursor": next})
}

func (s *Server) getAppointment(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r.PathValue("id"))
	if err == nil {
		var a booking.Appointment
		if a, err = s.Booking.Get(r.Context(), authz.From(r.Context()), id); err == nil {
			out := appointmentOut(a, authz.From(r.Context()))
			if a.TherapistID == authz.From(r.Context()).UserID {
				out.Limits, err = s.clientLimits(r, a.ClientID)
			}
			if err == nil {
				writeJSON(w, http.StatusOK, out)
				return
			}
		}
	}
	s.fail(w, r, err)
}
