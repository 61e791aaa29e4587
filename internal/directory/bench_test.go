package directory_test

import (
	"context"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/knead/knead/internal/account"
	"github.com/knead/knead/internal/booking"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/demo"
	"github.com/knead/knead/internal/directory"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/testkit"
	"github.com/knead/knead/internal/therapist"
)

var (
	benchSizes   = flag.String("therapists", "10000", "comma-separated directory sizes for BenchmarkSearch")
	benchHistory = flag.Int("history", 0, "past bookings per therapist to add before searching (booking history)")
	benchKeep    = flag.String("dataset", "", "SQLite only: a directory where each size's demo database is kept and reused")
)

// BenchmarkSearch times searches over `knead demo --therapists N` data, each
// search near one of the demo metros in turn, and reports the median and
// 95th percentile of the service call (the server's work without HTTP):
// go test -run '^$' -bench Search -benchtime 200x ./internal/directory/ -args -therapists 1000,10000 [-history 52].
func BenchmarkSearch(b *testing.B) {
	for _, s := range strings.Split(*benchSizes, ",") {
		n, err := strconv.Atoi(s)
		if err != nil {
			b.Fatal(err)
		}
		b.Run("therapists="+s, func(b *testing.B) { benchSize(b, n) })
	}
}

func benchSize(b *testing.B, n int) {
	ctx := context.Background()
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	d := benchDB(b, n, now)
	svc := directory.New(d, func() time.Time { return now }, therapist.Strict)
	firstSearch(b, svc)
	from := booking.DateOf(now).AddDays(1)
	week := url.Values{"from": {from.String()}, "to": {from.AddDays(7).String()}, "time_window": {"17:00-21:00"}}
	cases := []struct {
		name   string
		values url.Values
		near   bool
	}{
		{"25km-7days-evening", week, true},
		{"25km-7days-evening-soonest", with(week, "sort", "soonest"), true},
		{"25km-nowindow", url.Values{}, true},
		{"all-7days-evening", week, false},
		{"all-nowindow", url.Values{}, false},
	}
	metros := demo.Metros()
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			var took []time.Duration
			i, results := 0, 0
			cpu := cpuTime()
			for b.Loop() {
				v := c.values
				if c.near {
					m := metros[i%len(metros)]
					v = with(v, "near", strconv.FormatFloat(m.Lat, 'f', 4, 64)+","+strconv.FormatFloat(m.Lon, 'f', 4, 64))
				}
				i++
				start := time.Now()
				q, err := directory.Parse(v)
				if err != nil {
					b.Fatal(err)
				}
				q.Limit = 20
				page, err := svc.Search(ctx, q)
				if err != nil {
					b.Fatal(err)
				}
				took = append(took, time.Since(start))
				results += len(page.Results)
			}
			cpu = cpuTime() - cpu
			slices.Sort(took)
			b.ReportMetric(ms(took[len(took)/2]), "p50-ms")
			b.ReportMetric(ms(took[len(took)*95/100]), "p95-ms")
			b.ReportMetric(float64(results)/float64(len(took)), "results/op")
			// The process's CPU time per search (GC included): on a shared
			// machine the wall-clock percentiles include waiting for a CPU.
			b.ReportMetric(ms(cpu)/float64(len(took)), "cpu-ms/op")
		})
	}
}

// benchDB is a database with `knead demo --therapists n` data; with
// -dataset on SQLite it is built once and reused.
func benchDB(b *testing.B, n int, now time.Time) *db.DB {
	ctx := context.Background()
	var kept string
	if *benchKeep != "" && !testkit.OnPostgres() {
		if err := os.MkdirAll(*benchKeep, 0o755); err != nil {
			b.Fatal(err)
		}
		kept = filepath.Join(*benchKeep, fmt.Sprintf("demo-%d-history-%d.db", n, *benchHistory))
		if _, err := os.Stat(kept); err == nil {
			d, err := db.Open(ctx, "sqlite:"+kept)
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { d.Close() })
			return d
		}
	}
	d := testkit.OpenDB(b)
	start := time.Now()
	if _, err := demo.Load(ctx, d, account.NewHasher(account.Cheap, 2), demo.Options{Therapists: n, Clients: 100, Seed: 1, Now: now}, testkit.Logger()); err != nil {
		b.Fatal(err)
	}
	if *benchHistory > 0 {
		addHistory(b, d, now, *benchHistory)
	}
	b.Logf("%d therapists loaded in %v", n, time.Since(start).Round(time.Millisecond))
	if kept != "" {
		if _, err := d.W().ExecContext(ctx, `vacuum into $1`, kept); err != nil {
			b.Fatal(err)
		}
	}
	return d
}

// firstSearch logs the first search, which reads the directory into
// memory, and the heap that copy takes.
func firstSearch(b *testing.B, svc *directory.Service) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	if _, err := svc.Search(context.Background(), directory.Query{Limit: 20}); err != nil {
		b.Fatal(err)
	}
	took := time.Since(start)
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.Logf("first search (reads the directory into memory) %v; heap %d MiB → %d MiB", took.Round(time.Millisecond),
		before.HeapAlloc>>20, after.HeapAlloc>>20)
}

func cpuTime() time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

// addHistory books every therapist's first service once a week for n
// weeks before now: the history a busy directory accumulates, which the
// search must not read.
func addHistory(b *testing.B, d *db.DB, now time.Time, n int) {
	ctx := context.Background()
	recs, err := store.TherapistRecords(ctx, d.R(), demo.Domain)
	if err != nil {
		b.Fatal(err)
	}
	client, err := store.UserIDByEmail(ctx, d.R(), "client1@"+demo.Domain)
	if err != nil {
		b.Fatal(err)
	}
	err = d.InTx(ctx, func(tx db.Tx) error {
		for _, r := range recs {
			if len(r.Services) == 0 {
				continue
			}
			sv := r.Services[0]
			for w := 1; w <= n; w++ {
				start := now.Truncate(24*time.Hour).AddDate(0, 0, -7*w).Add(10 * time.Hour)
				if _, err := store.InsertAppointment(ctx, tx, store.Appointment{TherapistID: r.Profile.ID, ClientID: client,
					ServiceID: sv.ID, LocationID: sv.LocationID, Start: start, End: start.Add(time.Hour),
					BlocksUntil: start.Add(time.Hour), Status: "booked", CreatedBy: client}, now); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

func with(v url.Values, k, val string) url.Values {
	c := url.Values{}
	for key, vs := range v {
		c[key] = vs
	}
	c.Set(k, val)
	return c
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
