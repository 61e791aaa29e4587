package web

import (
	"github.com/knead/knead/internal/therapist"
)

// licenceView is the credential that makes a therapist bookable at a
// location, as the public profile shows it (domain-clinical.md §5.3 step
// 7: issuer, number, status, the verified-on date and the board's lookup,
// so clients can check for themselves).
type licenceView struct {
	Kind, Type, Number, Issuer string
	Verified                   bool   // false only under the clinic rule, for a pending one
	VerifiedOn, Expires        string // "2 March 2026"
	Lookup                     string // the board's public lookup, "" when none is known
	NoLicence                  bool   // the jurisdiction issues no massage licence (§5.3)
}

const longDate = "2 January 2006"

func newLicenceView(c therapist.Credential) *licenceView {
	v := &licenceView{Kind: c.Kind, Type: therapist.TypeNames[c.Type], Number: c.Number, Issuer: c.Issuer,
		Verified: c.Status == therapist.StatusVerified, Expires: c.ExpiresOn.Format(longDate),
		Lookup: therapist.LookupURL(c), NoLicence: therapist.IssuesNoLicence(c.Jurisdiction)}
	if c.VerifiedAt != nil {
		v.VerifiedOn = c.VerifiedAt.UTC().Format(longDate)
	}
	return v
}
