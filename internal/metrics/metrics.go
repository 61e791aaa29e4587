// Package metrics exposes knead's Prometheus metrics — HTTP latency by
// route pattern, database pool statistics, Go runtime — and the health and
// readiness endpoints.
package metrics

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/knead/knead/internal/db"
)

// Metrics owns a registry of its own (never the global one), so tests and
// several servers in one process do not collide.
type Metrics struct {
	reg      *prometheus.Registry
	duration *prometheus.HistogramVec
}

// New registers the runtime and database collectors.
func New(d *db.DB) *Metrics {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if d.Read == d.Write {
		reg.MustRegister(collectors.NewDBStatsCollector(d.Write, "main"))
	} else {
		reg.MustRegister(collectors.NewDBStatsCollector(d.Write, "write"), collectors.NewDBStatsCollector(d.Read, "read"))
	}
	m := &Metrics{
		reg: reg,
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "knead_http_request_duration_seconds",
			Help:    "Time to answer HTTP requests, by route pattern, method and status code.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"route", "method", "code"}),
	}
	reg.MustRegister(m.duration)
	return m
}

// Instrument records the latency of h under its route pattern. The pattern,
// not the path, is the label: paths carry ids and would explode the series.
func (m *Metrics) Instrument(pattern string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		cw := &codeWriter{ResponseWriter: w, code: http.StatusOK}
		h.ServeHTTP(cw, r)
		m.duration.WithLabelValues(pattern, r.Method, strconv.Itoa(cw.code)).Observe(time.Since(start).Seconds())
	})
}

// Handler serves /metrics.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

type codeWriter struct {
	http.ResponseWriter
	code    int
	written bool
}

func (c *codeWriter) WriteHeader(code int) {
	if !c.written {
		c.code, c.written = code, true
	}
	c.ResponseWriter.WriteHeader(code)
}

func (c *codeWriter) Write(b []byte) (int, error) {
	c.written = true
	return c.ResponseWriter.Write(b)
}

func (c *codeWriter) Unwrap() http.ResponseWriter { return c.ResponseWriter }
