package screening

import (
	"encoding/json"
	"slices"
	"sync"
	"time"

	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/triage"
)

// evaluated remembers what the rules made of stored answers. Evaluation
// is a pure function of the answers, the date of birth and the day taken
// (the rules are this program's code), and the booking gate re-evaluates
// a client's screenings on every booking: decoding their JSON and running
// the rules again was a fifth of a booking's allocations. Keyed by the
// stored text itself, a hit is the same evaluation, never a stale one.
var evaluated = newResultCache(2048)

type resultKey struct {
	answers, conditions, dateOfBirth string
	day                              time.Time
}

// resultCache keeps two generations of at most size entries each: a full
// generation becomes the old one, and a hit there moves to the new one —
// what is used stays, the rest goes, and memory stays bounded.
type resultCache struct {
	mu       sync.Mutex
	size     int
	cur, old map[resultKey]triage.Result
}

func newResultCache(size int) *resultCache {
	return &resultCache{size: size, cur: map[resultKey]triage.Result{}, old: map[resultKey]triage.Result{}}
}

// evaluate is triage.Evaluate of a stored screening's answers, on the
// date it was taken, remembered.
func (c *resultCache) evaluate(row store.Screening) (triage.Result, error) {
	k := resultKey{row.Answers, row.Conditions, row.DateOfBirth, Today(row.TakenAt)}
	c.mu.Lock()
	r, ok := c.cur[k]
	if !ok {
		if r, ok = c.old[k]; ok {
			c.put(k, r)
		}
	}
	c.mu.Unlock()
	if ok {
		return r, nil
	}
	var answers, conditions map[string]string
	_ = json.Unmarshal([]byte(row.Answers), &answers)
	_ = json.Unmarshal([]byte(row.Conditions), &conditions)
	r, err := triage.Evaluate(answers, conditions, row.DateOfBirth, k.day)
	if err != nil {
		return r, err
	}
	// Shared between readers: an append must copy, never write into
	// another reader's array.
	r.Flags, r.Combinations, r.ExcludedTechniques = slices.Clip(r.Flags), slices.Clip(r.Combinations), slices.Clip(r.ExcludedTechniques)
	r.Guidance = slices.Clip(r.Guidance)
	c.mu.Lock()
	c.put(k, r)
	c.mu.Unlock()
	return r, nil
}

// put adds under c.mu.
func (c *resultCache) put(k resultKey, r triage.Result) {
	if len(c.cur) >= c.size {
		c.old, c.cur = c.cur, make(map[resultKey]triage.Result, c.size)
	}
	c.cur[k] = r
}
