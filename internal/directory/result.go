package directory

import (
	"context"
	"math"
	"time"

	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/therapist"
)

// finish trims the page, reads the listings of the therapists on it (two
// statements for the whole page) and builds the results.
func (s *Service) finish(ctx context.Context, page []*entry, q Query, today time.Time) (Page, error) {
	out := Page{Center: q.Near, Results: []Result{}}
	if len(page) > q.Limit {
		page = page[:q.Limit]
		k := page[len(page)-1].key
		out.Next = &k
	}
	if len(page) == 0 {
		return out, nil
	}
	ids := make([]int64, len(page))
	for i, e := range page {
		ids[i] = e.id
	}
	listings, err := store.SearchListings(ctx, s.db.R(), s.db.Dialect, s.bookability, ids, today)
	if err != nil {
		return out, err
	}
	for _, e := range page {
		out.Results = append(out.Results, result(e, listings[e.id], q))
	}
	return out, nil
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
