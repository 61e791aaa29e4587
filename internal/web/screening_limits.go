package web

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/knead/knead/internal/api"
	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/therapist"
)

// limitsView is what the therapist sees of a client's latest screening on
// an appointment: the tier, the limits, the flags as cautions and the
// clinician's review the client attested.
type limitsView struct {
	Tier        string
	Blocks      bool
	Excluded    []string // in words
	MaxPressure int
	Cautions    []string
	Clearance   string
}

// limitsFor reads clientID's latest screening for the signed-in therapist,
// once per client per page (cache), each read audited. nil when there is
// none or the therapist may not read it (audit.MayRead).
func (s *Server) limitsFor(r *http.Request, clientID int64, cache map[int64]*limitsView) (*limitsView, error) {
	if l, ok := cache[clientID]; ok {
		return l, nil
	}
	v, err := s.API.Screening.LatestFor(r.Context(), api.Access(r), clientID)
	if errors.Is(err, apperr.ErrNotFound) {
		cache[clientID] = nil
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	l := &limitsView{Tier: v.Result.Tier.String(), Blocks: v.Verdict.Blocks, MaxPressure: v.Result.MaxPressure}
	for _, t := range v.Result.ExcludedTechniques {
		l.Excluded = append(l.Excluded, therapist.TechniqueNames[t])
	}
	for _, c := range v.Cautions() {
		l.Cautions = append(l.Cautions, c.Text)
	}
	if c := v.Clearance; c != nil {
		l.Clearance = fmt.Sprintf("%s reviewed this episode on %s (the client attested it on %s).", c.Clinician, c.SeenOn,
			c.AttestedAt.UTC().Format("2 January 2006"))
	}
	cache[clientID] = l
	return l, nil
}
