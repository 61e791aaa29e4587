package api

import (
	"net/http"

	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/practice"
	"github.com/knead/knead/internal/therapist"
)

type profileJSON struct {
	ID            ID         `json:"id"`
	Name          string     `json:"name"`
	Bio           string     `json:"bio"`
	Languages     []string   `json:"languages"`
	Gender        string     `json:"gender,omitempty"`
	BackPainFocus []string   `json:"back_pain_focus"`
	PressureRange [2]int     `json:"pressure_range"`
	YearsBackPain int        `json:"years_back_pain"`
	Access        []string   `json:"accessibility"`
	AccessNote    string     `json:"accessibility_note"`
	FirstSession  string     `json:"first_session"`
	Photo         *photoJSON `json:"photo"`
}

func profileOut(p therapist.Profile) profileJSON {
	return profileJSON{ID: ID(p.ID), Name: p.Name, Bio: p.Bio, Languages: nonNil(p.Languages), Gender: p.Gender,
		BackPainFocus: nonNil(p.Focus), PressureRange: [2]int{p.PressureMin, p.PressureMax}, YearsBackPain: p.YearsBackPain,
		Access: nonNil(p.Access), AccessNote: p.AccessNote, FirstSession: p.FirstSession, Photo: photoOut(p.ID, p.Photo)}
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

// profileIn is what PUT /me/profile reads; id and name are not the
// profile's to change.
type profileIn struct {
	Bio           string    `json:"bio"`
	Languages     []string  `json:"languages"`
	Gender        string    `json:"gender"`
	BackPainFocus []string  `json:"back_pain_focus"`
	PressureRange []int     `json:"pressure_range"`
	YearsBackPain int       `json:"years_back_pain"`
	Access        *[]string `json:"accessibility"`
	AccessNote    *string   `json:"accessibility_note"`
	FirstSession  *string   `json:"first_session"`
}

func (s *Server) putProfile(w http.ResponseWriter, r *http.Request) {
	var in profileIn
	if err := decode(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	var pressure [2]int // [0, 0], refused with the other fields, unless exactly [min, max]
	if len(in.PressureRange) == 2 {
		pressure = [2]int(in.PressureRange)
	}
	p, err := s.Practice.UpdateProfile(r.Context(), authz.From(r.Context()), practice.ProfileInput{Bio: in.Bio,
		Languages: in.Languages, Gender: in.Gender, Focus: in.BackPainFocus, PressureRange: pressure, YearsBackPain: in.YearsBackPain,
		Access: in.Access, AccessNote: in.AccessNote, FirstSession: in.FirstSession})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, profileOut(p))
}
