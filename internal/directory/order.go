package directory

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/therapist"
)

// entry is one therapist found, with every matching service at every
// matching location (its options), nearest first.
type entry struct {
	id    int64
	name  string
	opts  []option
	key   Key
	slots []Slot
}

// option is one matching service at one location.
type option struct {
	c     *store.Candidate
	svc   therapist.Service
	dist  float64    // 0 without near
	until *time.Time // bookableUntil today
	zone  *time.Location
}

// group gathers the candidates f keeps by therapist, with only their
// matching services, leaving out locations beyond the radius (the box is
// wider than the circle) and, when asked, those where no credential makes
// the therapist bookable.
func group(sn *snapshot, f store.CandidateFilter, q Query) []*entry {
	lo, hi := sn.inBox(f.Box)
	at := map[int64]*entry{}
	var out []*entry
	for i := lo; i < hi; i++ {
		c := &sn.cands[i]
		if !keeps(f, c) {
			continue
		}
		until := bookableUntil(c, f.Day)
		if q.VerifiedOnly && until == nil {
			continue
		}
		var d float64
		if q.Near != nil {
			d = distanceKm(*q.Near, Point{c.Lat, c.Lon})
			if q.RadiusKm > 0 && d > q.RadiusKm {
				continue
			}
		}
		e := at[c.TherapistID]
		for _, v := range c.Services {
			if !keepsService(f, v) {
				continue
			}
			if e == nil {
				e = &entry{id: c.TherapistID, name: c.Name}
				at[c.TherapistID] = e
				out = append(out, e)
			}
			e.opts = append(e.opts, option{c, v, d, until, sn.zones[i]})
		}
	}
	for _, e := range out {
		slices.SortFunc(e.opts, func(a, b option) int {
			return cmp.Or(cmp.Compare(a.dist, b.dist), cmp.Compare(a.svc.PriceAmount, b.svc.PriceAmount), cmp.Compare(a.svc.ID, b.svc.ID))
		})
		e.key = staticKey(e, q.Sort)
	}
	return out
}

// staticKey is the order of sorts that do not depend on slots. Ties go by
// id, so the order is total and a cursor resumes exactly.
func staticKey(e *entry, sort string) Key {
	k := Key{Sort: sort, ID: e.id}
	switch sort {
	case SortDistance:
		k.Num = e.opts[0].dist
	case SortPrice:
		k.Num = float64(cheapest(e).svc.PriceAmount)
	case SortRating, SortName:
		// No reviews exist yet: every rating is unknown, so rating sorts
		// fall back to the name. Num will hold −average once they do.
		k.Str = e.name
	}
	return k
}

func cheapest(e *entry) option {
	return slices.MinFunc(e.opts, func(a, b option) int {
		return cmp.Or(cmp.Compare(a.svc.PriceAmount, b.svc.PriceAmount), cmp.Compare(a.svc.ID, b.svc.ID))
	})
}

// after keeps the entries ordered after the cursor, sorted.
func after(es []*entry, k *Key) []*entry {
	if k != nil {
		es = slices.DeleteFunc(es, func(e *entry) bool { return !k.less(e.key) })
	}
	slices.SortFunc(es, func(a, b *entry) int {
		if a.key.less(b.key) {
			return -1
		}
		return 1
	})
	return es
}

// firstPage is a page without availability: Limit entries and one more,
// which tells that another page follows.
func firstPage(es []*entry, q Query) []*entry {
	es = after(es, q.After)
	return es[:min(len(es), q.Limit+1)]
}

// chunk is how many therapists' schedules are read at once when results
// come in a fixed order: enough for a page or two, so a search near a
// busy city stops early instead of computing slots for every candidate.
var chunk = 128 // a variable for tests of the chunking

// available is a page of therapists with a free slot in the window. For
// sorts that do not depend on slots, candidates are taken in order until
// the page is full; soonest takes them in the order of a lower bound of
// their first slot (soonest.go).
func (s *Service) available(ctx context.Context, es []*entry, q Query) ([]*entry, error) {
	if q.Sort == SortSoonest {
		return s.soonest(ctx, es, q)
	}
	es = after(es, q.After)
	var out []*entry
	for i := 0; i < len(es) && len(out) <= q.Limit; i += chunk {
		part := es[i:min(len(es), i+chunk)]
		if err := s.fillSlots(ctx, part, q); err != nil {
			return nil, err
		}
		for _, e := range part {
			if len(e.slots) > 0 && len(out) <= q.Limit {
				out = append(out, e)
			}
		}
	}
	return out, nil
}
