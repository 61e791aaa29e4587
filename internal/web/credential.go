package web

import (
	"context"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/practice"
	"github.com/knead/knead/internal/therapist"
)

// credentialRoutes registers the therapist's credential forms (part of the
// set-up page) and the site admins' verification queue. Documents are
// downloaded from the API's routes, which the session cookie also opens.
func (s *Server) credentialRoutes(rt *authz.Router) {
	rt.Handle("POST /therapist/setup/credentials", authz.Therapists, s.addCredential)
	rt.Handle("POST /therapist/setup/credentials/{id}/document", authz.Therapists, s.uploadDocument)
	rt.Handle("GET /admin/credentials", authz.Admins, s.showQueue)
	rt.Handle("POST /admin/credentials/{id}/verify", authz.Admins, s.decideCredential(therapist.StatusVerified))
	rt.Handle("POST /admin/credentials/{id}/reject", authz.Admins, s.decideCredential(therapist.StatusRejected))
}

// credentialRow is one of the therapist's credentials on the set-up page.
type credentialRow struct {
	therapist.Credential
	TypeName, Expires string
	Expired           bool
	Form              setupForm // its upload form
}

// loadCredentials reads the therapist's credentials for the set-up page.
func (s *Server) loadCredentials(ctx context.Context, me *authz.Principal) ([]credentialRow, error) {
	cs, err := s.Practice.Credentials(ctx, me)
	out, today := make([]credentialRow, len(cs)), s.Practice.Today()
	for i, c := range cs {
		out[i] = credentialRow{Credential: c, TypeName: therapist.TypeNames[c.Type], Expires: c.ExpiresOn.Format(longDate),
			Expired: c.Expired(today), Form: setupForm{ID: "document-" + strconv.FormatInt(c.ID, 10)}}
	}
	return out, err
}

// readUploadForm parses a multipart form and takes its file input named
// field, nil when none was chosen. The client's filename is only a display
// name.
func readUploadForm(r *http.Request, field string) (Form, []byte, string, error) {
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok || strings.Contains(err.Error(), "too large") {
			return Form{}, nil, "", apperr.ErrTooLarge.With("A file may be at most 5 MiB.")
		}
		return Form{}, nil, "", apperr.ErrMalformed.With("The form could not be read.")
	}
	f := Form{Values: r.PostForm}
	file, header, err := r.FormFile(field)
	if errors.Is(err, http.ErrMissingFile) {
		return f, nil, "", nil
	}
	if err != nil {
		return f, nil, "", apperr.ErrMalformed.With("The file could not be read.")
	}
	defer file.Close()
	data, err := readPart(file, header, field)
	return f, data, header.Filename, err
}

// readPart reads an uploaded file of at most 5 MiB (documents and photos
// share the limit).
func readPart(file multipart.File, h *multipart.FileHeader, field string) ([]byte, error) {
	if h.Size > practice.MaxDocumentBytes {
		return nil, apperr.Fields{field: "Choose a file of at most 5 MiB."}.Err()
	}
	data, err := io.ReadAll(io.LimitReader(file, practice.MaxDocumentBytes+1))
	if err != nil {
		return nil, apperr.ErrMalformed.With("The file could not be read.")
	}
	if len(data) > practice.MaxDocumentBytes {
		return nil, apperr.Fields{field: "Choose a file of at most 5 MiB."}.Err()
	}
	return data, nil
}

// addCredential files a credential and, when one was chosen, its document,
// both or neither: a refused document leaves no credential behind.
func (s *Server) addCredential(w http.ResponseWriter, r *http.Request) {
	f, data, name, err := readUploadForm(r, "document")
	if err == nil {
		err = s.Practice.AddCredentialWithDocument(r.Context(), authz.From(r.Context()), practice.CredentialInput{
			Kind: f.Get("kind"), Type: f.Get("type"), Number: f.Get("number"), Jurisdiction: strings.ToUpper(strings.TrimSpace(f.Get("jurisdiction"))),
			Issuer: f.Get("issuer"), ExpiresOn: strings.TrimSpace(f.Get("expires_on"))}, name, data)
	}
	if errors.Is(err, apperr.ErrMalformed) {
		s.fail(w, r, err)
		return
	}
	s.setupDone(w, r, "credentials", f, err, "Credential added. A site admin will check it with the board.")
}

func (s *Server) uploadDocument(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f, data, name, err := readUploadForm(r, "document")
	if err == nil && data == nil {
		err = apperr.Fields{"document": "Choose a PDF, JPEG or PNG file."}.Err()
	}
	if err == nil {
		_, err = s.Practice.AttachDocument(r.Context(), authz.From(r.Context()), id, name, data)
	}
	s.setupDone(w, r, "credentials", f, err, "Document uploaded. A site admin will check it.")
}

var credentialKinds = []setupOption{{Value: therapist.KindLicence, Label: "Licence"},
	{Value: therapist.KindCertification, Label: "Certification (where no licence is issued)"}}

func credentialTypes() []setupOption {
	out := []setupOption{{Value: "", Label: "Choose a type (optional)"}}
	for _, t := range []string{"state_license", "provincial_registration", "compact_privilege", "camtc_cert", "city_permit",
		"board_certification", "voluntary_register", "diploma", "specialty_training", "cpr"} {
		out = append(out, setupOption{Value: t, Label: therapist.TypeNames[t]})
	}
	return out
}

// credentialForm starts the add form with the first location's
// jurisdiction, where a licence is most likely needed.
func credentialForm(locs []therapist.Location) setupForm {
	f := setupForm{ID: "credentials", Form: Form{Values: url.Values{"kind": {therapist.KindLicence}}}}
	if len(locs) > 0 {
		f.Values.Set("jurisdiction", locs[0].Jurisdiction)
		if therapist.IssuesNoLicence(locs[0].Jurisdiction) {
			f.Values.Set("kind", therapist.KindCertification)
		}
	}
	return f
}
