package web

import (
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/therapist"
)

// gateView is what a signed-in client's safety screening means on their
// search and booking pages (API.md "Safety screening"): an emergency shows
// its advice instead of search and booking; no valid screening, or one that
// blocks, shows why instead of booking; excluded techniques are not offered.
type gateView struct {
	Emergency bool
	Required  bool // no screening at most 90 days old
	Blocked   bool
	Message   string
	Excluded  []string
}

// Stops says whether the client cannot book anything now.
func (g *gateView) Stops() bool { return g != nil && (g.Emergency || g.Required || g.Blocked) }

// Allows says whether a service of technique is offered.
func (g *gateView) Allows(technique string) bool {
	return g == nil || !slices.Contains(g.Excluded, technique)
}

// ExcludedNames are the excluded techniques in words.
func (g *gateView) ExcludedNames() []string {
	var out []string
	for _, t := range g.Excluded {
		out = append(out, therapist.TechniqueNames[t])
	}
	return out
}

// For is the notice for booking a service of technique: the gate itself
// when nothing can be booked, a refusal when the technique is excluded,
// nil when it may be booked.
func (g *gateView) For(technique string) *gateView {
	switch {
	case g.Stops():
		return g
	case !g.Allows(technique):
		return &gateView{Message: "Your safety screening advises against " + strings.ToLower(therapist.TechniqueNames[technique]) +
			". Please choose another service."}
	}
	return nil
}

// clientGate reads the signed-in client's screening standing; nil for
// anyone else.
func (s *Server) clientGate(r *http.Request) (*gateView, error) {
	p := authz.From(r.Context())
	if p == nil || p.Role != authz.RoleClient {
		return nil, nil
	}
	st, err := s.API.Screening.Standing(r.Context(), p.UserID)
	if err != nil {
		return nil, err
	}
	v := st.Verdict
	g := &gateView{Excluded: st.Excluded, Message: v.Reason, Emergency: v.Blocks && v.Emergency}
	g.Required = v.Blocks && !g.Emergency && v.Problem == apperr.ErrScreeningRequired.Problem
	g.Blocked = v.Blocks && !g.Emergency && !g.Required
	return g, nil
}

// gateOf turns a booking refused by the screening into the same notice,
// so the page links to the screening; ok is false for other errors.
func gateOf(err error) (*gateView, bool) {
	e, ok := errors.AsType[*apperr.Error](err)
	if !ok {
		return nil, false
	}
	switch {
	case errors.Is(e, apperr.ErrScreeningRequired):
		return &gateView{Required: true, Message: e.Detail}, true
	case errors.Is(e, apperr.ErrBookingBlocked):
		return &gateView{Blocked: true, Message: e.Detail}, true
	case errors.Is(e, apperr.ErrTechniqueExcluded):
		return &gateView{Message: e.Detail}, true
	}
	return nil, false
}
