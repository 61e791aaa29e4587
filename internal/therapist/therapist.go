// Package therapist is the directory: therapists' profiles, locations,
// services and credentials, and the rules on when a therapist is bookable.
package therapist

import "time"

// Techniques knead knows (API.md); more may be added.
var Techniques = []string{"swedish", "deep_tissue", "trigger_point", "thai"}

// TechniqueNames are the words people read.
var TechniqueNames = map[string]string{
	"swedish":       "Swedish",
	"deep_tissue":   "Deep tissue",
	"trigger_point": "Trigger point",
	"thai":          "Thai",
}

// Focuses are the back-pain specialisations a profile may list.
var Focuses = []string{"low_back", "upper_back", "neck", "sciatica", "pregnancy", "sports"}

// Profile is what a therapist says about themself.
type Profile struct {
	ID            int64
	Slug          string
	Name          string
	Bio           string
	Gender        string // "", female, male, nonbinary
	Languages     []string
	Focus         []string
	PressureMin   int
	PressureMax   int
	YearsBackPain int
}

// Location is a place a therapist works, with its own zone and jurisdiction.
type Location struct {
	ID           int64
	TherapistID  int64
	Name         string
	Address      string
	City         string
	PostalCode   string
	Lat, Lon     float64
	TimeZone     string // IANA
	Jurisdiction string // ISO 3166-2 or country code
}

// Service is a bookable session type at one location.
type Service struct {
	ID              int64
	TherapistID     int64
	LocationID      int64
	Name            string
	Technique       string
	DurationMinutes int
	PriceAmount     int64 // minor units
	Currency        string
	BufferMinutes   int
}

// Credential is a licence or certification, verified by a site admin.
type Credential struct {
	ID           int64
	TherapistID  int64
	Kind         string // licence, certification
	Type         string
	Number       string
	Jurisdiction string
	Issuer       string
	ExpiresOn    time.Time // a date, at 00:00 UTC
	Status       string    // pending, verified, rejected
	VerifiedAt   *time.Time
}

// Card is a therapist as the home page and listings show them.
type Card struct {
	ID              int64
	Slug            string
	Name            string
	City            string
	YearsBackPain   int
	Techniques      []string
	Languages       []string
	LicenceVerified bool
}

// NoLicenceJurisdictions issue no massage licence (domain-clinical.md §5.3:
// US-KS, US-MN, US-WY, GB and the unregulated Canadian provinces); there a
// verified certification counts instead of a licence.
var NoLicenceJurisdictions = []string{"US-KS", "US-MN", "US-WY", "GB",
	"CA-AB", "CA-MB", "CA-NS", "CA-SK", "CA-QC", "CA-NT", "CA-NU", "CA-YT"}
