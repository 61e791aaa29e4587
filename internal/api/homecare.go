package api

import (
	"net/http"
	"time"

	"github.com/knead/knead/internal/homecare"
	"github.com/knead/knead/internal/triage"
)

type exclusionJSON struct {
	Rules  []triage.ID `json:"rules"`
	Reason string      `json:"reason"`
}

type careRoutineJSON struct {
	ID         ID             `json:"id"`
	Routine    string         `json:"routine"`
	Title      string         `json:"title"`
	URL        string         `json:"url"`
	Times      int            `json:"times"`
	Per        string         `json:"per"`
	Note       string         `json:"note"`
	AssignedAt string         `json:"assigned_at"`
	AssignedBy ID             `json:"assigned_by"`
	DoneToday  int            `json:"done_today"`
	DueToday   int            `json:"due_today"`
	Excluded   *exclusionJSON `json:"excluded"`
}

type adherenceJSON struct {
	Done    int  `json:"done"`
	Due     int  `json:"due"`
	Percent *int `json:"percent"`
}

type careOfferJSON struct {
	Routine  string         `json:"routine"`
	Title    string         `json:"title"`
	Assigned bool           `json:"assigned"`
	Excluded *exclusionJSON `json:"excluded"`
}

type carePlanJSON struct {
	ClientID  ID                       `json:"client_id"`
	TimeZone  string                   `json:"time_zone"`
	Routines  []careRoutineJSON        `json:"routines"`
	Adherence map[string]adherenceJSON `json:"adherence"`
	Offered   []careOfferJSON          `json:"offered,omitempty"`
}

func exclusionOut(e *homecare.Exclusion) *exclusionJSON {
	if e == nil {
		return nil
	}
	rules := e.Rules
	if rules == nil {
		rules = []triage.ID{}
	}
	return &exclusionJSON{Rules: rules, Reason: e.Reason}
}

func adherenceOut(a homecare.Adherence) adherenceJSON {
	out := adherenceJSON{Done: a.Done, Due: a.Due}
	if p := a.Percent(); p >= 0 {
		out.Percent = &p
	}
	return out
}

func routineOut(it homecare.Item) careRoutineJSON {
	return careRoutineJSON{ID: ID(it.CareAssignment.ID), Routine: it.Slug, Title: it.Title, URL: "/care/" + it.Slug,
		Times: it.Times, Per: it.Per, Note: it.Note, AssignedAt: it.AssignedAt.UTC().Format(time.RFC3339),
		AssignedBy: ID(it.TherapistID), DoneToday: it.DoneToday, DueToday: it.DueToday, Excluded: exclusionOut(it.Excluded)}
}

// planOut writes a plan; offers are the therapist's view only.
func planOut(p homecare.Plan, offers bool) carePlanJSON {
	out := carePlanJSON{ClientID: ID(p.ClientID), TimeZone: p.Zone.String(), Routines: []careRoutineJSON{},
		Adherence: map[string]adherenceJSON{"last_7_days": adherenceOut(p.Week), "last_28_days": adherenceOut(p.Month)}}
	for _, it := range p.Items {
		out.Routines = append(out.Routines, routineOut(it))
	}
	if offers {
		out.Offered = []careOfferJSON{}
		for _, o := range p.Offers {
			out.Offered = append(out.Offered, careOfferJSON{Routine: o.Slug, Title: o.Title, Assigned: o.Assigned,
				Excluded: exclusionOut(o.Excluded)})
		}
	}
	return out
}

func (s *Server) myCare(w http.ResponseWriter, r *http.Request) {
	p, err := s.HomeCare.Mine(r.Context(), Access(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, planOut(p, false))
}

func (s *Server) careDone(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r.PathValue("id"))
	var p homecare.Plan
	if err == nil {
		p, err = s.HomeCare.Done(r.Context(), Access(r), id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, planOut(p, false))
}

func (s *Server) clientCare(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r.PathValue("id"))
	var p homecare.Plan
	if err == nil {
		p, err = s.HomeCare.ForClient(r.Context(), Access(r), id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, planOut(p, true))
}

func (s *Server) assignCare(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Routine string `json:"routine"`
		Times   int    `json:"times"`
		Per     string `json:"per"`
		Note    string `json:"note"`
	}
	id, err := pathID(r.PathValue("id"))
	if err == nil {
		err = decode(r, &in)
	}
	var p homecare.Plan
	if err == nil {
		p, err = s.HomeCare.Assign(r.Context(), Access(r), id, homecare.AssignInput{Routine: in.Routine, Times: in.Times,
			Per: in.Per, Note: in.Note})
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, planOut(p, true))
}

func (s *Server) removeCare(w http.ResponseWriter, r *http.Request) {
	client, err := pathID(r.PathValue("id"))
	var routine int64
	if err == nil {
		routine, err = pathID(r.PathValue("routine"))
	}
	if err == nil {
		_, err = s.HomeCare.Remove(r.Context(), Access(r), client, routine)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
