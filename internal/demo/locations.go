package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"

	"github.com/knead/knead/internal/therapist"
)

// regions holds each metro's places split at innerKm, by metro name.
var regions = func() map[string][2][]place {
	out := make(map[string][2][]place, len(metros))
	for i := range metros {
		inner, outer := metros[i].split()
		out[metros[i].name] = [2][]place{inner, outer}
	}
	return out
}()

// drawPlace picks an inner place innerChance of the time, else an outer one.
func drawPlace(r *rand.Rand, m *metro) place {
	reg := regions[m.name]
	if chance(r, innerChance) || len(reg[1]) == 0 {
		return pick(r, reg[0])
	}
	return pick(r, reg[1])
}

// locations gives most therapists one place of work and some a second one
// in another part of the same metro.
func locations(r *rand.Rand, m *metro, who person) []therapist.Location {
	first := drawPlace(r, m)
	places := []place{first}
	if chance(r, 0.18) {
		for range 5 {
			if p := drawPlace(r, m); p.area != first.area {
				places = append(places, p)
				break
			}
		}
	}
	out := make([]therapist.Location, len(places))
	for i, p := range places {
		lat, lon := scatter(r, m, p)
		line, code := address(r, m, p)
		out[i] = therapist.Location{
			Name: locationName(r, m, who, p), Address: line, City: p.town, PostalCode: code,
			Lat: lat, Lon: lon, TimeZone: m.zone, Jurisdiction: m.jurisdiction,
		}
	}
	return out
}

// scatter places a practice around its neighbourhood's centre: within a
// kilometre or so in the dense core, a few kilometres in outer towns.
func scatter(r *rand.Rand, m *metro, p place) (lat, lon float64) {
	spread := 2.0
	if distanceKm(m.lat, m.lon, p.lat, p.lon) < 6 {
		spread = 1.2
	}
	clip := func(x float64) float64 { return math.Max(-2.5, math.Min(2.5, x)) * spread }
	north, east := clip(r.NormFloat64()), clip(r.NormFloat64())
	const kmPerDegree = 111.32
	lat = p.lat + north/kmPerDegree
	lon = p.lon + east/(kmPerDegree*math.Cos(p.lat*math.Pi/180))
	round := func(x float64) float64 { return math.Round(x*1e5) / 1e5 } // about a metre
	return round(lat), round(lon)
}

var locationNames = map[style][]string{
	styleUS: {"{a} Massage Studio", "{l} Massage Therapy", "{a} Back Care Center", "Bodywork by {f}", "{a} Wellness Clinic"},
	styleCA: {"{a} Massage Studio", "{l} Registered Massage Therapy", "{a} Back Care Centre", "Bodywork by {f}", "{a} Wellness Clinic"},
	styleQC: {"Massothérapie {l}", "Clinique de massothérapie {a}", "Studio {f} {l}", "Espace santé {a}"},
	styleGB: {"{a} Massage Rooms", "{l} Sports & Remedial Massage", "{a} Back Clinic", "{a} Wellbeing Centre"},
	styleDE: {"Massagepraxis {l}", "Praxis für Massage {a}", "Rückenpraxis {a}", "Massage {f} {l}"},
	styleFR: {"Cabinet {l}", "Cabinet de kinésithérapie {a}", "Espace massage {a}", "Cabinet {f} {l}"},
}

// locationName names a practice. Names without the area get it appended,
// so a therapist's two locations never share a name.
func locationName(r *rand.Rand, m *metro, who person, p place) string {
	t := pick(r, locationNames[m.style])
	if !strings.Contains(t, "{a}") {
		t += " – {a}"
	}
	return strings.NewReplacer("{a}", p.area, "{l}", who.last, "{f}", who.first).Replace(t)
}

// address writes a one-line postal address the way the country does and
// returns it with the postal code.
func address(r *rand.Rand, m *metro, p place) (line, code string) {
	streets := p.streets
	if len(streets) == 0 {
		streets = suburbStreets[m.style]
	}
	street := pick(r, streets)
	code = postalCode(r, m.style, p)
	switch m.style {
	case styleDE:
		return fmt.Sprintf("%s %d, %s %s", street, 1+r.IntN(120), code, p.town), code
	case styleFR:
		return fmt.Sprintf("%d %s, %s %s", 1+r.IntN(120), street, code, p.town), code
	case styleGB:
		// British addresses name the district before the post town.
		district := ""
		if p.area != p.town {
			district = ", " + p.area
		}
		unit := ""
		if chance(r, 0.25) {
			unit = pick(r, []string{"First Floor", "Suite 2", "Unit 4", "The Studio"}) + ", "
		}
		return fmt.Sprintf("%s%d %s%s, %s %s", unit, 1+r.IntN(250), street, district, p.town, code), code
	}
	suite := ""
	if chance(r, 0.3) {
		label := map[style]string{styleUS: "Suite", styleCA: "Suite", styleQC: "bureau"}[m.style]
		suite = fmt.Sprintf(", %s %d", label, 100*(1+r.IntN(4))+r.IntN(20))
	}
	return fmt.Sprintf("%d %s%s, %s, %s %s", 10+r.IntN(3990), street, suite, p.town, m.region, code), code
}

// postalCode completes a place's postal code: GB and Canadian places list
// only the outward half, so the inward half is drawn in its usual shape.
func postalCode(r *rand.Rand, st style, p place) string {
	outward := pick(r, p.postal)
	digit := func() byte { return byte('0' + r.IntN(10)) }
	letter := func(from string) byte { return from[r.IntN(len(from))] }
	switch st {
	case styleGB:
		const inward = "ABDEFGHJLNPQRSTUWXYZ"
		return outward + " " + string([]byte{digit(), letter(inward), letter(inward)})
	case styleCA, styleQC:
		const ldu = "ABCEGHJKLMNPRSTVWXYZ"
		return outward + " " + string([]byte{digit(), letter(ldu), digit()})
	}
	return outward
}
