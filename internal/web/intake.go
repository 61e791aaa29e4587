package web

import (
	"errors"
	"net/http"
	"slices"

	"github.com/knead/knead/internal/api"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/intake"
)

// intakeRoutes are the client's multi-step intake (saved after each step,
// resumable) and the therapist's summary of a client's intake.
func (s *Server) intakeRoutes(rt *authz.Router) {
	rt.Handle("GET /intake", authz.Clients, s.resumeIntake)
	rt.Handle("GET /intake/consent", authz.Clients, s.showConsent)
	rt.Handle("POST /intake/consent", authz.Clients, s.submitIntake)
	rt.Handle("GET /intake/{step}", authz.Clients, s.showIntakeStep)
	rt.Handle("POST /intake/{step}", authz.Clients, s.saveIntakeStep)
	rt.Handle("GET /clients/{id}/intake", authz.SignedIn, s.showClientIntake)
}

// myIntake is the client's intake, or an empty one before the first step.
func (s *Server) myIntake(r *http.Request) (intake.Intake, error) {
	in, err := s.API.Intake.Mine(r.Context(), api.Access(r))
	if errors.Is(err, intake.ErrNoIntake) {
		return intake.Intake{}, nil
	}
	return in, err
}

// resumeIntake goes to the first step not done; a submitted intake shows
// its summary, with the way to start a new one.
func (s *Server) resumeIntake(w http.ResponseWriter, r *http.Request) {
	in, err := s.myIntake(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if in.Submitted() {
		s.render(w, r, http.StatusOK, "intake_summary", s.summaryView(r, in, true))
		return
	}
	http.Redirect(w, r, "/intake/"+in.Next(s.API.Intake.Steps()), http.StatusSeeOther)
}

func (s *Server) showIntakeStep(w http.ResponseWriter, r *http.Request) {
	step := r.PathValue("step")
	if step == intake.StepScreening {
		http.Redirect(w, r, "/screening?from=intake", http.StatusSeeOther)
		return
	}
	in, err := s.myIntake(r)
	if err == nil && !slices.Contains(s.API.Intake.Steps(), step) {
		err = errNoStep
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if in.Submitted() {
		in = intake.Intake{} // a new intake starts empty
	}
	s.render(w, r, http.StatusOK, "intake_step", s.stepView(r, step, Form{Values: stepValues(step, in.Data)}))
}

// saveIntakeStep saves the step and goes on to the next one not done; a
// mistake shows the step again with its messages, nothing saved.
func (s *Server) saveIntakeStep(w http.ResponseWriter, r *http.Request) {
	step := r.PathValue("step")
	f, err := readForm(r)
	var in intake.Intake
	if err == nil {
		in, err = s.API.Intake.Save(r.Context(), api.Access(r), step, s.stepInput(step, f))
	}
	if err != nil {
		if !f.withError(err) || len(f.Errors) == 0 {
			s.fail(w, r, err)
			return
		}
		s.render(w, r, http.StatusUnprocessableEntity, "intake_step", s.stepView(r, step, f))
		return
	}
	http.Redirect(w, r, "/intake/"+in.Next(s.API.Intake.Steps()), http.StatusSeeOther)
}

func (s *Server) showConsent(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "intake_consent", s.consentView(r, Form{}))
}

// submitIntake gives the consent and submits; the guidance page follows.
func (s *Server) submitIntake(w http.ResponseWriter, r *http.Request) {
	f, err := readForm(r)
	if err == nil {
		_, err = s.API.Intake.Submit(r.Context(), api.Access(r), intake.SubmitInput{ConsentName: f.Get("consent_name"),
			ConsentVersion: f.Get("consent_version")})
	}
	if err != nil {
		if !f.withError(err) {
			s.fail(w, r, err)
			return
		}
		s.render(w, r, http.StatusUnprocessableEntity, "intake_consent", s.consentView(r, f))
		return
	}
	s.Sessions.Put(r.Context(), keyFlash, "Thank you: your intake is saved. Here is what suits you.")
	http.Redirect(w, r, "/guidance", http.StatusSeeOther)
}

// showClientIntake is a client's intake summary for their therapist (or
// the client), under the care rule; the read is audited.
func (s *Server) showClientIntake(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var in intake.Intake
	if err == nil {
		in, err = s.API.Intake.ForClient(r.Context(), api.Access(r), id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "intake_summary", s.summaryView(r, in, false))
}
