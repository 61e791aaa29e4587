package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/therapist"
)

// Every therapist and client draws from a generator of their own, seeded
// by the data set's seed and their number, so therapist 7 is the same
// whether 10 or 10,000 are loaded, and adding more never changes the first.
const (
	therapistStream = 0x7468_6572_0000_0000
	clientStream    = 0x636c_6965_0000_0000
)

func rngFor(seed int64, stream uint64, i int) *rand.Rand {
	return rand.New(rand.NewPCG(splitmix(uint64(seed)), splitmix(stream^uint64(i))))
}

// splitmix scatters nearby integers (seeds 1, 2, 3…) across the state space.
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func chance(r *rand.Rand, p float64) bool { return r.Float64() < p }

// weightedIndex draws an index in proportion to weights.
func weightedIndex(r *rand.Rand, weights []int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := r.IntN(total)
	for i, w := range weights {
		if n < w {
			return i
		}
		n -= w
	}
	panic("demo: no weights")
}

// weighted draws a key from shares in proportion to their weights.
func weighted(r *rand.Rand, shares []share) string {
	weights := make([]int, len(shares))
	for i, s := range shares {
		weights[i] = s.weight
	}
	return shares[weightedIndex(r, weights)].key
}

var metroWeights = func() []int {
	out := make([]int, len(metros))
	for i, m := range metros {
		out[i] = m.weight
	}
	return out
}()

func drawMetro(r *rand.Rand) *metro { return &metros[weightedIndex(r, metroWeights)] }

// draft is a therapist before the database has given ids: services point
// at their location by index.
type draft struct {
	user        store.NewUser
	profile     therapist.Profile
	locations   []therapist.Location
	services    []therapist.Service
	serviceLoc  []int
	credentials []therapist.Credential
	hours       [][]store.HoursRow // per location
}

// newTherapist draws therapist number i of the data set for seed.
func newTherapist(seed int64, i int, now time.Time) draft {
	r := rngFor(seed, therapistStream, i)
	m := drawMetro(r)
	gender := weighted(r, genders)
	feminine := gender == "female" || (gender != "male" && chance(r, 0.5))
	who := drawPerson(r, weighted(r, m.cultures), feminine)
	if gender == "-" {
		gender = "" // not said
	}
	d := draft{profile: therapist.Profile{
		Slug:          fmt.Sprintf("%s-%d", slugify(who.name()), i),
		Name:          who.name(),
		Gender:        gender,
		Languages:     languages(r, m, who),
		Focus:         focuses(r, gender),
		YearsBackPain: 1 + int(29*math.Pow(r.Float64(), 1.6)),
	}}
	d.locations = locations(r, m, who)
	d.hours = hours(seed, i, len(d.locations))
	d.services, d.serviceLoc = services(r, m, who, d.profile.Focus, len(d.locations))
	var techniques []string
	for _, s := range d.services {
		if !slices.Contains(techniques, s.Technique) {
			techniques = append(techniques, s.Technique)
		}
	}
	p := &d.profile
	p.PressureMin = 1 + r.IntN(3)
	p.PressureMax = p.PressureMin + 1 + r.IntN(5-p.PressureMin)
	if slices.Contains(techniques, "deep_tissue") {
		p.PressureMax = max(p.PressureMax, 4)
	}
	p.Bio = bio(r, m, inEnglish(d.locations[0].City), p.YearsBackPain, p.Focus, techniques, p.Languages, p.PressureMin, p.PressureMax)
	d.credentials = credentials(r, m, slices.Contains(techniques, "thai"), now)
	d.user = store.NewUser{Email: fmt.Sprintf("therapist%d@%s", i, Domain), Name: p.Name, Role: "therapist",
		TimeZone: m.zone, EmailVerifiedAt: &now, CreatedAt: now}
	return d
}

// inEnglish spells a town as English prose does; bios are in English.
func inEnglish(town string) string {
	if en, ok := map[string]string{"München": "Munich", "Montréal": "Montreal"}[town]; ok {
		return en
	}
	return town
}

// newClient draws client number i of the data set for seed.
func newClient(seed int64, i int, now time.Time) store.NewUser {
	r := rngFor(seed, clientStream, i)
	m := drawMetro(r)
	who := drawPerson(r, weighted(r, m.cultures), chance(r, 0.6))
	return store.NewUser{Email: fmt.Sprintf("client%d@%s", i, Domain), Name: who.name(), Role: "client",
		TimeZone: m.zone, EmailVerifiedAt: &now, CreatedAt: now}
}

// Most massage therapists are women; "-" leaves the field empty.
var genders = mix("female:68 male:22 nonbinary:3 -:7")

// languages: the local language, often the therapist's family language,
// often English where it is not the local one, now and then one more.
func languages(r *rand.Rand, m *metro, who person) []string {
	out := []string{m.lang}
	add := func(l string) {
		if !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	if chance(r, 0.75) {
		add(cultures[who.culture].lang)
	}
	english := map[string]float64{"fr": 0.55, "de": 0.6}[m.lang]
	if m.style == styleQC {
		english = 0.75
	}
	if chance(r, english) {
		add("en")
	}
	if chance(r, 0.08) {
		add(pick(r, extraLanguages[m.style]))
	}
	return out
}

var extraLanguages = map[style][]string{
	styleUS: {"es", "fr", "de"}, styleCA: {"fr", "es"}, styleQC: {"es", "en"},
	styleGB: {"fr", "es", "de"}, styleDE: {"en", "fr", "es"}, styleFR: {"en", "es", "it"},
}

// focuses draws a back-pain focus; low back is by far the most common.
func focuses(r *rand.Rand, gender string) []string {
	var out []string
	for _, f := range therapist.Focuses {
		p := map[string]float64{"low_back": 0.8, "upper_back": 0.35, "neck": 0.4, "sciatica": 0.35, "sports": 0.25}[f]
		if f == "pregnancy" {
			p = 0.03
			if gender == "female" {
				p = 0.18
			}
		}
		if chance(r, p) {
			out = append(out, f)
		}
	}
	if len(out) == 0 {
		out = []string{"low_back"}
	}
	return out
}
