package booking_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/booking"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/testkit"
)

// overlaps counts pairs of live appointments of one therapist whose
// blocked times overlap: it must always be zero.
func overlaps(t *testing.T, d *db.DB) int {
	var n int
	if err := d.R().QueryRowContext(context.Background(), `select count(*) from appointment a join appointment b
		on a.therapist_id = b.therapist_id and a.id < b.id
		where a.status in ('booked', 'held') and b.status in ('booked', 'held')
		  and a.starts_at < b.blocks_until and b.starts_at < a.blocks_until`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// Goroutines on two separate connection pools (as two servers) book,
// book series and reschedule over the same times at once: zero overlaps,
// no error but the documented conflicts, and exactly one winner for each
// contested slot.
func TestNoDoubleBookingUnderRace(t *testing.T) {
	url := testkit.DatabaseURL(t)
	pools := make([]*db.DB, 2)
	for i := range pools {
		d, err := db.Open(context.Background(), url)
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		pools[i] = d
	}
	p := newPracticeOn(t, pools[0])
	services := []*booking.Service{booking.New(pools[0], p.clock.now), booking.New(pools[1], p.clock.now)}
	ctx := context.Background()
	contested := []time.Time{p.at(10, 5, 10, 0), p.at(10, 5, 12, 0), p.at(10, 5, 14, 0)}

	const workers = 12
	var mu sync.Mutex
	wins := map[time.Time]int{}
	var unexpected []error
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(w), 9))
			svc := services[w%2]
			who := p.client
			if w%3 == 0 {
				who = p.client2
			}
			note := func(err error, allowed ...string) {
				if err == nil {
					return
				}
				e := apperr.From(err)
				for _, a := range allowed {
					if e.Problem == a {
						return
					}
				}
				mu.Lock()
				unexpected = append(unexpected, err)
				mu.Unlock()
			}
			for _, i := range r.Perm(len(contested)) {
				_, err := svc.Book(ctx, who, booking.BookInput{TherapistID: p.therapist.UserID, ServiceID: p.serviceID, Start: contested[i]})
				if err == nil {
					mu.Lock()
					wins[contested[i]]++
					mu.Unlock()
				}
				note(err, "slot-taken")
			}
			for range 15 { // random starts over two days, some series, some moves
				day := 6 + r.IntN(2)
				start := p.at(10, day, 9+r.IntN(7), 15*r.IntN(4))
				switch r.IntN(3) {
				case 0:
					_, err := svc.BookSeries(ctx, who, booking.SeriesInput{BookInput: booking.BookInput{TherapistID: p.therapist.UserID,
						ServiceID: p.service2, Start: start}, EveryWeeks: 1, Count: 3})
					note(err, "series-conflict", "slot-taken")
				case 1:
					a, err := svc.Book(ctx, who, booking.BookInput{TherapistID: p.therapist.UserID, ServiceID: p.serviceID, Start: start})
					note(err, "slot-taken")
					if err == nil {
						_, err = svc.Reschedule(ctx, who, a.ID, p.at(10, day, 9+r.IntN(7), 15*r.IntN(4)))
						note(err, "slot-taken")
					}
				default:
					_, err := svc.Book(ctx, who, booking.BookInput{TherapistID: p.therapist.UserID, ServiceID: p.service2, Start: start})
					note(err, "slot-taken")
				}
			}
		})
	}
	wg.Wait()
	for _, err := range unexpected {
		t.Errorf("unexpected error: %v", err)
	}
	for _, c := range contested {
		if wins[c] != 1 {
			t.Errorf("slot %v had %d winners, want exactly 1", c, wins[c])
		}
	}
	if n := overlaps(t, pools[0]); n != 0 {
		t.Fatalf("%d overlapping pairs of appointments", n)
	}
	if p.countLive() < len(contested)+1 {
		t.Fatalf("only %d live appointments: the race test booked almost nothing", p.countLive())
	}
}

// The database itself refuses overlaps, buffers included, whatever code
// path writes: the exclusion constraint on PostgreSQL, triggers on SQLite.
func TestDatabaseRefusesOverlap(t *testing.T) {
	p := newPractice(t)
	ctx := context.Background()
	insert := func(start time.Time, minutes, buffer int, status string) error {
		end := start.Add(time.Duration(minutes) * time.Minute)
		_, err := store.InsertAppointment(ctx, p.d.W(), store.Appointment{TherapistID: p.therapist.UserID, ClientID: p.client.UserID,
			ServiceID: p.serviceID, LocationID: p.locationID, Start: start, End: end,
			BlocksUntil: end.Add(time.Duration(buffer) * time.Minute), Status: status, CreatedBy: p.client.UserID}, p.clock.t)
		return err
	}
	if err := insert(p.at(10, 5, 10, 0), 60, 15, "booked"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		start   time.Time
		status  string
		overlap bool
	}{
		{"same time", p.at(10, 5, 10, 0), "booked", true},
		{"inside the buffer", p.at(10, 5, 11, 0), "held", true},
		{"ending inside", p.at(10, 5, 9, 45), "booked", true},
		{"ending where it starts", p.at(10, 5, 9, 30), "booked", false},
		{"after the buffer", p.at(10, 5, 11, 15), "booked", false},
		{"cancelled may overlap", p.at(10, 5, 10, 0), "cancelled", false},
	}
	// The longest booking (4 hours and a 2-hour buffer) still guards its
	// last minute: the triggers look back exactly that far.
	if err := insert(p.at(10, 6, 9, 0), 240, 120, "booked"); err != nil {
		t.Fatal(err)
	}
	tests = append(tests, struct {
		name    string
		start   time.Time
		status  string
		overlap bool
	}{"inside a 6-hour span's last minute", p.at(10, 6, 14, 59), "booked", true},
		struct {
			name    string
			start   time.Time
			status  string
			overlap bool
		}{"right after a 6-hour span", p.at(10, 6, 15, 0), "booked", false})
	for _, tt := range tests {
		err := insert(tt.start, 30, 0, tt.status)
		if got := errors.Is(err, store.ErrOverlap); got != tt.overlap || !tt.overlap && err != nil {
			t.Errorf("%s: %v, want overlap=%v", tt.name, err, tt.overlap)
		}
	}
	if n := overlaps(t, p.d); n != 0 {
		t.Fatalf("%d overlapping pairs", n)
	}
}
