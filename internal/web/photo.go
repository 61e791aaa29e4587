package web

import (
	"bytes"
	"net/http"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/authz"
)

// photoRoutes serves therapists' photos and takes the set-up page's photo
// forms.
func (s *Server) photoRoutes(rt *authz.Router) {
	rt.Handle("GET /therapists/{id}/photo.jpg", authz.Public, s.servePhoto(false))
	rt.Handle("GET /therapists/{id}/photo-small.jpg", authz.Public, s.servePhoto(true))
	rt.Handle("POST /therapist/setup/photo", authz.Therapists, s.uploadPhoto)
	rt.Handle("POST /therapist/setup/photo/remove", authz.Therapists, s.removePhoto)
}

// servePhoto answers with one size of a photo. Pages link to it with the
// photo's version in ?v=, and that address never changes content, so it is
// cached for a year; any other address is revalidated with the ETag.
func (s *Server) servePhoto(small bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := pathID(r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		p, err := s.Practice.Photo(r.Context(), id, small)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		data := p.Large
		if small {
			data = p.Small
		}
		h := w.Header()
		h.Set("Content-Type", "image/jpeg")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("ETag", `"`+p.ETag+`"`)
		h.Set("Cache-Control", "public, no-cache")
		if r.URL.Query().Get("v") == p.ETag {
			h.Set("Cache-Control", "public, max-age=31536000, immutable")
		}
		http.ServeContent(w, r, "", p.UpdatedAt, bytes.NewReader(data))
	}
}

// uploadPhoto takes the set-up page's photo form.
func (s *Server) uploadPhoto(w http.ResponseWriter, r *http.Request) {
	f, data, _, err := readUploadForm(r, "photo")
	if err == nil && data == nil {
		err = apperr.Fields{"photo": "Choose a JPEG or PNG image."}.Err()
	}
	if err == nil {
		_, err = s.Practice.SetPhoto(r.Context(), authz.From(r.Context()), data)
	}
	if apperr.From(err).Status == http.StatusRequestEntityTooLarge {
		err = apperr.Fields{"photo": "Choose an image of at most 5 MiB."}.Err()
	}
	s.setupDone(w, r, "photo", f, err, "Your photo is saved.")
}

func (s *Server) removePhoto(w http.ResponseWriter, r *http.Request) {
	f, err := readForm(r)
	if err == nil {
		err = s.Practice.RemovePhoto(r.Context(), authz.From(r.Context()))
	}
	s.setupDone(w, r, "photo", f, err, "Your photo is removed.")
}
