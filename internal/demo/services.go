package demo

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/knead/knead/internal/therapist"
)

// serviceLabels are how a service name starts, per technique.
var serviceLabels = map[string]string{
	"swedish":       "Swedish massage",
	"deep_tissue":   "Deep tissue",
	"trigger_point": "Trigger point therapy",
	"thai":          "Thai massage",
}

// focusPhrases finish a service name: "Deep tissue for low back, 60 min".
var focusPhrases = map[string]string{
	"low_back":   "low back",
	"upper_back": "upper back",
	"neck":       "neck and shoulders",
	"sciatica":   "sciatica",
	"pregnancy":  "pregnancy back pain",
	"sports":     "sports recovery",
}

var (
	durations      = []int{30, 45, 60, 90}
	durationWeight = []int{10, 20, 45, 25}
	// Shorter sessions cost more per minute, as they do in practice.
	durationPrice = []float64{0.6, 0.8, 1, 1.45}
	buffers       = []int{0, 10, 15}
	bufferWeight  = []int{40, 35, 25}
)

// techniqueWeight follows therapist.Techniques; Thai therapists offer Thai
// massage far more often than others.
func techniqueWeight(who person) []int {
	if who.culture == "th" {
		return []int{15, 20, 10, 55}
	}
	return []int{30, 38, 24, 8}
}

var techniquePrice = map[string]float64{"swedish": 0.95, "deep_tissue": 1.08, "trigger_point": 1.05, "thai": 1}

// services draws 1–4 services, at least one at every location, priced from
// the metro's usual rate and the therapist's own standing. It returns each
// service's location as an index into the therapist's locations.
func services(r *rand.Rand, m *metro, who person, focus []string, nloc int) ([]therapist.Service, []int) {
	n := max(nloc, 1+weightedIndex(r, []int{20, 35, 30, 15}))
	standing := 0.85 + 0.4*r.Float64()
	weights := techniqueWeight(who)
	type key struct{ technique, duration, loc int }
	seen := map[key]bool{}
	var out []therapist.Service
	var at []int
	for tries := 0; len(out) < n && tries < 30; tries++ {
		loc := len(out)
		if loc >= nloc {
			loc = r.IntN(nloc)
		}
		t, d := weightedIndex(r, weights), weightedIndex(r, durationWeight)
		if seen[key{t, d, loc}] {
			continue
		}
		seen[key{t, d, loc}] = true
		technique := therapist.Techniques[t]
		price := float64(m.price60) * durationPrice[d] * techniquePrice[technique] * standing
		out = append(out, therapist.Service{
			Name:            fmt.Sprintf("%s for %s, %d min", serviceLabels[technique], focusPhrases[pick(r, focus)], durations[d]),
			Technique:       technique,
			DurationMinutes: durations[d],
			PriceAmount:     int64(math.Round(price/5)*5) * 100, // whole fives, in minor units
			Currency:        m.currency,
			BufferMinutes:   buffers[weightedIndex(r, bufferWeight)],
		})
		at = append(at, loc)
	}
	return out, at
}
