// Command loadbook measures knead's booking path over HTTP: 500
// simultaneous requests for one slot (exactly one may win) on a quiet
// server, the throughput of bookings on distinct free slots, and the race
// again right after that burst. It drives a running server loaded with demo
// data; docs/benchmarks.md says how to run it. It only ever talks to the
// URL given, which should be on this machine.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	base := flag.String("url", "http://127.0.0.1:8080", "knead's base URL (loopback only)")
	clients := flag.Int("clients", 40, "demo clients to book as (client1… of the demo data)")
	maxID := flag.Int("max-id", 600, "look for therapists with ids 1…max-id")
	bookings := flag.Int("bookings", 4000, "bookings on distinct slots in the throughput phase")
	workers := flag.Int("workers", 32, "concurrent requests in the throughput phase")
	contenders := flag.Int("contenders", 500, "simultaneous requests for one slot")
	idem := flag.Bool("idempotency", false, "send an Idempotency-Key with each booking, as an integration retrying safely does")
	order := flag.String("order", "spread", `"spread": consecutive bookings go to different therapists, as many clients booking `+
		`at once do; "grouped": each therapist's slots in a row, so the workers all book one therapist at a time `+
		`(the worst case for the per-therapist lock on PostgreSQL)`)
	flag.Parse()
	if *order != "spread" && *order != "grouped" {
		fmt.Fprintln(os.Stderr, `loadbook: -order is "spread" or "grouped"`)
		os.Exit(2)
	}
	c := &client{base: *base, idempotency: *idem, http: &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 1024}}}
	tokens := c.tokens(*clients)
	slots := c.distinctSlots(*maxID, *bookings+2, *order == "spread")
	fmt.Printf("%d client tokens, %d distinct free slots\n", len(tokens), len(slots))
	if len(slots) < 3 {
		fmt.Fprintln(os.Stderr, "loadbook: not enough free slots; start knead with --demo")
		os.Exit(1)
	}
	// The race on the quiet server, then again right after the burst, while
	// the server still works through the jobs the bookings queued.
	race(c, tokens, slots[0], *contenders, "quiet")
	throughput(c, tokens, slots[2:], *workers)
	race(c, tokens, slots[1], *contenders, "after the burst")
}

type client struct {
	base        string
	idempotency bool
	http        *http.Client
	keys        atomic.Int64
}

func (c *client) do(method, path, token string, body any) (int, []byte, time.Duration) {
	var buf bytes.Buffer
	if body != nil {
		_ = json.NewEncoder(&buf).Encode(body)
	}
	req, _ := http.NewRequest(method, c.base+path, &buf)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if c.idempotency && method == "POST" && path == "/api/v1/appointments" {
		req.Header.Set("Idempotency-Key", fmt.Sprintf("loadbook-%d-%d", os.Getpid(), c.keys.Add(1)))
	}
	start := time.Now()
	res, err := c.http.Do(req)
	if err != nil {
		return 0, nil, time.Since(start)
	}
	defer res.Body.Close()
	var out bytes.Buffer
	_, _ = out.ReadFrom(res.Body)
	return res.StatusCode, out.Bytes(), time.Since(start)
}

func (c *client) tokens(n int) []string {
	var out []string
	for i := 1; i <= n; i++ {
		status, body, _ := c.do("POST", "/api/v1/tokens", "", map[string]string{
			"email": fmt.Sprintf("client%d@demo.knead.test", i), "password": "knead-demo-password"})
		var t struct{ Token string }
		if status == 201 && json.Unmarshal(body, &t) == nil {
			out = append(out, t.Token)
		}
	}
	return out
}

type slot struct {
	Therapist, Service string
	Start              string
}

