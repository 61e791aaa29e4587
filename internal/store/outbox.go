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
}

// InsertOutbox records a message to send.
func InsertOutbox(ctx context.Context, q db.Querier, m OutboxMessage) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `insert into outbox (to_addr, to_name, subject, text_body, html_body, kind, status, created_at)
		values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
		m.ToAddr, m.ToName, m.Subject, m.TextBody, m.HTMLBody, m.Kind, m.Status, m.CreatedAt).Scan(&id)
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
	rows, err := q.QueryContext(ctx, `select id, to_addr, to_name, subject, text_body, html_body, kind, status, created_at
		from outbox where id < $1 order by id desc limit $2`, before, limit)
	if err != nil {
		return nil, fmt.Errorf("store: outbox: %w", err)
	}
	defer rows.Close()
	var out []OutboxMessage
	for rows.Next() {
		var m OutboxMessage
		if err := rows.Scan(&m.ID, &m.ToAddr, &m.ToName, &m.Subject, &m.TextBody, &m.HTMLBody, &m.Kind, &m.Status, &m.CreatedAt); err != nil {
			return nil, fmt.Errorf("store: outbox: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}
