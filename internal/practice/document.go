package practice

import (
	"bytes"
	"context"
	"image/jpeg"
	"image/png"
	"path"
	"strings"
	"unicode"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/therapist"
)

// MaxDocumentBytes bounds a credential's document: a phone photo or a
// scanned PDF fits, and the database is not a file store.
const MaxDocumentBytes = 5 << 20

// ErrVerified refuses new evidence for a credential already verified:
// swapping its document would change what the admin checked.
var ErrVerified = apperr.Conflict("credential-verified", "Credential already verified",
	"This credential is verified. Add the renewed credential instead of replacing this one's document.")

// extensions are the document types knead accepts, by content type.
var extensions = map[string]string{"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}

// sniff names the type of a document from its bytes alone: what a client
// declares and what the file is called are never trusted. Images must
// also decode as one, so a file that merely starts like a JPEG is refused.
func sniff(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte("%PDF-")):
		return "application/pdf"
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		if _, err := png.DecodeConfig(bytes.NewReader(b)); err == nil {
			return "image/png"
		}
	case bytes.HasPrefix(b, []byte("\xff\xd8\xff")):
		if _, err := jpeg.DecodeConfig(bytes.NewReader(b)); err == nil {
			return "image/jpeg"
		}
	}
	return ""
}

// displayName makes a client's filename safe to show and to offer as a
// download name: only its last element, printable letters, digits and a
// few marks, with the extension of the type the bytes really are. It is
// never used to find or store anything.
func displayName(name, contentType string) string {
	name = path.Base(strings.ReplaceAll(name, `\`, "/"))
	name = strings.TrimSuffix(name, path.Ext(name))
	var b strings.Builder
	for _, r := range name {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_':
			b.WriteRune(r)
		case r == ' ' || r == '.':
			b.WriteRune('-')
		}
		if b.Len() >= 80 {
			break
		}
	}
	base := strings.Trim(b.String(), "-")
	if base == "" {
		base = "credential"
	}
	return base + extensions[contentType]
}

// newDocument checks an upload: its size, and its type from its bytes.
func (s *Service) newDocument(filename string, data []byte) (therapist.Document, error) {
	if len(data) > MaxDocumentBytes {
		return therapist.Document{}, apperr.ErrTooLarge.With("A document may be at most 5 MiB.")
	}
	ct := sniff(data)
	if ct == "" {
		return therapist.Document{}, apperr.Fields{"document": "Upload a PDF, JPEG or PNG file."}.Err()
	}
	return therapist.Document{ContentType: ct, Filename: displayName(filename, ct), Size: int64(len(data)),
		UploadedAt: s.now(), Data: data}, nil
}

// AttachDocument stores the evidence for one of the actor's credentials.
// A rejected credential goes back to the queue with it.
func (s *Service) AttachDocument(ctx context.Context, actor *authz.Principal, credentialID int64, filename string, data []byte) (therapist.Document, error) {
	d, err := s.newDocument(filename, data)
	if err != nil {
		return d, err
	}
	d.CredentialID = credentialID
	err = s.db.InTx(ctx, func(tx db.Tx) error {
		c, err := ownCredential(ctx, tx, actor, credentialID)
		if err != nil {
			return err
		}
		if c.Status == therapist.StatusVerified {
			return ErrVerified
		}
		if c.Status == therapist.StatusRejected {
			if err := store.SetCredentialStatus(ctx, tx, c.ID, therapist.StatusPending, nil, ""); err != nil {
				return err
			}
		}
		return store.PutDocument(ctx, tx, d)
	})
	d.Data = nil
	return d, err
}

// Document reads a credential's document for its owner or a site admin;
// for anyone else it does not exist.
func (s *Service) Document(ctx context.Context, actor *authz.Principal, credentialID int64) (therapist.Document, error) {
	q := s.db.R()
	if actor == nil {
		return therapist.Document{}, apperr.ErrNotFound
	}
	if actor.Role != authz.RoleAdmin {
		if _, err := ownCredential(ctx, q, actor, credentialID); err != nil {
			return therapist.Document{}, err
		}
	}
	d, err := store.DocumentOf(ctx, q, credentialID)
	if err == store.ErrNotFound {
		return d, apperr.ErrNotFound.With("No document was uploaded for this credential.")
	}
	return d, err
}
