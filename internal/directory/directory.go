// Package directory is therapist search (API.md "Directory and slots"):
// by place and radius, technique, back-pain focus, language, gender, price
// and credentials, and by availability — free slots inside a window of
// dates and a time of day.
//
// The cost is bounded by the candidates, never by booking history: the
// directory's slow-changing part (locations, services, weekly hours,
// credentials' expiry, profile fields) is kept in memory (snapshot.go),
// checked against the database's directory generation at each search;
// distances are exact in Go; then, only for the candidates a page needs,
// extra hours, time off and bookings are read in a few bulk statements and
// the slot engine (internal/booking) runs in memory.
package directory

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/booking"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/therapist"
)

// Service searches the directory.
type Service struct {
	db          *db.DB
	now         func() time.Time
	bookability therapist.Bookability
	snap        atomic.Pointer[snapshot]
	reload      sync.Mutex // one reload at a time
}

// New returns the search service under the deployment's credential rule.
func New(d *db.DB, now func() time.Time, b therapist.Bookability) *Service {
	return &Service{db: d, now: now, bookability: b}
}

// Point is a place on Earth in degrees.
type Point struct{ Lat, Lon float64 }

// Sorts (API.md).
const (
	SortDistance = "distance"
	SortSoonest  = "soonest"
	SortPrice    = "price"
	SortRating   = "rating"
	SortName     = "name" // the default without near or a window
)

// Query is a validated search; see Parse.
type Query struct {
	Near                               *Point
	Place                              string  // typed text, resolved to Near from the locations' cities and postal codes
	RadiusKm                           float64 // 0: anywhere
	Technique, Focus, Language, Gender string
	Currency                           string
	MaxPrice                           *int64
	VerifiedOnly                       bool
	Window                             *Window // nil: no availability asked
	Duration                           int     // minutes; 0: any
	Sort                               string
	Limit                              int
	After                              *Key // the last result of the previous page
	// Exclude lists techniques not to offer: those the signed-in client's
	// safety screening excludes.
	Exclude []string
}

// Window is availability: local dates [From, To) and, each day, sessions
// that start and end within [Start, End] local minutes.
type Window struct {
	From, To   booking.Date
	Start, End int
}

// Key orders results: by Num, then Str, then ID. It is the keyset cursor.
type Key struct {
	Sort string
	Num  float64
	Str  string
	ID   int64
}

func (k Key) less(o Key) bool {
	if k.Num != o.Num {
		return k.Num < o.Num
	}
	if k.Str != o.Str {
		return k.Str < o.Str
	}
	return k.ID < o.ID
}

// Result is one therapist found.
type Result struct {
	ID         int64
	Name, Slug string
	DistanceKm *float64 // nil without near
	Techniques []string
	Languages  []string
	Licence    *Licence // nil when no credential makes them bookable at that location
	Price      Price    // the cheapest matching service
	ServiceID  int64    // that service
	Rating     Rating
	NextSlots  []Slot
}

// Licence is the credential that makes the therapist bookable at the
// nearest matching location.
type Licence struct {
	Verified     bool // pending ones count only under the clinic rule
	Kind         string
	Jurisdiction string
	ExpiresOn    time.Time
}

// Price is minor units of a currency.
type Price struct {
	Amount   int64
	Currency string
}

// Rating is the average of verified reviews; none exist yet, so Average is
// nil and Count 0.
type Rating struct {
	Average *float64
	Count   int
}

// Slot is a free session, Start and End in the location's zone.
type Slot struct {
	Start, End            time.Time
	ServiceID, LocationID int64
}

// Page is one page of results.
type Page struct {
	Results []Result
	Next    *Key   // nil at the end
	Center  *Point // where distances are measured from, after a place was resolved
}

// Search runs q.
func (s *Service) Search(ctx context.Context, q Query) (Page, error) {
	if err := s.resolve(ctx, &q); err != nil {
		return Page{}, err
	}
	if q.Sort == "" {
		q.Sort = defaultSort(q)
	}
	if q.After != nil && q.After.Sort != q.Sort {
		return Page{}, apperr.Fields{"cursor": "This cursor belongs to another sort. Leave cursor out to start again."}.Err()
	}
	if q.Limit <= 0 {
		q.Limit = 20
	}
	today := s.now().UTC().Truncate(24 * time.Hour)
	snap, err := s.current(ctx)
	if err != nil {
		return Page{}, err
	}
	found := group(snap, filterOf(q, today), q)
	var page []*entry
	if q.Window == nil {
		page = firstPage(found, q)
	} else if page, err = s.available(ctx, found, q); err != nil {
		return Page{}, err
	}
	return s.finish(snap, page, q, today), nil
}

// resolve turns typed text into a point.
func (s *Service) resolve(ctx context.Context, q *Query) error {
	if q.Near != nil || q.Place == "" {
		return nil
	}
	lat, lon, ok, err := store.PlaceCenter(ctx, s.db.R(), q.Place)
	if err != nil {
		return err
	}
	if !ok {
		return apperr.Fields{"place": "No therapist works in a place of that name or postal code. Try a city, a postal code, or coordinates like 40.71,-74.00."}.Err()
	}
	q.Near = &Point{lat, lon}
	return nil
}

// defaultSort is API.md's: distance with near, else soonest with a
// window, else by name.
func defaultSort(q Query) string {
	switch {
	case q.Near != nil:
		return SortDistance
	case q.Window != nil:
		return SortSoonest
	}
	return SortName
}

func filterOf(q Query, today time.Time) store.CandidateFilter {
	f := store.CandidateFilter{Technique: q.Technique, Focus: q.Focus, Language: q.Language, Gender: q.Gender,
		Duration: q.Duration, Currency: q.Currency, MaxPrice: q.MaxPrice, Exclude: q.Exclude, Day: today}
	if q.Near != nil && q.RadiusKm > 0 {
		b := boxAround(*q.Near, q.RadiusKm)
		f.Box = &b
	}
	return f
}
