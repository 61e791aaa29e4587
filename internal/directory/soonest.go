package directory

import (
	"cmp"
	"context"
	"slices"

	"github.com/knead/knead/internal/booking"
	"github.com/knead/knead/internal/store"
)

// soonest is a page sorted by first free slot without computing every
// candidate's slots. Bookings and time off only take starts away, so the
// first start of the hours alone (weekly and extra, read for all
// candidates in one statement) is a lower bound of an entry's first free
// slot. Entries are taken in the order of that bound, a chunk at a time,
// and their real slots computed, until Limit+1 of them come before every
// bound still to be taken: no later entry can go ahead of those.
func (s *Service) soonest(ctx context.Context, es []*entry, q Query) ([]*entry, error) {
	bounds, err := s.lowerBounds(ctx, es, q)
	if err != nil {
		return nil, err
	}
	var todo []*entry
	for _, e := range es {
		if _, ok := bounds[e.id]; ok {
			todo = append(todo, e) // the others have no slot at all
		}
	}
	bound := func(e *entry) Key { return Key{Sort: SortSoonest, Num: float64(bounds[e.id]), ID: e.id} }
	slices.SortFunc(todo, func(a, b *entry) int {
		return cmp.Or(cmp.Compare(bounds[a.id], bounds[b.id]), cmp.Compare(a.id, b.id))
	})
	var done []*entry
	for i := 0; i < len(todo); i += chunk {
		part := todo[i:min(len(todo), i+chunk)]
		if err := s.fillSlots(ctx, part, q); err != nil {
			return nil, err
		}
		for _, e := range part {
			if len(e.slots) == 0 {
				continue
			}
			e.key = Key{Sort: SortSoonest, Num: float64(e.slots[0].Start.Unix() / 60), ID: e.id}
			if q.After == nil || q.After.less(e.key) {
				done = append(done, e)
			}
		}
		if i+chunk >= len(todo) {
			break
		}
		// Every entry not taken yet orders at or after next.
		next, before := bound(todo[i+chunk]), 0
		for _, e := range done {
			if e.key.less(next) {
				before++
			}
		}
		if before > q.Limit {
			break
		}
	}
	return firstPage(done, q), nil
}

// lowerBounds is, by therapist, the first start the hours alone allow in
// the window at any of its options; therapists without one are missing.
func (s *Service) lowerBounds(ctx context.Context, es []*entry, q Query) (map[int64]booking.Minute, error) {
	var locs []int64
	seen := map[int64]bool{}
	for _, e := range es {
		for _, o := range e.opts {
			if !seen[o.c.LocationID] {
				seen[o.c.LocationID] = true
				locs = append(locs, o.c.LocationID)
			}
		}
	}
	w := q.Window
	extra, err := store.SearchExtraHours(ctx, s.db.R(), s.db.Dialect, locs, w.From.String(), w.To.String())
	if err != nil {
		return nil, err
	}
	sch := store.Schedules{Extra: extra}
	now := s.now()
	out := make(map[int64]booking.Minute, len(es))
	opens := newOpener(sch, w)
	var runs []booking.Free
	for _, e := range es {
		for _, o := range e.opts {
			runs = booking.FreeStarts(opens.at(o.c, o.zone), nil, nil, engineQuery(o.c, o.svc, o.until, o.zone, w, now), runs[:0])
			for _, r := range runs {
				if b, ok := out[e.id]; r.First <= r.Last && (!ok || r.First < b) {
					out[e.id] = r.First
				}
			}
		}
	}
	return out, nil
}
