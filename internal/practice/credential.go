package practice

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/therapist"
)

// CredentialInput is a licence or certification as API.md's POST
// /me/credentials sends it.
type CredentialInput struct {
	Kind, Type, Number, Jurisdiction, Issuer, ExpiresOn string
}

// maxExpiryYears bounds an expiry date: no board issues for longer, and a
// typo such as 2206 would otherwise keep a therapist bookable for ever.
const maxExpiryYears = 20

// AddCredential files a credential for a site admin to verify; it starts
// pending (domain-clinical.md §5.3).
func (s *Service) AddCredential(ctx context.Context, actor *authz.Principal, in CredentialInput) (therapist.Credential, error) {
	c, err := s.checkCredential(in)
	if err != nil {
		return c, err
	}
	return c, s.insertCredential(ctx, actor, &c, nil)
}

// AddCredentialWithDocument files a credential with its document, when
// data is not nil: both are stored or neither.
func (s *Service) AddCredentialWithDocument(ctx context.Context, actor *authz.Principal, in CredentialInput, filename string, data []byte) error {
	c, err := s.checkCredential(in)
	var d *therapist.Document
	if data != nil {
		doc, derr := s.newDocument(filename, data)
		err = joinFields(err, derr)
		d = &doc
	}
	if err != nil {
		return err
	}
	return s.insertCredential(ctx, actor, &c, d)
}

func (s *Service) insertCredential(ctx context.Context, actor *authz.Principal, c *therapist.Credential, d *therapist.Document) error {
	c.TherapistID, c.Status, c.CreatedAt = actor.UserID, therapist.StatusPending, s.now()
	return s.db.InTx(ctx, func(tx db.Tx) error {
		if err := s.ensureTherapist(ctx, tx, actor); err != nil {
			return err
		}
		var err error
		if c.ID, err = store.InsertCredential(ctx, tx, *c, c.CreatedAt); err != nil || d == nil {
			return err
		}
		d.CredentialID = c.ID
		return store.PutDocument(ctx, tx, *d)
	})
}

// joinFields merges the field messages of two validation errors; any other
// error wins as it is.
func joinFields(a, b error) error {
	if a == nil || b == nil {
		return cmpOr(a, b)
	}
	ea, eb := apperr.From(a), apperr.From(b)
	if len(ea.Fields) == 0 || len(eb.Fields) == 0 {
		return cmpOr(eb, ea)
	}
	f := apperr.Fields{}
	for k, v := range ea.Fields {
		f.Add(k, v)
	}
	for k, v := range eb.Fields {
		f.Add(k, v)
	}
	return f.Err()
}

func cmpOr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// checkCredential validates the input field by field (API.md: 422 with one
// message per field) and returns the credential it describes.
func (s *Service) checkCredential(in CredentialInput) (therapist.Credential, error) {
	c := therapist.Credential{Kind: in.Kind, Type: in.Type, Number: strings.TrimSpace(in.Number),
		Jurisdiction: strings.TrimSpace(in.Jurisdiction), Issuer: strings.TrimSpace(in.Issuer)}
	f := apperr.Fields{}
	f.Check(c.Kind == therapist.KindLicence || c.Kind == therapist.KindCertification, "kind", "Choose licence or certification.")
	kinds, known := therapist.CredentialTypes[c.Type]
	f.Check(c.Type == "" || known, "type", "Choose one of "+strings.Join(credentialTypeList(), ", ")+", or leave it out.")
	f.Check(!known || f["kind"] != "" || slices.Contains(kinds, c.Kind), "type",
		fmt.Sprintf("A %s is filed as a %s.", therapist.TypeNames[c.Type], strings.Join(kinds, " or ")))
	f.Check(c.Number != "" && utf8.RuneCountInString(c.Number) <= 64, "number", "Give the number as the issuer prints it (at most 64 characters).")
	f.Check(therapist.KnownJurisdiction(c.Jurisdiction), "jurisdiction",
		"Give an ISO 3166-2 code such as US-NY or CA-ON, or a country code such as GB.")
	f.Check(c.Kind != therapist.KindLicence || !therapist.IssuesNoLicence(c.Jurisdiction), "jurisdiction",
		c.Jurisdiction+" issues no massage licence: file your certification (kind certification) instead.")
	f.Check(c.Issuer != "" && utf8.RuneCountInString(c.Issuer) <= 200, "issuer", "Name the issuing board or body (at most 200 characters).")
	today := day(s.now())
	exp, err := time.Parse(time.DateOnly, in.ExpiresOn)
	switch {
	case err != nil:
		f.Add("expires_on", "Give the expiry date as YYYY-MM-DD, such as 2027-06-30.")
	case !exp.After(today):
		f.Add("expires_on", "This credential has expired: add the renewed one.")
	case exp.After(today.AddDate(maxExpiryYears, 0, 0)):
		f.Add("expires_on", fmt.Sprintf("Give an expiry date within %d years.", maxExpiryYears))
	}
	c.ExpiresOn = exp
	return c, f.Err()
}

func credentialTypeList() []string {
	out := make([]string, 0, len(therapist.CredentialTypes))
	for t := range therapist.CredentialTypes {
		out = append(out, t)
	}
	slices.Sort(out)
	return out
}

// day is the date of t at 00:00 UTC, as credentials store dates.
func day(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Today is the date expiry is judged against.
func (s *Service) Today() time.Time { return day(s.now()) }

// Credentials lists the actor's own credentials, newest first.
func (s *Service) Credentials(ctx context.Context, actor *authz.Principal) ([]therapist.Credential, error) {
	return store.CredentialsOf(ctx, s.db.R(), actor.UserID)
}

// ownCredential reads a credential of the actor's; another's is not-found
// (API.md: records that are not the caller's do not exist for them).
func ownCredential(ctx context.Context, q db.Querier, actor *authz.Principal, id int64) (therapist.Credential, error) {
	c, err := store.CredentialByID(ctx, q, id)
	if err == store.ErrNotFound || err == nil && c.TherapistID != actor.UserID {
		return c, apperr.ErrNotFound.With("You have no credential with this id.")
	}
	return c, err
}
