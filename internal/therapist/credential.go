package therapist

import (
	"slices"
	"strings"
)

// Credential kinds (API.md): a licence lets a therapist practise where
// one is required; a certification counts only where none exists.
const (
	KindLicence       = "licence"
	KindCertification = "certification"
)

// Credential statuses. Expired is never stored: it is computed from
// ExpiresOn on every read (domain-clinical.md §5.3).
const (
	StatusPending  = "pending"
	StatusVerified = "verified"
	StatusRejected = "rejected"
)

// CredentialTypes are domain-clinical.md §5.2's kinds of paper (our "type"),
// with the API kinds each may be filed as. §5.2 also keeps CPR and specialty
// training, and §5.3 accepts a diploma of at least 500 hours where no
// licence exists. California's CAMTC certificate stands in for the licence
// the state does not issue, so it may be either.
var CredentialTypes = map[string][]string{
	"state_license":           {KindLicence},
	"provincial_registration": {KindLicence},
	"compact_privilege":       {KindLicence},
	"city_permit":             {KindLicence, KindCertification},
	"camtc_cert":              {KindLicence, KindCertification},
	"voluntary_register":      {KindCertification},
	"board_certification":     {KindCertification},
	"diploma":                 {KindCertification},
	"specialty_training":      {KindCertification},
	"cpr":                     {KindCertification},
}

// TypeNames are the words people read for each type.
var TypeNames = map[string]string{
	"state_license":           "State licence",
	"provincial_registration": "Provincial registration",
	"compact_privilege":       "Interstate compact privilege",
	"city_permit":             "City permit",
	"camtc_cert":              "CAMTC certificate",
	"voluntary_register":      "Voluntary register (CNHC, FHT)",
	"board_certification":     "Board certification (NCBTMB)",
	"diploma":                 "Diploma (500 hours or more)",
	"specialty_training":      "Specialty training",
	"cpr":                     "CPR",
}

// NoLicenceJurisdictions issue no massage licence (domain-clinical.md §5.3:
// US-KS, US-MN, US-WY, GB and the unregulated Canadian provinces); there a
// verified certification counts instead of a licence.
var NoLicenceJurisdictions = []string{"US-KS", "US-MN", "US-WY", "GB",
	"CA-AB", "CA-MB", "CA-NS", "CA-SK", "CA-QC", "CA-NT", "CA-NU", "CA-YT"}

// IssuesNoLicence reports whether a jurisdiction is on §5.3's list.
func IssuesNoLicence(jurisdiction string) bool {
	return slices.Contains(NoLicenceJurisdictions, jurisdiction)
}

// Subdivisions knead knows by name: where most therapists are licensed,
// each state or province licenses on its own, so a typo would file a
// licence nobody can find.
var subdivisions = map[string]string{
	"US": "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK " +
		"OR PA RI SC SD TN TX UT VT VA WA WV WI WY AS GU MP PR VI",
	"CA": "AB BC MB NB NL NS NT NU ON PE QC SK YT",
}

// countries are the ISO 3166-1 alpha-2 codes.
const countries = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV " +
	"BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM " +
	"FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM " +
	"JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR " +
	"MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS " +
	"RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ " +
	"UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW"

// KnownJurisdiction reports whether code is a country (ISO 3166-1) or a
// subdivision (ISO 3166-2) knead accepts on a credential: the US states and
// Canadian provinces by name, elsewhere any one- to three-character
// subdivision of a known country (GB-SCT, DE-BE).
func KnownJurisdiction(code string) bool {
	country, sub, hasSub := strings.Cut(code, "-")
	if len(country) != 2 || !slices.Contains(strings.Fields(countries), country) {
		return false
	}
	if !hasSub {
		return true
	}
	if names, ok := subdivisions[country]; ok {
		return slices.Contains(strings.Fields(names), sub)
	}
	return len(sub) >= 1 && len(sub) <= 3 && strings.IndexFunc(sub, func(r rune) bool {
		return (r < 'A' || r > 'Z') && (r < '0' || r > '9')
	}) < 0
}

// Bookability is the deployment's rule for which credentials make a
// therapist bookable (KNEAD_CREDENTIAL_RULE, docs/config.md).
type Bookability string

const (
	// Strict is API.md's rule, and the default (as is ""): a verified,
	// unexpired licence for the location's jurisdiction, or there where no
	// licence exists, a verified certification.
	Strict Bookability = "strict"
	// Clinic is for a deployment that is one private clinic, which checks
	// its own staff's papers: a pending credential counts as a verified one
	// would. Jurisdiction and expiry still apply; a rejected one never counts.
	Clinic Bookability = "clinic"
)
