package demo

import (
	"math/rand/v2"
	"strings"
	"time"

	"github.com/knead/knead/internal/therapist"
)

// credentialRule is one kind of paper that lets a therapist practise in a
// jurisdiction. Types are those of domain-clinical.md §5.2. Numbers follow
// each issuer's usual shape but are made up.
type credentialRule struct {
	kind    string // licence, or certification where no licence exists (§5.3)
	typ     string
	issuers []string
	number  string // pattern: # a digit, N a digit 1–9, @ a capital letter
}

// credentialRules maps a jurisdiction to what proves a therapist may work
// there. US-MN, GB, CA-AB and CA-QC issue no massage licence, so §5.3's
// certifications (NCBTMB board certification, a CNHC or FHT registration, a
// diploma of at least 500 hours) stand in for one. California has no state
// licence either but is not on §5.3's list, so its CAMTC certificate is
// filed as the licence the booking rule looks for.
var credentialRules = map[string][]credentialRule{
	"US-NY": {{"licence", "state_license", []string{"New York State Education Department"}, "0N####"}},
	"US-MA": {{"licence", "state_license", []string{"Massachusetts Board of Registration of Massage Therapy"}, "MTN####"}},
	"US-FL": {{"licence", "state_license", []string{"Florida Board of Massage Therapy"}, "MAN####"}},
	"US-GA": {{"licence", "state_license", []string{"Georgia Board of Massage Therapy"}, "MT0N####"}},
	"US-IL": {{"licence", "state_license", []string{"Illinois Department of Financial and Professional Regulation"}, "227.0N####"}},
	"US-TX": {{"licence", "state_license", []string{"Texas Department of Licensing and Regulation"}, "MTN#####"}},
	"US-CO": {{"licence", "state_license", []string{"Colorado Office of Massage Therapy Licensure"}, "MT.00N####"}},
	"US-AZ": {{"licence", "state_license", []string{"Arizona State Board of Massage Therapy"}, "MT-N####"}},
	"US-WA": {{"licence", "state_license", []string{"Washington State Department of Health"}, "MA6#######"}},
	"US-CA": {{"licence", "camtc_cert", []string{"California Massage Therapy Council"}, "N####"}},
	"US-MN": {
		{"certification", "board_certification", []string{"NCBTMB"}, "N#####"},
		{"certification", "diploma", []string{"Northwestern Health Sciences University"}, "D-N#####"},
	},
	"CA-ON": {{"licence", "provincial_registration", []string{"College of Massage Therapists of Ontario"}, "@N###"}},
	"CA-BC": {{"licence", "provincial_registration", []string{"College of Complementary Health Professionals of BC"}, "0N###"}},
	"CA-AB": {{"certification", "diploma", []string{"Mount Royal University", "MH Vicars School of Massage Therapy", "Makami College"}, "D-N#####"}},
	"CA-QC": {{"certification", "diploma", []string{"Académie de massage scientifique", "Institut Kiné-Concept"}, "N#####"}},
	"GB": {
		{"certification", "voluntary_register", []string{"CNHC"}, "0N####"},
		{"certification", "voluntary_register", []string{"FHT"}, "N#####"},
	},
	// The issuer is the metro's Land authority (metro.authority).
	"DE": {{"licence", "state_license", []string{"Landesbehörde"}, "MB-N###/##"}},
	"FR": {{"licence", "state_license", []string{"Conseil national de l'Ordre des masseurs-kinésithérapeutes"}, "10N########"}},
}

// fill draws a number in a pattern's shape.
func fill(r *rand.Rand, pattern string) string {
	const letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
	var b strings.Builder
	for _, c := range pattern {
		switch c {
		case '#':
			b.WriteByte(byte('0' + r.IntN(10)))
		case 'N':
			b.WriteByte(byte('1' + r.IntN(9)))
		case '@':
			b.WriteByte(letters[r.IntN(len(letters))])
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}

// day is the date of t, at 00:00 UTC, as credentials store expiry dates.
func day(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// before is an instant between minDays and maxDays before now, to the second.
func before(r *rand.Rand, now time.Time, minDays, maxDays int) *time.Time {
	secs := minDays*86400 + r.IntN((maxDays-minDays)*86400)
	t := now.Add(-time.Duration(secs) * time.Second).UTC().Truncate(time.Second)
	return &t
}

// credentials draws the therapist's main credential for their jurisdiction
// — mostly verified and current, some pending, expired or rejected — and
// sometimes further certifications.
func credentials(r *rand.Rand, m *metro, offersThai bool, now time.Time) []therapist.Credential {
	rule := pick(r, credentialRules[m.jurisdiction])
	main := therapist.Credential{
		Kind: rule.kind, Type: rule.typ, Number: fill(r, rule.number),
		Jurisdiction: m.jurisdiction, Issuer: pick(r, rule.issuers),
	}
	if m.authority != "" {
		main.Issuer = m.authority
	}
	today := day(now)
	current := today.AddDate(0, 0, 183+r.IntN(913)) // 6 to 36 months ahead
	switch u := r.Float64(); {
	case u < 0.85:
		main.Status, main.ExpiresOn, main.VerifiedAt = "verified", current, before(r, now, 1, 700)
	case u < 0.93:
		main.Status, main.ExpiresOn = "pending", current
	case u < 0.97:
		// Verified once, lapsed since: past its expiry, so not bookable.
		main.Status, main.ExpiresOn = "verified", today.AddDate(0, 0, -1-r.IntN(300))
		main.VerifiedAt = before(r, main.ExpiresOn, 200, 900)
	default:
		main.Status, main.ExpiresOn = "rejected", current
	}
	out := []therapist.Credential{main}

	extra := func(typ, issuer, number, jurisdiction string, days int) {
		c := therapist.Credential{Kind: "certification", Type: typ, Issuer: issuer, Number: fill(r, number),
			Jurisdiction: jurisdiction, ExpiresOn: today.AddDate(0, 0, 60+r.IntN(days)), Status: "pending"}
		if chance(r, 0.85) {
			c.Status, c.VerifiedAt = "verified", before(r, now, 1, 500)
		}
		out = append(out, c)
	}
	country, _, _ := strings.Cut(m.jurisdiction, "-")
	if country == "US" && rule.typ != "board_certification" && chance(r, 0.15) {
		extra("board_certification", "NCBTMB", "N#####", "US", 670)
	}
	if offersThai && chance(r, 0.6) {
		extra("specialty_training", "Wat Po Thai Traditional Medical School", "WP-N####", "TH", 1500)
	}
	if country == "US" && chance(r, 0.2) {
		extra("cpr", "American Red Cross", "@@N####", "US", 670)
	}
	if country == "CA" && chance(r, 0.2) {
		extra("cpr", "Canadian Red Cross", "@@N####", "CA", 1035)
	}
	return out
}
