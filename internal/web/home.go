package web

import (
	"net/http"

	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/therapist"
)

type homeView struct {
	Base
	Therapists     []therapist.Card
	TherapistCount int
}

// homeCards is how many therapists the home page shows until the directory
// exists.
const homeCards = 12

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	cards, err := store.TherapistCards(r.Context(), s.DB.R(), s.bookability(), s.Now(), homeCards)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	count, err := store.CountTherapists(r.Context(), s.DB.R())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "home", homeView{Base: s.base(r, "Massage therapy for back pain"),
		Therapists: cards, TherapistCount: count})
}
