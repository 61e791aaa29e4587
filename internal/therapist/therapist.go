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

// AccessFeatures are the premises features a profile may list: the ones a
// person with a painful back, a wheelchair or a walking aid asks about
// before booking.
var AccessFeatures = []string{"step_free", "ground_floor", "elevator", "accessible_restroom", "accessible_parking",
	"adjustable_table"}

// AccessNames are the words people read.
var AccessNames = map[string]string{
	"step_free":           "Step-free access",
	"ground_floor":        "Ground-floor room",
	"elevator":            "Elevator",
	"accessible_restroom": "Accessible restroom",
	"accessible_parking":  "Accessible parking",
	"adjustable_table":    "Height-adjustable table",
}

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
	Access        []string // premises features, of AccessFeatures
	AccessNote    string   // anything the list does not say
	FirstSession  string   // what to expect at a first session
	Photo         string   // the photo's ETag, "" when there is none
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
	Note         string // the last decision's note, for the therapist
	CreatedAt    time.Time
	Document     *Document // nil until one is uploaded
}

// Expired reports whether the credential has lapsed on day (a date at
// 00:00 UTC): it counts while its expiry is after the day.
func (c Credential) Expired(day time.Time) bool { return !c.ExpiresOn.After(day) }

// Document is the evidence for a credential: a scan of the licence or
// certificate. Data is empty when only its description was read.
type Document struct {
	CredentialID int64
	ContentType  string // application/pdf, image/jpeg or image/png, from the bytes
	Filename     string // sanitised, for display and downloads only
	Size         int64
	UploadedAt   time.Time
	Data         []byte
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
	Photo           string // the photo's ETag, "" when there is none
}
