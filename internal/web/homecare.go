package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/knead/knead/internal/api"
	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/homecare"
)

// homecareRoutes registers the public library, the client's routines, the
// therapist's view of a client's, and the after-care page of a session.
// Health data answers not-found to anyone the service does not allow.
func (s *Server) homecareRoutes(rt *authz.Router) {
	rt.Handle("GET /care", authz.Public, s.showCareLibrary)
	rt.Handle("GET /care/mine", authz.Clients, s.showMyCare)
	rt.Handle("POST /care/mine/{id}/done", authz.Clients, s.careDone)
	rt.Handle("GET /care/{slug}", authz.Public, s.showRoutine)
	rt.Handle("GET /clients/{id}/care", authz.SignedIn, s.showClientCare)
	rt.Handle("POST /clients/{id}/care", authz.SignedIn, s.assignCare)
	rt.Handle("POST /clients/{id}/care/{routine}/remove", authz.SignedIn, s.removeCare)
	rt.Handle("GET /appointments/{id}/aftercare", authz.SignedIn, s.showAftercare)
}

type careLibraryView struct {
	Base
	Routines []homecare.Routine
	Version  string
}

func (s *Server) showCareLibrary(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "care_library", careLibraryView{Base: s.base(r, "Self-care between sessions"),
		Routines: homecare.Library, Version: homecare.LibraryVersion})
}

type routineView struct {
	Base
	Routine homecare.Routine
	Version string
}

func (s *Server) showRoutine(w http.ResponseWriter, r *http.Request) {
	rt, ok := homecare.Find(r.PathValue("slug"))
	if !ok {
		s.fail(w, r, apperr.ErrNotFound)
		return
	}
	s.render(w, r, http.StatusOK, "care_routine", routineView{Base: s.base(r, rt.Title), Routine: rt,
		Version: homecare.LibraryVersion})
}

// myCareView is the client's routines; Done is the routine just ticked.
type myCareView struct {
	Base
	Plan homecare.Plan
	Done *homecare.Item
}

func (s *Server) showMyCare(w http.ResponseWriter, r *http.Request) {
	p, err := s.HomeCare.Mine(r.Context(), api.Access(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := myCareView{Base: s.base(r, "My home care"), Plan: p}
	done, _ := strconv.ParseInt(r.URL.Query().Get("done"), 10, 64)
	for i := range p.Items {
		if p.Items[i].CareAssignment.ID == done {
			v.Done = &p.Items[i]
		}
	}
	s.render(w, r, http.StatusOK, "care_mine", v)
}

// careDone ticks a routine off and goes back to the list (with script,
// htmx swaps the list in place from the page it is sent to).
func (s *Server) careDone(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err == nil {
		_, err = s.HomeCare.Done(r.Context(), api.Access(r), id)
	}
	if e := apperr.From(err); err != nil && len(e.Fields) > 0 {
		s.Sessions.Put(r.Context(), keyFlash, e.Fields["routine"])
		http.Redirect(w, r, "/care/mine", http.StatusSeeOther)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/care/mine?done=%d#routine-%d", id, id), http.StatusSeeOther)
}
