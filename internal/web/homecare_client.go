package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/knead/knead/internal/api"
	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/homecare"
	"github.com/knead/knead/internal/tz"
)

// clientCareView is a therapist's view of a client's home care.
type clientCareView struct {
	Base
	Plan   homecare.Plan
	Action string
	Form   Form // routine, times, per, note
}

func (s *Server) showClientCare(w http.ResponseWriter, r *http.Request) {
	s.clientCarePage(w, r, http.StatusOK, Form{Values: url.Values{"times": {"1"}, "per": {homecare.PerDay}}})
}

func (s *Server) clientCarePage(w http.ResponseWriter, r *http.Request, status int, f Form) {
	id, err := pathID(r)
	var p homecare.Plan
	if err == nil {
		p, err = s.HomeCare.ForClient(r.Context(), api.Access(r), id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "care_client", clientCareView{Base: s.base(r, "Home care for "+p.ClientName), Plan: p,
		Action: fmt.Sprintf("/clients/%d/care", id), Form: f})
}

func (s *Server) assignCare(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	f, ferr := readForm(r)
	if err == nil {
		err = ferr
	}
	if err == nil {
		times, _ := strconv.Atoi(f.Get("times"))
		_, err = s.HomeCare.Assign(r.Context(), api.Access(r), id, homecare.AssignInput{Routine: f.Get("routine"),
			Times: times, Per: f.Get("per"), Note: f.Get("note")})
	}
	if err != nil {
		if apperr.From(err).Status != http.StatusUnprocessableEntity || !f.withError(err) {
			s.fail(w, r, err)
			return
		}
		s.clientCarePage(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	title := f.Get("routine")
	if rt, ok := homecare.Find(title); ok {
		title = rt.Title
	}
	s.Sessions.Put(r.Context(), keyFlash, title+" assigned.")
	http.Redirect(w, r, fmt.Sprintf("/clients/%d/care", id), http.StatusSeeOther)
}

func (s *Server) removeCare(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	routine, rerr := strconv.ParseInt(r.PathValue("routine"), 10, 64)
	if err == nil && rerr != nil {
		err = apperr.ErrNotFound
	}
	if err == nil {
		_, err = s.HomeCare.Remove(r.Context(), api.Access(r), id, routine)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.Sessions.Put(r.Context(), keyFlash, "Routine removed.")
	http.Redirect(w, r, fmt.Sprintf("/clients/%d/care", id), http.StatusSeeOther)
}

type aftercareView struct {
	Base
	A         homecare.Aftercare
	When      string
	Checklist []homecare.Tip
}

func (s *Server) showAftercare(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var a homecare.Aftercare
	if err == nil {
		a, err = s.HomeCare.Aftercare(r.Context(), api.Access(r), id, tz.Or(authz.From(r.Context()).TimeZone))
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "aftercare", aftercareView{Base: s.base(r, "After your massage"), A: a,
		When: a.Start.Format("Monday 2 January 2006, 15:04"), Checklist: homecare.Checklist})
}
