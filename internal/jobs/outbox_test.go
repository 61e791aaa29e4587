package jobs_test

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/jobs"
	"github.com/knead/knead/internal/testkit"
)

type pingArgs struct {
	N int `json:"n"`
}

func (pingArgs) Kind() string { return "outbox_test_ping" }

type pingWorker struct {
	river.WorkerDefaults[pingArgs]
}

func (pingWorker) Work(context.Context, *river.Job[pingArgs]) error { return nil }

type uniqueArgs struct{}

func (uniqueArgs) Kind() string { return "outbox_test_unique" }
func (uniqueArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

var clock = func() time.Time { return time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC) }

func enqueue(t *testing.T, d *db.DB, o *jobs.Outbox, fail bool, args ...pingArgs) error {
	t.Helper()
	return d.InTx(context.Background(), func(tx db.Tx) error {
		for _, a := range args {
			if err := o.Enqueue(context.Background(), tx, a, time.Time{}); err != nil {
				return err
			}
		}
		if fail {
			return errors.New("roll back")
		}
		return nil
	})
}

// listed returns the pings River holds, by their N.
func listed(t *testing.T, c *jobs.Client) map[int]int {
	t.Helper()
	res, err := c.JobList(context.Background(), river.NewJobListParams().Kinds("outbox_test_ping").First(10_000))
	if err != nil {
		t.Fatal(err)
	}
	out := map[int]int{}
	for _, j := range res.Jobs {
		var a pingArgs
		if err := json.Unmarshal(j.EncodedArgs, &a); err != nil {
			t.Fatal(err)
		}
		out[a.N]++
	}
	return out
}

func TestOutboxMovesCommittedJobsOnce(t *testing.T) {
	d := testkit.OpenDB(t)
	ctx := context.Background()
	client, err := jobs.New(d, testkit.Logger(), nil)
	if err != nil {
		t.Fatal(err)
	}
	o := jobs.NewOutbox(d, clock, testkit.Logger())

	if err := enqueue(t, d, o, true, pingArgs{N: -1}); err == nil {
		t.Fatal("the failing transaction committed")
	}
	if err := o.Enqueue(ctx, db.Tx{}, uniqueArgs{}, time.Time{}); err == nil {
		t.Error("a job with insert options went through the outbox")
	}
	const n, drainers = 1_203, 4 // more than two batches
	var batch []pingArgs
	for i := range n {
		batch = append(batch, pingArgs{N: i})
	}
	if err := enqueue(t, d, o, false, batch...); err != nil {
		t.Fatal(err)
	}
	later := clock().Add(time.Hour)
	if err := d.InTx(ctx, func(tx db.Tx) error { return o.Enqueue(ctx, tx, pingArgs{N: n}, later) }); err != nil {
		t.Fatal(err)
	}

	var wg sync.WaitGroup
	moved := make([]int, drainers)
	for i := range drainers {
		wg.Go(func() {
			var err error
			if moved[i], err = o.Drain(ctx, client); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	total := 0
	for _, m := range moved {
		total += m
	}
	if total != n+1 {
		t.Fatalf("drains moved %d jobs, want %d", total, n+1)
	}
	got := listed(t, client)
	for i := range n + 1 {
		if got[i] != 1 {
			t.Fatalf("job %d is in River %d times, want once", i, got[i])
		}
	}
	if got[-1] != 0 {
		t.Error("the rolled-back job reached River")
	}
	res, err := client.JobList(ctx, river.NewJobListParams().Kinds("outbox_test_ping").States("scheduled"))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Jobs) != 1 || !res.Jobs[0].ScheduledAt.Equal(later) {
		t.Errorf("scheduled jobs = %v, want the one at %v", res.Jobs, later)
	}
	if again, err := o.Drain(ctx, client); err != nil || again != 0 {
		t.Errorf("second drain moved %d (%v), want 0", again, err)
	}
}

// TestOutboxPumpWakesOnCommit: a running pump moves a job as soon as its
// transaction commits, and River works it.
func TestOutboxPumpWakesOnCommit(t *testing.T) {
	d := testkit.OpenDB(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	work := &jobs.Work{Workers: river.NewWorkers()}
	river.AddWorker(work.Workers, pingWorker{})
	client, err := jobs.New(d, testkit.Logger(), work)
	if err != nil {
		t.Fatal(err)
	}
	events, stop := client.Subscribe(river.EventKindJobCompleted)
	defer stop()
	if err := client.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer client.Stop(context.Background())
	o := jobs.NewOutbox(d, clock, testkit.Logger())
	o.Sweep = time.Hour // only the wake after commit can move the job in time
	o.Start(ctx, client)
	defer o.Wait()
	defer cancel()

	if err := enqueue(t, d, o, false, pingArgs{N: 7}); err != nil {
		t.Fatal(err)
	}
	ev := <-events
	var got pingArgs
	if err := json.Unmarshal(ev.Job.EncodedArgs, &got); err != nil || ev.Job.Kind != "outbox_test_ping" || got.N != 7 {
		t.Errorf("worked %s %s, want the ping 7", ev.Job.Kind, ev.Job.EncodedArgs)
	}
}
