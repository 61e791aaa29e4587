package api

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/knead/knead/internal/testkit"
)

// TestIdempotencyWhenTheClientLeft: a client whose connection dropped
// while its request ran retries with the same key, and gets the first
// answer (a success kept), or a fresh run (a server error, whose key was
// let go) — never idempotency-in-progress for the rest of the day.
func TestIdempotencyWhenTheClientLeft(t *testing.T) {
	for _, tt := range []struct {
		name      string
		status    int
		wantRetry int
		wantRuns  int
	}{
		{"kept", http.StatusCreated, http.StatusCreated, 1},
		{"released", http.StatusInternalServerError, http.StatusInternalServerError, 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := New(Deps{DB: testkit.OpenDB(t), Log: testkit.Logger(),
				Now: func() time.Time { return time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC) }})
			runs := 0
			var leave context.CancelFunc
			h := s.idempotent(func(w http.ResponseWriter, r *http.Request) {
				runs++
				if leave != nil {
					leave() // the connection drops while the work is done
				}
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(tt.status)
				_, _ = w.Write([]byte(`{"id":"1"}`))
			})
			send := func(ctx context.Context) *httptest.ResponseRecorder {
				r := httptest.NewRequestWithContext(ctx, "POST", "/api/v1/appointments", bytes.NewReader([]byte(`{}`)))
				r.Header.Set("Idempotency-Key", "left-"+tt.name)
				rec := httptest.NewRecorder()
				h(rec, r)
				return rec
			}
			ctx, cancel := context.WithCancel(context.Background())
			leave = cancel
			send(ctx)
			leave = nil
			retry := send(context.Background())
			if retry.Code != tt.wantRetry || runs != tt.wantRuns {
				t.Errorf("retry %d %s after %d runs; want %d after %d", retry.Code, retry.Body, runs, tt.wantRetry, tt.wantRuns)
			}
		})
	}
}
