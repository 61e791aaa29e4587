package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/knead/knead/internal/api"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/outcome"
	"github.com/knead/knead/internal/tz"
)

// outcomeRoutes: the client's progress and diary, session pain, and the
// therapist's view of their clients (issue 9).
func (s *Server) outcomeRoutes(rt *authz.Router) {
	rt.Handle("GET /progress", authz.Clients, s.showProgress)
	rt.Handle("POST /progress/diary", authz.Clients, s.addDiaryEntry)
	rt.Handle("POST /progress/measures", authz.Clients, s.answerMeasure)
	rt.Handle("POST /progress/instruments", authz.Clients, s.answerInstrument)
	rt.Handle("POST /appointments/{id}/pain", authz.Role(authz.RoleClient, authz.RoleTherapist), s.setSessionPain)
	rt.Handle("GET /clients/{id}/progress", authz.Therapists, s.showClientProgress)
	rt.Handle("GET /dashboard/clients", authz.Therapists, s.showDashboard)
	reporters := authz.Role(authz.RoleTherapist, authz.RoleAdmin)
	rt.Handle("GET /reports/outcomes", reporters, s.showReport)
	rt.Handle("GET /reports/outcomes.csv", reporters, s.downloadReport)
	rt.Handle("POST /reports/outcomes/public", authz.Therapists, s.setPublicSummary)
}

func (s *Server) showProgress(w http.ResponseWriter, r *http.Request) {
	s.progressPage(w, r, http.StatusOK, Form{})
}

// progressPage renders the client's own progress, with f's errors when
// the diary form was refused.
func (s *Server) progressPage(w http.ResponseWriter, r *http.Request, status int, f Form) {
	p, err := s.Outcome.Progress(r.Context(), api.Access(r), authz.From(r.Context()).UserID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := newProgressView(s.base(r, "My progress"), p, true, s.Now())
	v.Form, v.Instruments = f, instrumentsDue(p, f)
	s.render(w, r, status, "progress", v)
}

func (s *Server) showClientProgress(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var p outcome.Progress
	if err == nil {
		p, err = s.Outcome.Progress(r.Context(), api.Access(r), id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := newProgressView(s.base(r, p.ClientName+"’s progress"), p, false, s.Now())
	v.Verdict = verdictLabels[v.Kind] + "." // the client's own page speaks to the client
	s.render(w, r, http.StatusOK, "progress", v)
}

// formInt reads an optional whole number from a form.
func formInt(f Form, name string) *int {
	n, err := strconv.Atoi(strings.TrimSpace(f.Get(name)))
	if err != nil {
		return nil
	}
	return &n
}

func (s *Server) addDiaryEntry(w http.ResponseWriter, r *http.Request) {
	f, err := readForm(r)
	if err == nil {
		_, err = s.Outcome.AddEntry(r.Context(), api.Access(r), outcome.DiaryInput{Now: formInt(f, "now"),
			Average: formInt(f, "average"), Worst: formInt(f, "worst"), Note: f.Get("note"), Date: f.Get("date")})
	}
	if err != nil {
		if f.Values != nil && f.withError(err) {
			s.progressPage(w, r, http.StatusUnprocessableEntity, f)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.Sessions.Put(r.Context(), keyFlash, "Saved to your pain diary.")
	http.Redirect(w, r, "/progress", http.StatusSeeOther)
}

func (s *Server) answerMeasure(w http.ResponseWriter, r *http.Request) {
	f, err := readForm(r)
	if err == nil {
		_, err = s.Outcome.AnswerPGIC(r.Context(), api.Access(r), f.Get("point"), formInt(f, "score"))
	}
	if err != nil {
		if f.Values != nil && f.withError(err) {
			s.progressPage(w, r, http.StatusUnprocessableEntity, f)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.Sessions.Put(r.Context(), keyFlash, "Thank you: your answer is saved.")
	http.Redirect(w, r, "/progress", http.StatusSeeOther)
}

func (s *Server) setSessionPain(w http.ResponseWriter, r *http.Request) {
	id, f, ok := s.idAndForm(w, r)
	if !ok {
		return
	}
	if err := s.Outcome.SetSessionPain(r.Context(), api.Access(r), id, f.Get("when"), formInt(f, "score")); err != nil {
		s.refused(w, r, f, id, err)
		return
	}
	s.Sessions.Put(r.Context(), keyFlash, "Session pain saved.")
	http.Redirect(w, r, backTo(r, f), http.StatusSeeOther)
}

type dashboardView struct {
	Base
	Rows  []dashRow
	Sort  string
	Sorts []sortLink
}

type sortLink struct {
	Key, Label string
	Current    bool
}

func (s *Server) showDashboard(w http.ResponseWriter, r *http.Request) {
	by := r.URL.Query().Get("sort")
	rows, err := s.Outcome.Dashboard(r.Context(), api.Access(r), by)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := dashboardView{Base: s.base(r, "My clients")}
	labels := map[string]string{"attention": "Needs attention", "name": "Name", "change": "Change", "next": "Next session"}
	for i, k := range outcome.Sorts {
		v.Sorts = append(v.Sorts, sortLink{k, labels[k], k == by || by == "" && i == 0})
	}
	zone := tz.Or(authz.From(r.Context()).TimeZone)
	for _, row := range rows {
		v.Rows = append(v.Rows, newDashRow(row, zone))
	}
	s.render(w, r, http.StatusOK, "dashboard_clients", v)
}
