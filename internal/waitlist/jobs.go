package waitlist

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/knead/knead/internal/store"
)

// ExpireArgs is the job that ends an offer at its expiry.
type ExpireArgs struct {
	OfferID int64 `json:"offer_id"`
}

// Kind names the job in River's table.
func (ExpireArgs) Kind() string { return "waitlist_offer_expire" }

type expireWorker struct {
	river.WorkerDefaults[ExpireArgs]
	s *Service
}

func (w *expireWorker) Work(ctx context.Context, job *river.Job[ExpireArgs]) error {
	return w.s.Expire(ctx, job.Args.OfferID)
}

// sweepArgs is the periodic job that expires offers whose own job was
// missed (a server down at the time).
type sweepArgs struct{}

func (sweepArgs) Kind() string { return "waitlist_offer_sweep" }

type sweepWorker struct {
	river.WorkerDefaults[sweepArgs]
	s *Service
}

func (w *sweepWorker) Work(ctx context.Context, _ *river.Job[sweepArgs]) error {
	ids, err := store.DueWaitlistOffers(ctx, w.s.db.R(), w.s.now(), 100)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := w.s.Expire(ctx, id); err != nil {
			return fmt.Errorf("waitlist: expire offer %d: %w", id, err)
		}
	}
	return nil
}

// AddWork registers the waitlist's jobs with a River client's work.
func (s *Service) AddWork(workers *river.Workers) []*river.PeriodicJob {
	river.AddWorker(workers, &expireWorker{s: s})
	river.AddWorker(workers, &sweepWorker{s: s})
	return []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(time.Minute),
		func() (river.JobArgs, *river.InsertOpts) { return sweepArgs{}, nil }, nil)}
}
