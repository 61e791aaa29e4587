package metrics

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/knead/knead/internal/testkit"
)

func TestMetricsExposeRouteLatencyAndPools(t *testing.T) {
	d := testkit.OpenDB(t)
	m := New(d)
	mux := http.NewServeMux()
	mux.Handle("GET /things/{id}", m.Instrument("GET /things/{id}", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("id") == "missing" {
			http.NotFound(w, r)
		}
	})))
	for _, p := range []string{"/things/1", "/things/2", "/things/missing"} {
		mux.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", p, nil))
	}
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body, _ := io.ReadAll(rec.Body)
	want := []string{
		`knead_http_request_duration_seconds_count{code="200",method="GET",route="GET /things/{id}"} 2`,
		`knead_http_request_duration_seconds_count{code="404",method="GET",route="GET /things/{id}"} 1`,
		`go_sql_max_open_connections{db_name=`,
		`go_goroutines`,
	}
	for _, w := range want {
		if !strings.Contains(string(body), w) {
			t.Errorf("metrics lack %s", w)
		}
	}
	if strings.Contains(string(body), `/things/1"`) {
		t.Error("a raw path became a label: series would grow with every id")
	}
}
