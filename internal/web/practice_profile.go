package web

import (
	"github.com/knead/knead/internal/api"
	"github.com/knead/knead/internal/practice"
	"github.com/knead/knead/internal/therapist"
)

// The set-up page's photo form and the profile's later fields (premises
// accessibility, what to expect at a first session). They live here
// because practice.go is already long.

// fillProfileExtras gives the photo form and the later profile fields
// their saved values.
func (v *setupView) fillProfileExtras(p therapist.Profile) {
	v.Profile.Values["accessibility"] = p.Access
	v.Profile.Values.Set("accessibility_note", p.AccessNote)
	v.Profile.Values.Set("first_session", p.FirstSession)
	v.PhotoForm = setupForm{ID: "photo", Form: Form{}}
	if p.Photo != "" {
		v.PhotoURL = api.PhotoPath(p.ID, p.Photo, false)
	}
	v.Access = make([]setupOption, len(therapist.AccessFeatures))
	for i, a := range therapist.AccessFeatures {
		v.Access[i] = setupOption{Value: a, Label: therapist.AccessNames[a]}
	}
}

// readProfileExtras reads the later profile fields from the profile form.
// The form always sends them: no box ticked means no features.
func readProfileExtras(f Form, in *practice.ProfileInput) {
	access := setupNonEmpty(f.Values["accessibility"])
	note, first := f.Get("accessibility_note"), f.Get("first_session")
	in.Access, in.AccessNote, in.FirstSession = &access, &note, &first
}