// distinctSlots collects free starts that do not overlap each other: with
// spread, one of each therapist's in turn, else each therapist's in a row.
func (c *client) distinctSlots(maxID, want int, spread bool) []slot {
	var byTherapist [][]slot
	total := 0
	from := time.Now().Add(26 * time.Hour).UTC().Truncate(time.Hour)
	for id := 1; id <= maxID && (spread || total < want); id++ {
		status, body, _ := c.do("GET", fmt.Sprintf("/api/v1/therapists/%d", id), "", nil)
		var p struct {
			Services []struct {
				ID              string `json:"id"`
				DurationMinutes int    `json:"duration_minutes"`
				BufferMinutes   int    `json:"buffer_minutes"`
			}
		}
		if status != 200 || json.Unmarshal(body, &p) != nil || len(p.Services) == 0 {
			continue
		}
		svc := p.Services[0]
		path := fmt.Sprintf("/api/v1/therapists/%d/slots?service_id=%s&from=%s&to=%s", id, svc.ID,
			from.Format(time.RFC3339), from.Add(30*24*time.Hour).Format(time.RFC3339))
		status, body, _ = c.do("GET", path, "", nil)
		var s struct{ Slots []struct{ Start string } }
		if status != 200 || json.Unmarshal(body, &s) != nil {
			continue
		}
		var last time.Time
		var own []slot
		gap := time.Duration(svc.DurationMinutes+svc.BufferMinutes) * time.Minute
		for _, sl := range s.Slots {
			t, err := time.Parse(time.RFC3339, sl.Start)
			if err == nil && (last.IsZero() || t.Sub(last) >= gap) {
				own = append(own, slot{fmt.Sprint(id), svc.ID, sl.Start})
				last = t
			}
		}
		byTherapist = append(byTherapist, own)
		total += len(own)
	}
	var out []slot
	if !spread {
		for _, own := range byTherapist {
			out = append(out, own...)
		}
		return out[:min(len(out), want)]
	}
	for i := 0; len(out) < want && len(out) < total; i++ {
		for _, own := range byTherapist {
			if i < len(own) && len(out) < want {
				out = append(out, own[i])
			}
		}
	}
	return out
}

func throughput(c *client, tokens []string, slots []slot, workers int) {
	var next atomic.Int64
	var mu sync.Mutex
	codes := map[int]int{}
	var lat []time.Duration
	start := time.Now()
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(slots) {
					return
				}
				s := slots[i]
				code, _, d := c.do("POST", "/api/v1/appointments", tokens[(w+i)%len(tokens)],
					map[string]string{"therapist_id": s.Therapist, "service_id": s.Service, "start": s.Start})
				mu.Lock()
				codes[code]++
				lat = append(lat, d)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	fmt.Printf("throughput: %d requests in %s with %d workers: %.0f confirmed bookings/s; codes %v; %s\n",
		len(slots), elapsed.Round(time.Millisecond), workers, float64(codes[201])/elapsed.Seconds(), codes, percentiles(lat))
}

func race(c *client, tokens []string, s slot, n int, when string) {
	var mu sync.Mutex
	codes := map[int]int{}
	var lat []time.Duration
	gate := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-gate
			code, _, d := c.do("POST", "/api/v1/appointments", tokens[i%len(tokens)],
				map[string]string{"therapist_id": s.Therapist, "service_id": s.Service, "start": s.Start})
			mu.Lock()
			codes[code]++
			lat = append(lat, d)
			mu.Unlock()
		})
	}
	close(gate)
	wg.Wait()
	verdict := "OK"
	if codes[201] != 1 || codes[409] != n-1 {
		verdict = "FAILED"
	}
	fmt.Printf("one slot, %d at once, %s: codes %v (want one 201 and %d 409): %s; %s\n", n, when, codes, n-1, verdict, percentiles(lat))
	if verdict != "OK" {
		os.Exit(1)
	}
}

func percentiles(d []time.Duration) string {
	if len(d) == 0 {
		return "no latencies"
	}
	slices.Sort(d)
	p := func(q float64) time.Duration {
		return d[min(len(d)-1, int(q*float64(len(d))))].Round(10 * time.Microsecond)
	}
	return fmt.Sprintf("latency p50 %s p90 %s p99 %s max %s", p(.5), p(.9), p(.99), d[len(d)-1].Round(10*time.Microsecond))
}
