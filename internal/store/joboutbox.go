package store

import (
	"context"
	"fmt"
	"time"

	"github.com/knead/knead/internal/db"
)

// OutboxJob is a job made due by a committed change, not yet in River.
type OutboxJob struct {
	ID          int64
	Kind, Args  string
	ScheduledAt *time.Time
}

// InsertOutboxJob writes a job in the caller's transaction.
func InsertOutboxJob(ctx context.Context, q db.Querier, j OutboxJob, now time.Time) error {
	_, err := q.ExecContext(ctx, `insert into job_outbox (kind, args, scheduled_at, created_at) values ($1, $2, $3, $4)`,
		j.Kind, j.Args, j.ScheduledAt, now)
	if err != nil {
		return fmt.Errorf("store: insert outbox job: %w", err)
	}
	return nil
}

// TakeOutboxJobs removes and returns up to limit of the oldest jobs. On
// PostgreSQL rows another server is taking are skipped, not waited for.
func TakeOutboxJobs(ctx context.Context, tx db.Tx, limit int) ([]OutboxJob, error) {
	lock := ""
	if tx.Dialect == db.Postgres {
		lock = " for update skip locked"
	}
	rows, err := tx.QueryContext(ctx, `delete from job_outbox where id in
		(select id from job_outbox order by id limit $1`+lock+`) returning id, kind, args, scheduled_at`, limit)
	if err != nil {
		return nil, fmt.Errorf("store: take outbox jobs: %w", err)
	}
	defer rows.Close()
	var out []OutboxJob
	for rows.Next() {
		var j OutboxJob
		if err := rows.Scan(&j.ID, &j.Kind, &j.Args, &j.ScheduledAt); err != nil {
			return nil, fmt.Errorf("store: take outbox jobs: %w", err)
		}
		out = append(out, j)
	}
	return out, rows.Err()
}
