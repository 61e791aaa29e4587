package web

import (
	"net/http"
	"strconv"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/authz"
)

// The set-up page's forms that change or remove what is saved. Each
// location and service has its own form section ("location-7",
// "service-31"), so a refused change shows its messages where it was made.

func (s *Server) editLocation(w http.ResponseWriter, r *http.Request) {
	id, section := setupTarget(r, "location-")
	s.setupPost(w, r, section, func(f Form, p *setupParser) (string, error) {
		l := readLocation(f, p)
		if err := p.err(); err != nil {
			return "", err
		}
		l.ID = id
		l, err := s.Practice.UpdateLocation(r.Context(), authz.From(r.Context()), l)
		return "Location saved: " + l.Name + ".", err
	})
}

func (s *Server) removeLocation(w http.ResponseWriter, r *http.Request) {
	id, section := setupTarget(r, "location-")
	s.setupRemove(w, r, section, "locations", "The location is removed.", func() error {
		return s.Practice.RemoveLocation(r.Context(), authz.From(r.Context()), id)
	})
}

func (s *Server) editService(w http.ResponseWriter, r *http.Request) {
	id, section := setupTarget(r, "service-")
	s.setupPost(w, r, section, func(f Form, p *setupParser) (string, error) {
		v := readService(f, p)
		if err := p.err(); err != nil {
			return "", err
		}
		v.ID = id
		v, err := s.Practice.UpdateService(r.Context(), authz.From(r.Context()), v)
		return "Service saved: " + v.Name + ".", err
	})
}

func (s *Server) removeService(w http.ResponseWriter, r *http.Request) {
	id, section := setupTarget(r, "service-")
	s.setupRemove(w, r, section, "services", "The service is removed.", func() error {
		return s.Practice.RemoveService(r.Context(), authz.From(r.Context()), id)
	})
}

func (s *Server) removeTimeOff(w http.ResponseWriter, r *http.Request) {
	id, _ := setupTarget(r, "")
	s.setupRemove(w, r, "time-off", "time-off", "The time off is removed: clients can book that time again.", func() error {
		return s.Practice.RemoveTimeOff(r.Context(), authz.From(r.Context()), id)
	})
}

func (s *Server) removeExtraHours(w http.ResponseWriter, r *http.Request) {
	id, _ := setupTarget(r, "")
	s.setupRemove(w, r, "extra-hours", "extra-hours", "The extra hours are removed.", func() error {
		return s.Practice.RemoveExtraHours(r.Context(), authz.From(r.Context()), id)
	})
}

// setupTarget reads the {id} of a set-up form's address; a malformed one
// is 0, which no record has, so the service answers not-found.
func setupTarget(r *http.Request, prefix string) (int64, string) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 0 {
		id = 0
	}
	return id, prefix + strconv.FormatInt(id, 10)
}

// setupRemove runs a removal. Done, the page opens at the list it was in;
// refused (sessions still to come), the reason shows at the record's form.
func (s *Server) setupRemove(w http.ResponseWriter, r *http.Request, section, list, flash string, remove func() error) {
	if _, err := readForm(r); err != nil {
		s.fail(w, r, err)
		return
	}
	err := remove()
	if err == nil {
		section = list
	} else if apperr.From(err).Status == http.StatusNotFound {
		section = list // the record is gone: say so at the list
	}
	s.setupDone(w, r, section, Form{}, err, flash)
}
