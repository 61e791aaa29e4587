package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"github.com/knead/knead/internal/api"
	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/practice"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/therapist"
)

// profilePath is the readable address of a therapist's public profile.
func profilePath(p therapist.Profile) string { return "/therapists/" + p.Slug }

// showTherapist serves a public profile at its readable address,
// /therapists/{slug}. The bare id, which older links and the API use,
// answers with a permanent redirect there, so each profile has one address
// for people and search engines alike (a slug never changes).
func (s *Server) showTherapist(w http.ResponseWriter, r *http.Request) {
	key := r.PathValue("id")
	id, err := strconv.ParseInt(key, 10, 64)
	if err != nil {
		id, err = store.TherapistIDBySlug(r.Context(), s.DB.R(), key)
	}
	if errors.Is(err, store.ErrNotFound) {
		err = apperr.ErrNotFound.With("No therapist has this address.")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := s.Practice.Get(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if p.Profile.Slug != key {
		target := profilePath(p.Profile)
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, target, http.StatusMovedPermanently)
		return
	}
	s.showProfile(w, r, p)
}

// profileExtras fills in the profile page's photo, premises, first
// session, canonical address and JSON-LD.
func (s *Server) profileExtras(ctx context.Context, p practice.Practice, v *profileView) error {
	pr := p.Profile
	v.Canonical = s.Config.BaseURL + profilePath(pr)
	ld := profileLD{Practice: p, URL: v.Canonical, Hours: map[int64][]store.HoursRow{}}
	if pr.Photo != "" {
		v.Photo = api.PhotoPath(pr.ID, pr.Photo, false)
		ld.Photo = s.Config.BaseURL + v.Photo
	}
	for _, a := range pr.Access {
		v.Access = append(v.Access, therapist.AccessNames[a])
	}
	for _, l := range p.Locations {
		h, err := store.WeeklyHours(ctx, s.DB.R(), l.ID)
		if err != nil {
			return err
		}
		ld.Hours[l.ID] = h
	}
	cs, err := store.CredentialsOf(ctx, s.DB.R(), pr.ID)
	today := s.Practice.Today()
	for _, c := range cs {
		if c.Status == therapist.StatusVerified && !c.Expired(today) {
			ld.Credentials = append(ld.Credentials, c)
		}
	}
	v.JSONLD = ld.jsonLD()
	if err != nil {
		return err
	}
	v.Outcomes, err = s.Outcome.PublicSummary(ctx, pr.ID, false)
	return err
}
