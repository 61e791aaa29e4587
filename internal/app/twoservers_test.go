package app_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/testkit"
)

// Two knead processes on one database — as two servers behind a load
// balancer — race for the same slots: exactly one booking wins each, and no
// two appointments of a therapist ever overlap.
func TestTwoServersNeverDoubleBook(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "knead")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/knead/knead/cmd/knead").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	url := testkit.DatabaseURL(t)
	a := startServer(t, bin, url, true)
	b := startServer(t, bin, url, false)

	tokens := []string{token(t, a, "client1"), token(t, b, "client2"), token(t, a, "client3"), token(t, b, "client4")}
	slots := freeSlots(t, a, 3)
	const perSlot = 40
	for _, s := range slots {
		var mu sync.Mutex
		codes := map[int]int{}
		var wg sync.WaitGroup
		gate := make(chan struct{})
		for i := range perSlot {
			wg.Go(func() {
				<-gate
				base := []string{a, b}[i%2]
				code, _ := call(t, "POST", base+"/api/v1/appointments", tokens[i%len(tokens)], s)
				mu.Lock()
				codes[code]++
				mu.Unlock()
			})
		}
		close(gate)
		wg.Wait()
		if codes[201] != 1 || codes[409] != perSlot-1 {
			t.Errorf("slot %v: answers %v, want one 201 and %d 409", s, codes, perSlot-1)
		}
	}
	d, err := db.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var overlaps int
	if err := d.R().QueryRowContext(context.Background(), `select count(*) from appointment x join appointment y
		on x.therapist_id = y.therapist_id and x.id < y.id
		where x.status in ('booked', 'held') and y.status in ('booked', 'held')
		  and x.starts_at < y.blocks_until and y.starts_at < x.blocks_until`).Scan(&overlaps); err != nil {
		t.Fatal(err)
	}
	if overlaps != 0 {
		t.Fatalf("%d overlapping appointments", overlaps)
	}
}

// startServer runs `knead serve` on a free port and returns its base URL;
// it stops with SIGTERM at the end of the test and must exit cleanly.
func startServer(t *testing.T, bin, dbURL string, demo bool) string {
	args := []string{"serve", "--addr", "127.0.0.1:0", "--db", dbURL}
	if demo {
		args = append(args, "--demo")
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "KNEAD_PASSWORD_HASHING=test", "KNEAD_LOG_LEVEL=warn", "KNEAD_LOG_FORMAT=json")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		if err := cmd.Wait(); err != nil {
			t.Errorf("server exit: %v\n%s", err, stderr.String())
		}
	})
	lines := bufio.NewScanner(out)
	for lines.Scan() {
		if u, ok := strings.CutPrefix(lines.Text(), "knead is ready at "); ok {
			go io.Copy(io.Discard, out)
			return u
		}
	}
	t.Fatalf("server gave no ready line:\n%s", stderr.String())
	return ""
}

func call(t *testing.T, method, url, token string, body any) (int, []byte) {
	t.Helper()
	var buf bytes.Buffer
	if body != nil {
		_ = json.NewEncoder(&buf).Encode(body)
	}
	req, _ := http.NewRequest(method, url, &buf)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	return res.StatusCode, out
}

func token(t *testing.T, base, who string) string {
	code, body := call(t, "POST", base+"/api/v1/tokens", "", map[string]string{"email": who + "@demo.knead.test", "password": "knead-demo-password"})
	var tok struct{ Token string }
	if code != 201 || json.Unmarshal(body, &tok) != nil {
		t.Fatalf("token for %s: %d %s", who, code, body)
	}
	return tok.Token
}

// freeSlots finds n free starts of demo therapists, each of a different one.
func freeSlots(t *testing.T, base string, n int) []map[string]string {
	var out []map[string]string
	from := time.Now().Add(48 * time.Hour).UTC().Truncate(time.Hour)
	for id := 1; id < 200 && len(out) < n; id++ {
		code, body := call(t, "GET", fmt.Sprintf("%s/api/v1/therapists/%d", base, id), "", nil)
		var p struct{ Services []struct{ ID string } }
		if code != 200 || json.Unmarshal(body, &p) != nil || len(p.Services) == 0 {
			continue
		}
		q := fmt.Sprintf("%s/api/v1/therapists/%d/slots?service_id=%s&from=%s&to=%s", base, id, p.Services[0].ID,
			from.Format(time.RFC3339), from.Add(14*24*time.Hour).Format(time.RFC3339))
		q = strings.ReplaceAll(q, "+", "%2B")
		code, body = call(t, "GET", q, "", nil)
		var s struct{ Slots []struct{ Start string } }
		if code == 200 && json.Unmarshal(body, &s) == nil && len(s.Slots) > 0 {
			out = append(out, map[string]string{"therapist_id": fmt.Sprint(id), "service_id": p.Services[0].ID, "start": s.Slots[0].Start})
		}
	}
	if len(out) < n {
		t.Fatalf("found %d free slots, want %d", len(out), n)
	}
	return out
}
