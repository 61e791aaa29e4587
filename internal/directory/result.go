package directory

import (
	"math"
	"slices"
	"time"

	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/therapist"
)

// finish trims the page and builds the results with the listings of the
// therapists on it.
func (s *Service) finish(snap *snapshot, page []*entry, q Query, today time.Time) Page {
	out := Page{Center: q.Near, Results: []Result{}}
	if len(page) > q.Limit {
		page = page[:q.Limit]
		k := page[len(page)-1].key
		out.Next = &k
	}
	for _, e := range page {
		out.Results = append(out.Results, result(e, snap.listing(e.id, today), q))
	}
	return out
}

func result(e *entry, l *store.Listing, q Query) Result {
	if l == nil {
		l = &store.Listing{}
	}
	nearest, cheap := e.opts[0], cheapest(e)
	r := Result{ID: e.id, Name: e.name, Slug: l.Slug, Techniques: l.Techniques, Languages: l.Languages,
		Price: Price{cheap.svc.PriceAmount, cheap.svc.Currency}, ServiceID: cheap.svc.ID, NextSlots: e.slots}
	if r.NextSlots == nil {
		r.NextSlots = []Slot{}
	}
	if len(q.Exclude) > 0 { // a technique the client's screening excludes is not offered, not even as a tag
		r.Techniques = slices.DeleteFunc(slices.Clone(r.Techniques), func(t string) bool { return slices.Contains(q.Exclude, t) })
	}
	if q.Near != nil {
		d := math.Round(nearest.dist*100) / 100
		r.DistanceKm = &d
	}
	// The credentials come longest-lasting first, so the first one for the
	// location's jurisdiction is BookingCredential's choice.
	for _, c := range l.Credentials {
		if c.Jurisdiction == nearest.c.Jurisdiction {
			r.Licence = &Licence{Verified: c.Status == therapist.StatusVerified, Kind: c.Kind, Jurisdiction: c.Jurisdiction, ExpiresOn: c.ExpiresOn}
			break
		}
	}
	return r
}
