package therapist

import "strings"

// Public lookups of the boards and registers domain-clinical.md §5 names,
// where a site admin checks a credential's name, number, status, expiry and
// discipline (§5.3 step 2). Where a board's search page moves often, its
// home page (which links the register) is kept. Like §5.1's list, re-check
// these yearly: boards merge (BC's college did in 2024).
var (
	// lookupByJurisdiction holds the licensing board of a jurisdiction.
	lookupByJurisdiction = map[string]string{
		"CA-ON": "https://www.cmto.com/",
		"CA-BC": "https://cchpbc.ca/",
		"CA-NL": "https://www.cmtnl.ca/",
		"CA-NB": "https://www.cmtnb.ca/",
		"US-FL": "https://mqa-internet.doh.state.fl.us/MQASearchServices/HealthCareProviders",
		"US-OK": "https://oklahoma.gov/cosmo.html",
		"US-CA": "https://www.camtc.org/",
	}
	// lookupByType holds national registers, which do not follow a
	// jurisdiction: NCBTMB's directory of board-certified therapists and
	// the UK's voluntary registers.
	lookupByType = map[string]string{
		"board_certification": "https://www.ncbtmb.org/",
	}
	// lookupByIssuer tells the UK's two accredited registers apart.
	lookupByIssuer = map[string]string{
		"CNHC": "https://www.cnhc.org.uk/",
		"FHT":  "https://www.fht.org.uk/",
	}
)

// LookupURL is where a credential can be checked, "" where §5 names no
// public lookup.
func LookupURL(c Credential) string {
	for issuer, u := range lookupByIssuer {
		if c.Type == "voluntary_register" && strings.Contains(strings.ToUpper(c.Issuer), issuer) {
			return u
		}
	}
	if u, ok := lookupByType[c.Type]; ok {
		return u
	}
	return lookupByJurisdiction[c.Jurisdiction]
}
