package demo

import (
	"time"

	"github.com/knead/knead/internal/store"
)

// hoursStream draws working hours from a stream of their own, so adding
// hours left every earlier draw (names, places, services) as it was.
const hoursStream = 0x686f_7572_0000_0000

// A weekly pattern: intervals in local minutes, by weekday (0 = Sunday).
type pattern [7][][2]int

var hourPatterns = []struct {
	weight int
	p      pattern
}{
	{40, weekdays([2]int{9 * 60, 17 * 60})},
	{20, weekdays([2]int{10 * 60, 19 * 60})},
	{20, pattern{2: {{8 * 60, 14 * 60}, {15 * 60, 20 * 60}}, 3: {{8 * 60, 14 * 60}, {15 * 60, 20 * 60}},
		4: {{8 * 60, 14 * 60}, {15 * 60, 20 * 60}}, 5: {{8 * 60, 14 * 60}, {15 * 60, 20 * 60}}, 6: {{9 * 60, 14 * 60}}}},
	{20, pattern{1: {{12 * 60, 21 * 60}}, 3: {{12 * 60, 21 * 60}}, 5: {{12 * 60, 21 * 60}}, 6: {{9 * 60, 13 * 60}}}},
}

func weekdays(iv [2]int) pattern {
	var p pattern
	for d := time.Monday; d <= time.Friday; d++ {
		p[d] = [][2]int{iv}
	}
	return p
}

// secondPlace is how therapists with two locations work at the second one.
var secondPlace = pattern{2: {{17 * 60, 21 * 60}}, 4: {{17 * 60, 21 * 60}}}

// hours draws therapist i's weekly hours for each of their n locations.
func hours(seed int64, i, n int) [][]store.HoursRow {
	r := rngFor(seed, hoursStream, i)
	weights := make([]int, len(hourPatterns))
	for k, hp := range hourPatterns {
		weights[k] = hp.weight
	}
	out := make([][]store.HoursRow, n)
	for loc := range n {
		p := hourPatterns[weightedIndex(r, weights)].p
		if loc > 0 {
			p = secondPlace
		}
		for wd, ivs := range p {
			for _, iv := range ivs {
				out[loc] = append(out[loc], store.HoursRow{Weekday: wd, StartMinute: iv[0], EndMinute: iv[1]})
			}
		}
	}
	return out
}
