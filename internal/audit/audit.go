// Package audit records who read or wrote whose health record, when and
// from where (domain-clinical.md DP-06; issue 7 "Privacy"), and lets people
// see who read theirs. Areas holding health records call Record in the
// transaction that reads or writes the record, so nothing is read
// unrecorded. Entries are append-only: the table refuses changes.
package audit

import (
	"context"
	"time"

	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/store"
)

// Actions recorded.
const (
	Read      = "read"
	Create    = "create"
	Clearance = "clearance"
)

// Access is who is reaching a record and from which network address.
type Access struct {
	Actor   *authz.Principal
	Address string
}

// Record appends one entry: Access reached subject's record of recordType
// with recordID, doing action, at at.
func Record(ctx context.Context, q db.Querier, at time.Time, a Access, subjectID int64, recordType string, recordID int64, action string) error {
	return store.InsertAuditEvent(ctx, q, store.AuditEvent{At: at, ActorID: a.Actor.UserID, SubjectID: subjectID,
		RecordType: recordType, RecordID: recordID, Action: action, Address: a.Address})
}

// Service lists entries.
type Service struct{ db *db.DB }

// New returns the audit service.
func New(d *db.DB) *Service { return &Service{db: d} }

// Mine lists the entries about the caller's own records, newest first:
// limit of them, after the entry beforeID (0 for the first page).
func (s *Service) Mine(ctx context.Context, actor *authz.Principal, beforeID int64, limit int) ([]store.AuditEvent, error) {
	return store.SubjectAudit(ctx, s.db.R(), actor.UserID, beforeID, limit)
}
