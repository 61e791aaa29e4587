package directory

import (
	"math"

	"github.com/knead/knead/internal/store"
)

// earthKm is the mean radius of the Earth.
const earthKm = 6371.0088

// distanceKm is the great-circle distance (haversine): exact enough for
// "within 25 km", and cheap in Go for thousands of candidates, so neither
// database needs a spatial extension.
func distanceKm(a, b Point) float64 {
	const rad = math.Pi / 180
	dLat, dLon := (b.Lat-a.Lat)*rad, (b.Lon-a.Lon)*rad
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(a.Lat*rad)*math.Cos(b.Lat*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * earthKm * math.Asin(math.Min(1, math.Sqrt(h)))
}

// boxAround is a latitude/longitude rectangle holding the circle: the
// index narrows the candidates to it, and distanceKm decides. Near a pole
// the circle reaches every longitude; across the antimeridian the box
// wraps (MinLon > MaxLon).
func boxAround(p Point, km float64) store.Box {
	dLat := km / earthKm * 180 / math.Pi
	b := store.Box{MinLat: p.Lat - dLat, MaxLat: p.Lat + dLat, MinLon: -180, MaxLon: 180}
	if b.MinLat <= -90 || b.MaxLat >= 90 {
		b.MinLat, b.MaxLat = max(b.MinLat, -90), min(b.MaxLat, 90)
		return b
	}
	// The widest longitude span of the circle: asin(sin r / cos lat).
	s := math.Sin(km/earthKm) / math.Cos(p.Lat*math.Pi/180)
	if s >= 1 {
		return b
	}
	dLon := math.Asin(s) * 180 / math.Pi
	b.MinLon, b.MaxLon = p.Lon-dLon, p.Lon+dLon
	if b.MinLon < -180 {
		b.MinLon += 360
	}
	if b.MaxLon > 180 {
		b.MaxLon -= 360
	}
	return b
}
