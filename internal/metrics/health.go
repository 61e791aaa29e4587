package metrics

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/knead/knead/internal/db"
)

// Healthz answers 200 while the process serves requests.
func Healthz(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte(`{"status":"ok"}` + "\n"))
}

// Readyz answers 200 when the database answers and every migration is
// applied, 503 otherwise, so a load balancer sends no traffic to a server
// that cannot serve it.
func Readyz(d *db.DB) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		status, checks := http.StatusOK, map[string]string{"database": "ok", "migrations": "current"}
		if err := d.Ping(ctx); err != nil {
			status, checks["database"] = http.StatusServiceUnavailable, "unreachable"
		}
		if pending, err := d.Pending(ctx); err != nil {
			status, checks["migrations"] = http.StatusServiceUnavailable, "unknown"
		} else if pending {
			status, checks["migrations"] = http.StatusServiceUnavailable, "pending"
		}
		body := map[string]any{"status": "ready", "checks": checks}
		if status != http.StatusOK {
			body["status"] = "not ready"
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(body)
	}
}
