package api

import (
	"mime"
	"net/http"
	"strconv"
	"time"

	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/practice"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/therapist"
)

type documentJSON struct {
	ContentType string `json:"content_type"`
	Filename    string `json:"filename"`
	Size        int64  `json:"size"`
	UploadedAt  string `json:"uploaded_at"`
}

func documentOut(d therapist.Document) documentJSON {
	return documentJSON{d.ContentType, d.Filename, d.Size, d.UploadedAt.UTC().Format(time.RFC3339)}
}

type credentialJSON struct {
	ID           ID            `json:"id"`
	Kind         string        `json:"kind"`
	Type         string        `json:"type"`
	Number       string        `json:"number"`
	Jurisdiction string        `json:"jurisdiction"`
	Issuer       string        `json:"issuer"`
	ExpiresOn    string        `json:"expires_on"`
	Status       string        `json:"status"`
	Expired      bool          `json:"expired"` // computed on every read (domain-clinical.md §5.3)
	VerifiedAt   *string       `json:"verified_at"`
	Note         string        `json:"note"`
	Document     *documentJSON `json:"document"`
}

func credentialOut(c therapist.Credential, today time.Time) credentialJSON {
	out := credentialJSON{ID: ID(c.ID), Kind: c.Kind, Type: c.Type, Number: c.Number, Jurisdiction: c.Jurisdiction,
		Issuer: c.Issuer, ExpiresOn: c.ExpiresOn.Format(time.DateOnly), Status: c.Status, Expired: c.Expired(today), Note: c.Note}
	if c.VerifiedAt != nil {
		v := c.VerifiedAt.UTC().Format(time.RFC3339)
		out.VerifiedAt = &v
	}
	if c.Document != nil {
		d := documentOut(*c.Document)
		out.Document = &d
	}
	return out
}

func (s *Server) createCredential(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Kind         string `json:"kind"`
		Type         string `json:"type"`
		Number       string `json:"number"`
		Jurisdiction string `json:"jurisdiction"`
		Issuer       string `json:"issuer"`
		ExpiresOn    string `json:"expires_on"`
	}
	if err := decode(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.Practice.AddCredential(r.Context(), authz.From(r.Context()), practice.CredentialInput(in))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, credentialOut(c, s.Practice.Today()))
}

func (s *Server) listCredentials(w http.ResponseWriter, r *http.Request) {
	cs, err := s.Practice.Credentials(r.Context(), authz.From(r.Context()))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out, today := make([]credentialJSON, len(cs)), s.Practice.Today()
	for i, c := range cs {
		out[i] = credentialOut(c, today)
	}
	writeJSON(w, http.StatusOK, map[string]any{"credentials": out})
}

// putDocument takes the document as the raw request body; its type is
// read from the bytes, and the optional filename query parameter is only
// a display name.
func (s *Server) putDocument(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data, err := readUpload(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := s.Practice.AttachDocument(r.Context(), authz.From(r.Context()), id, r.URL.Query().Get("filename"), data)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, documentOut(d))
}

// readUpload reads a body of at most practice.MaxDocumentBytes; one byte
// more is 413, before anything is stored.
func readUpload(r *http.Request) ([]byte, error) {
	return readBody(r, practice.MaxDocumentBytes, "A document may be at most 5 MiB.")
}

// getDocument serves a credential's document to its owner or a site admin
// as a download that no browser will render or run in our origin.
func (s *Server) getDocument(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := s.Practice.Document(r.Context(), authz.From(r.Context()), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	WriteDocument(w, d)
}

// DocumentPolicy is the Content-Security-Policy of a served document: it
// may load nothing, run nothing and be framed by nobody, should a browser
// ever open it in place.
const DocumentPolicy = "default-src 'none'; frame-ancestors 'none'; sandbox"

// WriteDocument answers with a document as an attachment.
func WriteDocument(w http.ResponseWriter, d therapist.Document) {
	h := w.Header()
	h.Set("Content-Type", d.ContentType)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": d.Filename}))
	h.Set("Content-Length", strconv.Itoa(len(d.Data)))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", DocumentPolicy)
	h.Set("Cache-Control", "private, no-store")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(d.Data)
}

func (s *Server) verifyCredential(w http.ResponseWriter, r *http.Request) {
	s.decide(w, r, therapist.StatusVerified)
}

func (s *Server) rejectCredential(w http.ResponseWriter, r *http.Request) {
	s.decide(w, r, therapist.StatusRejected)
}

func (s *Server) decide(w http.ResponseWriter, r *http.Request, decision string) {
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in struct {
		Note string `json:"note"`
	}
	if err := decode(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.Practice.Decide(r.Context(), authz.From(r.Context()), id, decision, in.Note)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := map[string]any{"id": ID(c.ID), "status": c.Status}
	if c.VerifiedAt != nil {
		out["verified_at"] = c.VerifiedAt.UTC().Format(time.RFC3339)
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) listQueue(w http.ResponseWriter, r *http.Request) {
	page, err := ParsePage(r)
	var after store.QueuePosition
	if err == nil && !page.First() {
		err = page.After(&after.At, &after.ID)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q, err := s.Practice.VerificationQueue(r.Context(), authz.From(r.Context()), r.URL.Query().Get("q"), after, page.Fetch())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rows, next := PageOf(page, q.Pending, func(c store.QueuedCredential) []any { return []any{c.CreatedAt, c.ID} })
	out, today := make([]map[string]any, len(rows)), s.Practice.Today()
	for i, c := range rows {
		out[i] = queuedOut(c, today)
	}
	writeJSON(w, http.StatusOK, map[string]any{"credentials": out, "waiting": q.Waiting, "next_cursor": next})
}

func queuedOut(c store.QueuedCredential, today time.Time) map[string]any {
	return map[string]any{"credential": credentialOut(c.Credential, today), "lookup_url": therapist.LookupURL(c.Credential),
		"therapist": map[string]any{"id": ID(c.TherapistID), "name": c.TherapistName}}
}
