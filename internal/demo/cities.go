package demo

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Therapists live in real metropolitan areas. Each metro lists real places —
// inner neighbourhoods and outer towns — with their own coordinates and
// postal codes, so that an address, its postal code, its town and its
// jurisdiction agree (a point 40 km west of Manhattan would be in New
// Jersey, which licenses therapists separately). Places closer than innerKm
// to the centre are drawn often enough that a 25 km search around the centre
// holds about two thirds of the metro's therapists; the rest lie out to
// about 60 km.

const (
	innerKm     = 25.0
	innerChance = 0.66
)

// style is how a country writes addresses.
type style int

const (
	styleUS style = iota
	styleCA       // English Canada
	styleQC       // Quebec: French street names, Canadian postal codes
	styleGB
	styleDE
	styleFR
)

// place is a neighbourhood or town of a metro.
type place struct {
	area   string   // what a location's name says: "Park Slope"
	town   string   // the location's city field: "Brooklyn"
	lat    float64  // degrees
	lon    float64  // degrees
	postal []string // postal codes; in GB and Canada the outward part only
	// streets are real streets of the area; places without them use the
	// country's everyday street names (suburbStreets).
	streets []string
}

// pl builds a place; an empty town means the area is the town.
func pl(area, town string, lat, lon float64, postal string) place {
	if town == "" {
		town = area
	}
	return place{area: area, town: town, lat: lat, lon: lon, postal: strings.Fields(postal)}
}

// on gives a place its own streets.
func (p place) on(streets string) place {
	p.streets = words(streets)
	return p
}

// share is one part of a weighted mix.
type share struct {
	key    string
	weight int
}

// mix parses "en:35 es:18" into shares.
func mix(s string) []share {
	var out []share
	for _, f := range strings.Fields(s) {
		k, w, _ := strings.Cut(f, ":")
		n, err := strconv.Atoi(w)
		if err != nil {
			panic(fmt.Sprintf("demo: bad share %q", f))
		}
		out = append(out, share{k, n})
	}
	return out
}

// metro is a metropolitan area therapists work in.
type metro struct {
	name         string
	region       string // state or province as addresses write it ("NY", "ON"); empty in Europe
	jurisdiction string // ISO 3166-2, or a country code in Europe
	zone         string // IANA
	currency     string // ISO 4217
	lang         string // the language most people speak there
	style        style
	lat, lon     float64 // the centre
	weight       int     // relative number of therapists
	price60      int     // a typical 60-minute price, whole units of currency
	authority    string  // who issues licences, where that differs inside one jurisdiction
	cultures     []share
	places       []place
}

// metros is every metro, in a fixed order: therapists are drawn from it by
// index, so reordering it changes the data set of every seed.
var metros = concat(usMetros, canadaMetros, europeMetros)

func concat(lists ...[]metro) []metro {
	var out []metro
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// suburbStreets are street names found in almost every town of a country.
var suburbStreets = map[style][]string{
	styleUS: words("Main Street, Oak Street, Maple Avenue, Washington Street, Park Avenue, Elm Street, Church Street, Lincoln Avenue, Highland Avenue, Center Street, Pine Street, Lake Street, Franklin Street, Spring Street, Chestnut Street, Market Street"),
	styleCA: words("Main Street, King Street, Queen Street, Victoria Street, Church Street, Water Street, Lakeshore Road, Centre Street, Maple Avenue, Park Street, Mill Street, Elgin Street"),
	styleQC: words("rue Principale, rue Notre-Dame, rue Saint-Georges, rue de l'Église, boulevard des Laurentides, rue Saint-Jacques, chemin du Lac, rue Laval, boulevard Taschereau, rue King"),
	styleGB: words("High Street, Station Road, Church Road, Park Road, London Road, Victoria Road, Green Lane, Manor Road, Church Street, Mill Lane, King Street, Queens Road"),
	styleDE: words("Hauptstraße, Bahnhofstraße, Schulstraße, Gartenstraße, Dorfstraße, Bergstraße, Lindenstraße, Kirchstraße, Waldstraße, Ringstraße, Goethestraße, Schillerstraße"),
	styleFR: words("rue de la République, avenue Jean Jaurès, rue Victor Hugo, rue Pasteur, rue de Paris, avenue du Général de Gaulle, boulevard Gambetta, rue Jules Ferry, rue de l'Église, rue Nationale"),
}

// distanceKm is the great-circle distance between two points.
func distanceKm(lat1, lon1, lat2, lon2 float64) float64 {
	const earthKm = 6371.0
	rad := math.Pi / 180
	dLat, dLon := (lat2-lat1)*rad, (lon2-lon1)*rad
	a := math.Sin(dLat/2)*math.Sin(dLat/2) +
		math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * earthKm * math.Asin(math.Min(1, math.Sqrt(a)))
}

// inner and outer split a metro's places at innerKm from its centre.
func (m *metro) split() (inner, outer []place) {
	for _, p := range m.places {
		if distanceKm(m.lat, m.lon, p.lat, p.lon) < innerKm {
			inner = append(inner, p)
		} else {
			outer = append(outer, p)
		}
	}
	return inner, outer
}

// Metro is a demo metro's name and centre, for searches and benchmarks
// that look near where the demo therapists are.
type Metro struct {
	Name     string
	Lat, Lon float64
	Zone     string
}

// Metros lists the demo metros in the data set's order.
func Metros() []Metro {
	out := make([]Metro, len(metros))
	for i, m := range metros {
		out[i] = Metro{m.name, m.lat, m.lon, m.zone}
	}
	return out
}
