package api

import (
	"io"
	"net/http"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/practice"
)

// photoJSON says where a therapist's photo is served. The addresses carry
// the photo's version, so a changed photo is a new address for caches.
type photoJSON struct {
	URL      string `json:"url"`
	SmallURL string `json:"small_url"`
}

// PhotoPath is the address of a therapist's photo, large or small, at the
// version etag; web serves it.
func PhotoPath(therapistID int64, etag string, small bool) string {
	name := "photo.jpg"
	if small {
		name = "photo-small.jpg"
	}
	return "/therapists/" + itoa(therapistID) + "/" + name + "?v=" + etag
}

func photoOut(therapistID int64, etag string) *photoJSON {
	if etag == "" {
		return nil
	}
	return &photoJSON{URL: PhotoPath(therapistID, etag, false), SmallURL: PhotoPath(therapistID, etag, true)}
}

// putPhoto takes the image as the raw request body; its type is read from
// the bytes, whatever Content-Type says.
func (s *Server) putPhoto(w http.ResponseWriter, r *http.Request) {
	data, err := readBody(r, practice.MaxPhotoBytes, "A photo may be at most 5 MiB.")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := s.Practice.SetPhoto(r.Context(), authz.From(r.Context()), data)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, photoOut(p.TherapistID, p.ETag))
}

func (s *Server) deletePhoto(w http.ResponseWriter, r *http.Request) {
	if err := s.Practice.RemovePhoto(r.Context(), authz.From(r.Context())); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// readBody reads a raw upload of at most max bytes; one byte more is 413,
// before anything is decoded or stored.
func readBody(r *http.Request, max int64, tooLargeDetail string) ([]byte, error) {
	tooLarge := apperr.ErrTooLarge.With(tooLargeDetail)
	if r.ContentLength > max {
		return nil, tooLarge
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, max+1))
	switch {
	case err != nil && apperr.From(err).Status == http.StatusRequestEntityTooLarge:
		return nil, tooLarge
	case err != nil:
		return nil, apperr.ErrMalformed.With("The upload could not be read.")
	case int64(len(data)) > max:
		return nil, tooLarge
	}
	return data, nil
}
