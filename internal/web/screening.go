package web

import (
	"net/http"
	"strconv"

	"github.com/knead/knead/internal/api"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/intake"
	"github.com/knead/knead/internal/screening"
)

// screeningRoutes are the client's safety screening pages (issue 7): the
// questions, the result with what to do, and the clinician's-review form.
func (s *Server) screeningRoutes(rt *authz.Router) {
	rt.Handle("GET /screening", authz.Clients, s.showScreening)
	rt.Handle("POST /screening", authz.Clients, s.takeScreening)
	rt.Handle("GET /screening/{id}", authz.Clients, s.showScreeningResult)
	rt.Handle("POST /screening/{id}/clearance", authz.Clients, s.clearScreening)
	rt.Handle("GET /guidance", authz.Clients, s.showGuidance)
}

func (s *Server) showScreening(w http.ResponseWriter, r *http.Request) {
	f := Form{Values: r.URL.Query()}
	s.render(w, r, http.StatusOK, "screening", s.screeningForm(r, f))
}

// takeScreening stores the answers and shows what they mean; a question
// left unanswered is never read as "no": the form comes back naming it.
func (s *Server) takeScreening(w http.ResponseWriter, r *http.Request) {
	f, err := readForm(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.API.Screening.Take(r.Context(), api.Access(r), screeningInput(f))
	if err != nil {
		if !f.withError(err) {
			s.fail(w, r, err)
			return
		}
		s.render(w, r, http.StatusUnprocessableEntity, "screening", s.screeningForm(r, f))
		return
	}
	to := "/screening/" + strconv.FormatInt(v.ID, 10)
	if f.Get("from") == "intake" { // the intake's screening step links it
		if _, err := s.API.Intake.Save(r.Context(), api.Access(r), intake.StepScreening, intake.StepInput{ScreeningID: v.ID}); err != nil {
			s.fail(w, r, err)
			return
		}
		to += "?from=intake"
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

func (s *Server) showScreeningResult(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var v screening.View
	if err == nil {
		v, err = s.API.Screening.Get(r.Context(), api.Access(r), id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	view, err := s.resultView(r, v, Form{})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "screening_result", view)
}

// clearScreening records the client's attestation that a clinician
// reviewed this episode; a mistake shows the result page again with the
// form's messages.
func (s *Server) clearScreening(w http.ResponseWriter, r *http.Request) {
	id, f, ok := s.idAndForm(w, r)
	if !ok {
		return
	}
	_, err := s.API.Screening.Clear(r.Context(), api.Access(r), id, screening.ClearanceInput{Clinician: f.Get("clinician"),
		SeenOn: f.Get("seen_on"), Note: f.Get("note")})
	if err == nil {
		s.Sessions.Put(r.Context(), keyFlash, "Thank you: the clinician’s review is recorded, and your therapist will see it.")
		http.Redirect(w, r, "/screening/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
		return
	}
	v, gerr := s.API.Screening.Get(r.Context(), api.Access(r), id)
	if gerr != nil || !f.withError(err) {
		s.fail(w, r, err)
		return
	}
	view, err := s.resultView(r, v, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusUnprocessableEntity, "screening_result", view)
}
