package web

import (
	"fmt"
	"strings"
	"time"

	"github.com/knead/knead/internal/practice"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/therapist"
)

// The schema.org description of a public profile, written into the page as
// JSON-LD (a <script type="application/ld+json">, which browsers never run,
// so the CSP's script-src does not apply to it): the therapist as a Person,
// each location as the business they work in with its address, position,
// opening hours, premises features and priced services, and the verified,
// unexpired credentials only — a pending one is no claim to publish.

type ldThing = map[string]any

// profileLD is what the JSON-LD is built from.
type profileLD struct {
	Practice    practice.Practice
	URL, Photo  string // absolute; Photo "" when there is none
	Hours       map[int64][]store.HoursRow
	Credentials []therapist.Credential // verified and unexpired
}

var ldWeekdays = []string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}

// jsonLD builds the page's @graph.
func (in profileLD) jsonLD() ldThing {
	p := in.Practice.Profile
	person := ldThing{"@type": "Person", "@id": in.URL + "#person", "name": p.Name, "url": in.URL,
		"jobTitle": "Massage therapist", "knowsLanguage": nonNilList(p.Languages)}
	if p.Bio != "" {
		person["description"] = p.Bio
	}
	if in.Photo != "" {
		person["image"] = in.Photo
	}
	var knows []string
	for _, t := range techniquesOf(in.Practice.Services) {
		knows = append(knows, therapist.TechniqueNames[t]+" massage")
	}
	for _, f := range focusOf(p.Focus) {
		knows = append(knows, f+" pain")
	}
	if len(knows) > 0 {
		person["knowsAbout"] = knows
	}
	creds := make([]ldThing, len(in.Credentials))
	for i, c := range in.Credentials {
		creds[i] = credentialLD(c)
	}
	person["hasCredential"] = creds
	graph := []ldThing{person}
	var works []ldThing
	for _, l := range in.Practice.Locations {
		b := in.businessLD(l)
		works = append(works, ldThing{"@id": b["@id"]})
		graph = append(graph, b)
	}
	if works != nil {
		person["worksFor"] = works
	}
	return ldThing{"@context": "https://schema.org", "@graph": graph}
}

// businessLD describes one location as a business.
func (in profileLD) businessLD(l therapist.Location) ldThing {
	p := in.Practice.Profile
	country, region, _ := strings.Cut(l.Jurisdiction, "-")
	addr := ldThing{"@type": "PostalAddress", "streetAddress": l.Address, "addressCountry": country}
	if region != "" {
		addr["addressRegion"] = region
	}
	if l.City != "" {
		addr["addressLocality"] = l.City
	}
	if l.PostalCode != "" {
		addr["postalCode"] = l.PostalCode
	}
	b := ldThing{"@type": "HealthAndBeautyBusiness", "@id": fmt.Sprintf("%s#location-%d", in.URL, l.ID),
		"name": l.Name, "url": in.URL, "address": addr,
		"geo":      ldThing{"@type": "GeoCoordinates", "latitude": l.Lat, "longitude": l.Lon},
		"employee": ldThing{"@id": in.URL + "#person"}}
	if in.Photo != "" {
		b["image"] = in.Photo
	}
	var hours []ldThing
	for _, h := range in.Hours[l.ID] {
		hours = append(hours, ldThing{"@type": "OpeningHoursSpecification", "dayOfWeek": "https://schema.org/" + ldWeekdays[h.Weekday],
			"opens": ldClock(h.StartMinute), "closes": ldClock(h.EndMinute)})
	}
	if hours != nil {
		b["openingHoursSpecification"] = hours
	}
	var features []ldThing
	for _, a := range p.Access {
		features = append(features, ldThing{"@type": "LocationFeatureSpecification", "name": therapist.AccessNames[a], "value": true})
	}
	if features != nil {
		b["amenityFeature"] = features
	}
	var offers []ldThing
	for _, s := range in.Practice.Services {
		if s.LocationID == l.ID {
			offers = append(offers, ldThing{"@type": "Offer", "price": setupAmount(s.PriceAmount, s.Currency), "priceCurrency": s.Currency,
				"itemOffered": ldThing{"@type": "Service", "name": s.Name, "serviceType": therapist.TechniqueNames[s.Technique] + " massage",
					"provider": ldThing{"@id": in.URL + "#person"}}})
		}
	}
	if offers != nil {
		b["makesOffer"] = offers
	}
	return b
}

// credentialLD describes a verified credential.
func credentialLD(c therapist.Credential) ldThing {
	category, name := "license", "Massage therapy licence"
	if c.Kind == therapist.KindCertification {
		category, name = "certification", "Massage therapy certification"
	}
	if n := therapist.TypeNames[c.Type]; n != "" {
		name = n
	}
	return ldThing{"@type": "EducationalOccupationalCredential", "credentialCategory": category, "name": name,
		"identifier": c.Number, "recognizedBy": ldThing{"@type": "Organization", "name": c.Issuer},
		"validIn": ldThing{"@type": "AdministrativeArea", "name": c.Jurisdiction}, "expires": c.ExpiresOn.Format(time.DateOnly)}
}

// ldClock writes minutes of the day as HH:MM; the end of the day is 24:00
// in knead and 23:59 in schema.org's opening hours.
func ldClock(m int) string {
	if m >= 24*60 {
		return "23:59"
	}
	return fmt.Sprintf("%02d:%02d", m/60, m%60)
}

func nonNilList(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}
