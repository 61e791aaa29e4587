package notify

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/store"
)

// Sender delivers one recorded message (SMTP in production).
type Sender interface {
	Send(ctx context.Context, m store.OutboxMessage, messageID string) error
}

// Enqueuer inserts jobs: in the caller's transaction, or on their own.
type Enqueuer interface {
	InsertTx(ctx context.Context, tx *sql.Tx, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error)
	Insert(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error)
}

// DeliverArgs is the job that sends one outbox message.
type DeliverArgs struct {
	OutboxID int64 `json:"outbox_id"`
}

// Kind names the job in River's table.
func (DeliverArgs) Kind() string { return "email_deliver" }

// InsertOpts: one delivery job per message, and a few more attempts than
// River's default backoff needs to ride out an SMTP server down for hours.
func (DeliverArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 12, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// MessageID is stable for a message: a retry after a crash between the SMTP
// server's acceptance and our commit carries the same ID, so the receiving
// side can tell the duplicate.
func MessageID(id int64, baseURL string) string {
	host := "knead.invalid"
	if u, err := url.Parse(baseURL); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	return fmt.Sprintf("outbox-%d@%s", id, host) // go-mail adds the angle brackets
}

type deliverWorker struct {
	river.WorkerDefaults[DeliverArgs]
	db      *db.DB
	sender  Sender
	baseURL string
	now     nowFunc
}

// AddDelivery registers the delivery worker with a River client's workers.
func AddDelivery(workers *river.Workers, d *db.DB, sender Sender, baseURL string, now nowFunc) {
	river.AddWorker(workers, &deliverWorker{db: d, sender: sender, baseURL: baseURL, now: now})
}

func (w *deliverWorker) Work(ctx context.Context, job *river.Job[DeliverArgs]) error {
	m, err := store.OutboxByID(ctx, w.db.R(), job.Args.OutboxID)
	if err != nil {
		return err
	}
	if m.Status == "sent" { // a retry of a job whose send was recorded: nothing to do
		return nil
	}
	id := MessageID(m.ID, w.baseURL)
	sendErr := w.sender.Send(ctx, m, id)
	msg := ""
	if sendErr != nil {
		msg = sendErr.Error()
	}
	final := sendErr != nil && job.Attempt >= job.MaxAttempts
	if err := store.OutboxAttempt(ctx, w.db.W(), m.ID, id, msg, final, w.now()); err != nil {
		return err
	}
	return sendErr // River retries with backoff
}

type nowFunc = func() time.Time
