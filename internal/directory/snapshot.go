package directory

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/therapist"
	"github.com/knead/knead/internal/tz"
)

// snapshot is the slow-changing part of the directory, in memory: every
// live location with a live service, sorted by latitude so that a radius
// search reads only the band of the circle's box. Reading these candidates
// from the database at each search was most of a search's time
// (docs/benchmarks.md); they change when a therapist edits a profile, not
// when someone books.
//
// A snapshot is never changed once built: searches share it without locks
// and a reload replaces it whole.
type snapshot struct {
	gen      int64
	cands    []store.Candidate // by Lat; Weekly shared when equal, without LocationID
	zones    []*time.Location  // of cands
	listings map[int64]*store.Listing
}

// current returns a snapshot read at the directory's generation
// now. The generation is one single-row read; when another server (or this
// one) changed the directory since the snapshot was read, it is read again.
// Concurrent searches wait for one reload rather than each reading.
func (s *Service) current(ctx context.Context) (*snapshot, error) {
	gen, err := store.DirectoryGeneration(ctx, s.db.R())
	if err != nil {
		return nil, err
	}
	if snap := s.snap.Load(); snap != nil && snap.gen == gen {
		return snap, nil
	}
	s.reload.Lock()
	defer s.reload.Unlock()
	if snap := s.snap.Load(); snap != nil && snap.gen == gen {
		return snap, nil
	}
	// The rows are read after the generation, so they are at least that new;
	// a change in between only makes the next search read them again.
	cands, err := store.DirectoryCandidates(ctx, s.db.R(), s.bookability)
	if err != nil {
		return nil, err
	}
	listings, err := store.DirectoryListings(ctx, s.db.R(), s.bookability)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(cands, func(a, b store.Candidate) int {
		if a.Lat < b.Lat {
			return -1
		}
		if a.Lat > b.Lat {
			return 1
		}
		return 0
	})
	snap := &snapshot{gen: gen, cands: slices.Clip(cands), zones: make([]*time.Location, len(cands)), listings: listings}
	weeks := map[string][]store.HoursRow{}
	var key []byte
	strs := map[string]string{}
	intern := func(v *string) {
		if u, ok := strs[*v]; ok {
			*v = u
		} else {
			strs[*v] = *v
		}
	}
	for i := range cands {
		c := &cands[i]
		snap.zones[i] = tz.Or(c.TimeZone)
		// The same few zones, codes and techniques, once each: this also lets
		// go of the folded text the services were cut from.
		intern(&c.TimeZone)
		intern(&c.Jurisdiction)
		intern(&c.Gender)
		for j := range c.Services {
			intern(&c.Services[j].Technique)
			intern(&c.Services[j].Currency)
		}
		for j := range c.Languages {
			intern(&c.Languages[j])
		}
		for j := range c.Focus {
			intern(&c.Focus[j])
		}
		// Most locations keep the same few weekly hours: sharing them saves
		// memory, and a search computes their openings once (opener).
		key = key[:0]
		for j := range c.Weekly {
			c.Weekly[j].LocationID = 0
			key = fmt.Appendf(key, "%d:%d:%d,", c.Weekly[j].Weekday, c.Weekly[j].StartMinute, c.Weekly[j].EndMinute)
		}
		if w, ok := weeks[string(key)]; ok {
			c.Weekly = w
		} else {
			weeks[string(key)] = c.Weekly
		}
	}
	for _, l := range listings {
		for j := range l.Techniques {
			intern(&l.Techniques[j])
		}
		for j := range l.Languages {
			intern(&l.Languages[j])
		}
		for j := range l.Credentials {
			intern(&l.Credentials[j].Kind)
			intern(&l.Credentials[j].Jurisdiction)
			intern(&l.Credentials[j].Status)
		}
	}
	s.snap.Store(snap)
	return snap, nil
}

// inBox is the range of candidates in b's latitude band, or all without a
// box. The box is inclusive, as SQL's between was.
func (sn *snapshot) inBox(b *store.Box) (lo, hi int) {
	cands := sn.cands
	if b == nil {
		return 0, len(cands)
	}
	lo = sort.Search(len(cands), func(i int) bool { return cands[i].Lat >= b.MinLat })
	hi = sort.Search(len(cands), func(i int) bool { return cands[i].Lat > b.MaxLat })
	return lo, max(lo, hi)
}

// bookableUntil is c.Until when a credential still counts on day.
func bookableUntil(c *store.Candidate, day time.Time) *time.Time {
	if c.Expires != nil && c.Expires.After(day) {
		return c.Until
	}
	return nil
}

// keeps is f's test of a location and its therapist.
func keeps(f store.CandidateFilter, c *store.Candidate) bool {
	if b := f.Box; b != nil {
		if b.MinLon <= b.MaxLon && (c.Lon < b.MinLon || c.Lon > b.MaxLon) {
			return false
		}
		if b.MinLon > b.MaxLon && c.Lon < b.MinLon && c.Lon > b.MaxLon {
			return false
		}
	}
	return (f.Gender == "" || c.Gender == f.Gender) &&
		(f.Language == "" || slices.Contains(c.Languages, f.Language)) &&
		(f.Focus == "" || slices.Contains(c.Focus, f.Focus))
}

// keepsService is f's test of a service.
func keepsService(f store.CandidateFilter, v therapist.Service) bool {
	return (f.Technique == "" || v.Technique == f.Technique) &&
		(f.Currency == "" || v.Currency == f.Currency) &&
		(f.Duration <= 0 || v.DurationMinutes == f.Duration) &&
		(f.MaxPrice == nil || v.PriceAmount <= *f.MaxPrice) &&
		!slices.Contains(f.Exclude, v.Technique)
}

// listing is a therapist's listing with only the credentials that have not
// expired by day.
func (sn *snapshot) listing(id int64, day time.Time) *store.Listing {
	l := sn.listings[id]
	if l == nil {
		return nil
	}
	c := *l
	c.Credentials = nil
	for _, cr := range l.Credentials {
		if cr.ExpiresOn.After(day) {
			c.Credentials = append(c.Credentials, cr)
		}
	}
	return &c
}

// Warm reads the snapshot, so the first search after a start does not pay
// for it.
func (s *Service) Warm(ctx context.Context) error {
	_, err := s.current(ctx)
	return err
}
