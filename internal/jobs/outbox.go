package jobs

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/riverqueue/river"

	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/store"
)

// Outbox is how a change makes jobs due: Enqueue writes the job in the
// change's transaction with one cached statement, so a rolled-back change
// leaves none; after commit a pump moves the jobs into River in batches.
// River's own insert, unprepared on SQLite and under the write lock, was a
// third of the server's CPU time under booking load. Kind, arguments and start time are
// carried; a job that needs River's uniqueness or queue options is
// inserted with River directly. Every kind written here must have its
// worker on every server's client: River refuses a batch holding an
// unknown kind, and the pump would retry it, logging, until one drains it.
type Outbox struct {
	// Sweep is how often the pump looks without being woken: for jobs
	// written by a server that stopped before its pump ran.
	Sweep time.Duration
	// Gather is how long a woken pump waits for more jobs before it moves
	// them: one River insert per batch instead of one per commit.
	Gather time.Duration

	db   *db.DB
	now  func() time.Time
	log  *slog.Logger
	kick chan struct{}
	done chan struct{}
}

// NewOutbox returns the outbox over d.
func NewOutbox(d *db.DB, now func() time.Time, log *slog.Logger) *Outbox {
	return &Outbox{Sweep: 5 * time.Second, Gather: 250 * time.Millisecond, db: d, now: now, log: log, kick: make(chan struct{}, 1)}
}

// Enqueue writes args as a job due at at (now when zero) in tx.
func (o *Outbox) Enqueue(ctx context.Context, tx db.Tx, args river.JobArgs, at time.Time) error {
	if _, ok := args.(river.JobArgsWithInsertOpts); ok {
		return fmt.Errorf("jobs: %s has insert options; insert it with River", args.Kind())
	}
	raw, err := json.Marshal(args)
	if err != nil {
		return fmt.Errorf("jobs: encode %s: %w", args.Kind(), err)
	}
	j := store.OutboxJob{Kind: args.Kind(), Args: string(raw)}
	if !at.IsZero() {
		j.ScheduledAt = &at
	}
	if err := store.InsertOutboxJob(ctx, tx, j, o.now()); err != nil {
		return err
	}
	tx.AfterCommit(o.wake)
	return nil
}

func (o *Outbox) wake() {
	select {
	case o.kick <- struct{}{}:
	default: // a pass is already due; it will see this job too
	}
}

// drainBatch bounds one transaction of the pump.
const drainBatch = 500

// Drain moves every job written so far into River through c and says how
// many it moved. Several servers may drain at once: each job moves once.
func (o *Outbox) Drain(ctx context.Context, c *Client) (int, error) {
	total := 0
	for {
		n := 0
		err := o.db.InTx(ctx, func(tx db.Tx) error {
			taken, err := store.TakeOutboxJobs(ctx, tx, drainBatch)
			if err != nil || len(taken) == 0 {
				return err
			}
			slices.SortFunc(taken, func(a, b store.OutboxJob) int { return cmp.Compare(a.ID, b.ID) })
			params := make([]river.InsertManyParams, len(taken))
			for i, j := range taken {
				opts := &river.InsertOpts{}
				if j.ScheduledAt != nil {
					opts.ScheduledAt = *j.ScheduledAt
				}
				params[i] = river.InsertManyParams{Args: rawArgs{kind: j.Kind, json: json.RawMessage(j.Args)}, InsertOpts: opts}
			}
			n = len(taken)
			_, err = c.InsertManyTx(ctx, tx.SQL, params)
			return err
		})
		if err != nil {
			return total, fmt.Errorf("jobs: drain outbox: %w", err)
		}
		total += n
		if n < drainBatch {
			return total, nil
		}
	}
}

// Start runs the pump until ctx ends; Wait waits for it to stop.
func (o *Outbox) Start(ctx context.Context, c *Client) {
	o.done = make(chan struct{})
	go func() {
		defer close(o.done)
		tick := time.NewTicker(o.Sweep)
		defer tick.Stop()
		for {
			if _, err := o.Drain(ctx, c); err != nil && ctx.Err() == nil {
				o.log.Error("job outbox", "err", err)
			}
			select {
			case <-ctx.Done():
				return
			case <-o.kick:
				gather := time.NewTimer(o.Gather)
				select {
				case <-ctx.Done():
				case <-gather.C:
				}
				gather.Stop()
			case <-tick.C:
			}
		}
	}()
}

// Wait returns once a started pump has stopped.
func (o *Outbox) Wait() {
	if o.done != nil {
		<-o.done
	}
}

// rawArgs are stored arguments handed back to River as they were written.
type rawArgs struct {
	kind string
	json json.RawMessage
}

func (a rawArgs) Kind() string                 { return a.kind }
func (a rawArgs) MarshalJSON() ([]byte, error) { return a.json, nil }
