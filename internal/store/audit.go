package store

import (
	"context"
	"fmt"
	"time"

	"github.com/knead/knead/internal/db"
)

// AuditEvent is one read or write of someone's health record.
type AuditEvent struct {
	ID                   int64
	At                   time.Time
	ActorID, SubjectID   int64
	RecordType           string
	RecordID             int64
	Action, Address      string
	ActorName, ActorRole string // empty when the account is gone
}

// InsertAuditEvent appends an entry; the table refuses updates and deletes.
func InsertAuditEvent(ctx context.Context, q db.Querier, e AuditEvent) error {
	_, err := q.ExecContext(ctx, `insert into audit_event (at, actor_id, subject_id, record_type, record_id, action, address)
		values ($1, $2, $3, $4, $5, $6, $7)`, e.At, e.ActorID, e.SubjectID, e.RecordType, e.RecordID, e.Action, e.Address)
	if err != nil {
		return fmt.Errorf("store: audit: %w", err)
	}
	return nil
}

// SubjectAudit lists the entries about one person's records, newest first,
// up to limit, after the entry beforeID when it is not 0.
func SubjectAudit(ctx context.Context, q db.Querier, subjectID, beforeID int64, limit int) ([]AuditEvent, error) {
	rows, err := q.QueryContext(ctx, `select e.id, e.at, e.actor_id, e.subject_id, e.record_type, e.record_id, e.action,
		e.address, coalesce(u.name, ''), coalesce(u.role, '')
		from audit_event e left join app_user u on u.id = e.actor_id
		where e.subject_id = $1 and ($2 = 0 or e.id < $2) order by e.id desc limit $3`, subjectID, beforeID, limit)
	if err != nil {
		return nil, fmt.Errorf("store: audit: %w", err)
	}
	defer rows.Close()
	var out []AuditEvent
	for rows.Next() {
		var e AuditEvent
		if err := rows.Scan(&e.ID, &e.At, &e.ActorID, &e.SubjectID, &e.RecordType, &e.RecordID, &e.Action, &e.Address,
			&e.ActorName, &e.ActorRole); err != nil {
			return nil, fmt.Errorf("store: audit: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
