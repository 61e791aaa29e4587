package api

import (
	"errors"
	"net/http"
	"time"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/screening"
	"github.com/knead/knead/internal/triage"
)

// limitsJSON is what the therapist sees of the client's latest screening
// on an appointment: the tier, the limits, the flags as cautions and the
// clinician's review the client attested.
type limitsJSON struct {
	ScreeningID        ID             `json:"screening_id"`
	TakenAt            string         `json:"taken_at"`
	Tier               string         `json:"tier"`
	BlocksBooking      bool           `json:"blocks_booking"`
	ExcludedTechniques []string       `json:"excluded_techniques"`
	MaxPressure        int            `json:"max_pressure"`
	Cautions           []cautionJSON  `json:"cautions"`
	Clearance          *clearanceJSON `json:"clearance"`
}

type cautionJSON struct {
	ID   triage.ID `json:"id"`
	Text string    `json:"text"`
}

func cautionsOut(v screening.View) []cautionJSON {
	out := []cautionJSON{}
	for _, c := range v.Cautions() {
		out = append(out, cautionJSON{c.ID, c.Text})
	}
	return out
}

func limitsOut(v screening.View) *limitsJSON {
	sc := screeningOut(v)
	return &limitsJSON{ScreeningID: sc.ID, TakenAt: v.TakenAt.UTC().Format(time.RFC3339), Tier: sc.Tier,
		BlocksBooking: sc.BlocksBooking, ExcludedTechniques: sc.ExcludedTechniques, MaxPressure: sc.MaxPressure,
		Cautions: cautionsOut(v), Clearance: sc.Clearance}
}

// clientLimits reads the client's latest screening for the caller, an
// audited read; nil when there is none or the caller may not read it.
func (s *Server) clientLimits(r *http.Request, clientID int64) (*limitsJSON, error) {
	v, err := s.Screening.LatestFor(r.Context(), Access(r), clientID)
	if errors.Is(err, apperr.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return limitsOut(v), nil
}

// clientScreening is GET /api/v1/clients/{id}/screenings/latest: for a
// therapist in care with the client (audit.MayRead), audited; not found
// for anyone else.
func (s *Server) clientScreening(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r.PathValue("id"))
	var v screening.View
	if err == nil {
		v, err = s.Screening.LatestFor(r.Context(), Access(r), id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := screeningOut(v)
	out.Cautions = cautionsOut(v)
	writeJSON(w, http.StatusOK, out)
}
