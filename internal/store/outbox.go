package store

import (
	"context"
	"fmt"
	"time"

	"github.com/knead/knead/internal/db"
)

// OutboxMessage is an email as knead recorded it.
type OutboxMessage struct {
	ID        int64
	ToAddr    string
	ToName    string
	Subject   string
	TextBody  string
	HTMLBody  string
	Kind      string
	Status    string
	CreatedAt time.Time
	Attempts  int
	LastError string
	SentAt    *time.Time
	MessageID string
	EventKey  string // one message per event: a second insert with the key adds nothing

	AttachmentName, AttachmentType, Attachment string // empty: none
}

const outboxColumns = `id, to_addr, to_name, subject, text_body, html_body, kind, status, created_at, attempts, last_error,
	sent_at, message_id, attachment_name, attachment_type, attachment`

func scanOutbox(sc interface{ Scan(...any) error }, m *OutboxMessage) error {
	return sc.Scan(&m.ID, &m.ToAddr, &m.ToName, &m.Subject, &m.TextBody, &m.HTMLBody, &m.Kind, &m.Status, &m.CreatedAt,
		&m.Attempts, &m.LastError, &nullTime{&m.SentAt}, &m.MessageID, &m.AttachmentName, &m.AttachmentType, &m.Attachment)
}

// InsertOutbox records a message to send. With an event key already
// recorded it adds nothing and returns 0.
func InsertOutbox(ctx context.Context, q db.Querier, m OutboxMessage) (int64, error) {
	var id int64
	var key *string
	if m.EventKey != "" {
		key = &m.EventKey
	}
	err := q.QueryRowContext(ctx, `insert into outbox (to_addr, to_name, subject, text_body, html_body, kind, status, created_at,
		attachment_name, attachment_type, attachment, event_key) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
		on conflict (event_key) do nothing returning id`,
		m.ToAddr, m.ToName, m.Subject, m.TextBody, m.HTMLBody, m.Kind, m.Status, m.CreatedAt,
		m.AttachmentName, m.AttachmentType, m.Attachment, key).Scan(&id)
	if isNoRows(err) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("store: insert outbox: %w", err)
	}
	return id, nil
}

// OutboxPage lists messages newest first, before an id (0: from the newest).
func OutboxPage(ctx context.Context, q db.Querier, before int64, limit int) ([]OutboxMessage, error) {
	if before <= 0 {
		before = 1<<62 - 1
	}
	rows, err := q.QueryContext(ctx, `select `+outboxColumns+` from outbox where id < $1 order by id desc limit $2`, before, limit)
	if err != nil {
		return nil, fmt.Errorf("store: outbox: %w", err)
	}
	defer rows.Close()
	var out []OutboxMessage
	for rows.Next() {
		var m OutboxMessage
		if err := scanOutbox(rows, &m); err != nil {
			return nil, fmt.Errorf("store: outbox: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// OutboxByID reads one message.
func OutboxByID(ctx context.Context, q db.Querier, id int64) (OutboxMessage, error) {
	var m OutboxMessage
	err := scanOutbox(q.QueryRowContext(ctx, `select `+outboxColumns+` from outbox where id = $1`, id), &m)
	if isNoRows(err) {
		return m, ErrNotFound
	}
	if err != nil {
		return m, fmt.Errorf("store: outbox message: %w", err)
	}
	return m, nil
}

// OutboxAttempt records one delivery attempt: sent (with its Message-ID),
// or its error, and failed once no retry is left.
func OutboxAttempt(ctx context.Context, q db.Querier, id int64, messageID string, sendErr string, final bool, now time.Time) error {
	status := "queued"
	switch {
	case sendErr == "":
		status = "sent"
	case final:
		status = "failed"
	}
	var sent *time.Time
	if sendErr == "" {
		sent = &now
	}
	_, err := q.ExecContext(ctx, `update outbox set attempts = attempts + 1, status = $2, last_error = $3,
		sent_at = coalesce($4, sent_at), message_id = $5 where id = $1`, id, status, sendErr, sent, messageID)
	if err != nil {
		return fmt.Errorf("store: outbox attempt: %w", err)
	}
	return nil
}
