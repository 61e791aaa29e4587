// Package jobs runs background work on River, over the app's own database:
// jobs are inserted in the transaction that makes them due, so a rolled-back
// change leaves no job, and any number of knead servers share the work.
package jobs

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"

	"github.com/knead/knead/internal/db"
)

// Client inserts and works jobs. One type for both databases: both River
// drivers take the *sql.Tx the store's transactions use.
type Client = river.Client[*sql.Tx]

// Work is what a client that works jobs runs: its workers and periodic jobs.
// A client made without it only inserts (tests, one-off commands).
type Work struct {
	Workers  *river.Workers
	Periodic []*river.PeriodicJob
	// RescueAfter is how long a job may stay running before River hands it
	// to another process (its own died: SIGKILL, a crash). Zero: 5 minutes.
	RescueAfter time.Duration
}

// jobTimeout bounds one job; every job here is a few queries and at most
// one SMTP exchange (itself bounded at 30 seconds).
const jobTimeout = time.Minute

// New returns a River client over d; Start it to work jobs.
func New(d *db.DB, log *slog.Logger, work *Work) (*Client, error) {
	cfg := &river.Config{Logger: log, FetchCooldown: 20 * time.Millisecond, FetchPollInterval: time.Second}
	if work != nil {
		// A few workers: jobs here are short and mostly wait on the database,
		// which on SQLite has one writer anyway. A fetch takes at most as
		// many jobs as workers are free, at most once per cooldown: 8 and
		// 20 ms let ~400 jobs a second through (4 and 50 ms let 80, and a
		// burst of bookings left their confirmations queued for minutes).
		cfg.Workers, cfg.PeriodicJobs = work.Workers, work.Periodic
		cfg.Queues = map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 8}}
		cfg.RescueStuckJobsAfter = cmp.Or(work.RescueAfter, 5*time.Minute)
		cfg.JobTimeout = min(jobTimeout, cfg.RescueStuckJobsAfter)
	}
	var (
		c   *Client
		err error
	)
	if d.Dialect == db.Postgres {
		c, err = river.NewClient(riverdatabasesql.New(d.Write), cfg)
	} else {
		c, err = river.NewClient(riversqlite.New(d.Write), cfg)
	}
	if err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	return c, nil
}

// Runner works jobs: River's client and the outbox pump that feeds it.
type Runner struct {
	Client *Client
	Outbox *Outbox
	cancel context.CancelFunc
}

// Start starts River's client and the pump. The pump stops with Stop, not
// with ctx, so it still moves what the last requests wrote while the
// servers shut down.
func (r *Runner) Start(ctx context.Context) error {
	if err := r.Client.Start(ctx); err != nil {
		return err
	}
	pctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	r.cancel = cancel
	r.Outbox.Start(pctx, r.Client)
	return nil
}

// Stop stops the pump, then River's client (waiting for running jobs
// until ctx ends).
func (r *Runner) Stop(ctx context.Context) error {
	if r.cancel != nil {
		r.cancel()
		r.Outbox.Wait()
	}
	return r.Client.Stop(ctx)
}
