package store

import (
	"context"
	"fmt"
	"time"

	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/therapist"
)

// credentialColumns are read by scanCredential; the document's description
// comes from a left join, never its bytes.
const credentialColumns = `c.id, c.therapist_id, c.kind, c.type, c.number, c.jurisdiction, c.issuer, c.expires_on,
	c.status, c.verified_at, c.note, c.created_at, d.content_type, d.filename, d.size, d.uploaded_at`

const credentialFrom = ` from credential c left join credential_document d on d.credential_id = c.id`

func scanCredential(sc interface{ Scan(...any) error }, extra ...any) (therapist.Credential, error) {
	var c therapist.Credential
	var ctype, name *string
	var size *int64
	var uploaded *time.Time
	err := sc.Scan(append([]any{&c.ID, &c.TherapistID, &c.Kind, &c.Type, &c.Number, &c.Jurisdiction, &c.Issuer,
		&c.ExpiresOn, &c.Status, &nullTime{&c.VerifiedAt}, &c.Note, &c.CreatedAt, &ctype, &name, &size,
		&nullTime{&uploaded}}, extra...)...)
	if err == nil && ctype != nil {
		c.Document = &therapist.Document{CredentialID: c.ID, ContentType: *ctype, Filename: *name, Size: *size, UploadedAt: *uploaded}
	}
	c.ExpiresOn = c.ExpiresOn.UTC()
	return c, err
}

// CredentialsOf lists a therapist's credentials, newest first.
func CredentialsOf(ctx context.Context, q db.Querier, therapistID int64) ([]therapist.Credential, error) {
	rows, err := q.QueryContext(ctx, `select `+credentialColumns+credentialFrom+`
		where c.therapist_id = $1 order by c.created_at desc, c.id desc`, therapistID)
	if err != nil {
		return nil, fmt.Errorf("store: credentials: %w", err)
	}
	defer rows.Close()
	var out []therapist.Credential
	for rows.Next() {
		c, err := scanCredential(rows)
		if err != nil {
			return nil, fmt.Errorf("store: credentials: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// CredentialByID reads one credential.
func CredentialByID(ctx context.Context, q db.Querier, id int64) (therapist.Credential, error) {
	c, err := scanCredential(q.QueryRowContext(ctx, `select `+credentialColumns+credentialFrom+` where c.id = $1`, id))
	if isNoRows(err) {
		return c, ErrNotFound
	}
	if err != nil {
		return c, fmt.Errorf("store: credential: %w", err)
	}
	return c, nil
}

// QueuedCredential is a credential waiting for a site admin, with whose it is.
type QueuedCredential struct {
	therapist.Credential
	TherapistName, TherapistEmail string
}

// QueuePosition is a place in the verification queue: after the credential
// filed at At with ID (zero: from the start).
type QueuePosition struct {
	At time.Time
	ID int64
}

// pendingMatch keeps the credentials whose therapist's name or email, or
// whose number, holds $1 (any case; empty keeps all).
const pendingMatch = ` and ($1 = '' or lower(u.name) like '%' || lower($1) || '%' or lower(u.email) like '%' || lower($1) || '%'
	or lower(c.number) like '%' || lower($1) || '%')`

// PendingCredentials lists credentials waiting for a decision that match,
// oldest first, after a position, at most limit.
func PendingCredentials(ctx context.Context, q db.Querier, match string, after QueuePosition, limit int) ([]QueuedCredential, error) {
	if after.At.IsZero() {
		after.At = time.Unix(0, 0)
	}
	rows, err := q.QueryContext(ctx, `select `+credentialColumns+`, u.name, u.email`+credentialFrom+`
		join app_user u on u.id = c.therapist_id
		where c.status = 'pending' and (c.created_at > $2 or (c.created_at = $2 and c.id > $3))`+pendingMatch+`
		order by c.created_at, c.id limit $4`, match, after.At, after.ID, limit)
	if err != nil {
		return nil, fmt.Errorf("store: pending credentials: %w", err)
	}
	defer rows.Close()
	var out []QueuedCredential
	for rows.Next() {
		var qc QueuedCredential
		c, err := scanCredential(rows, &qc.TherapistName, &qc.TherapistEmail)
		if err != nil {
			return nil, fmt.Errorf("store: pending credentials: %w", err)
		}
		qc.Credential = c
		out = append(out, qc)
	}
	return out, rows.Err()
}

// PendingCount is how many credentials that match wait for a decision.
func PendingCount(ctx context.Context, q db.Querier, match string) (int, error) {
	var n int
	if err := q.QueryRowContext(ctx, `select count(*) from credential c join app_user u on u.id = c.therapist_id
		where c.status = 'pending'`+pendingMatch, match).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: pending count: %w", err)
	}
	return n, nil
}

// PutDocument stores a credential's document, replacing any earlier one.
func PutDocument(ctx context.Context, q db.Querier, d therapist.Document) error {
	_, err := q.ExecContext(ctx, `insert into credential_document (credential_id, content_type, filename, size, data, uploaded_at)
		values ($1, $2, $3, $4, $5, $6)
		on conflict (credential_id) do update set content_type = excluded.content_type, filename = excluded.filename,
			size = excluded.size, data = excluded.data, uploaded_at = excluded.uploaded_at`,
		d.CredentialID, d.ContentType, d.Filename, d.Size, d.Data, d.UploadedAt)
	if err != nil {
		return fmt.Errorf("store: put document: %w", err)
	}
	return nil
}

// DocumentOf reads a credential's document with its bytes.
func DocumentOf(ctx context.Context, q db.Querier, credentialID int64) (therapist.Document, error) {
	d := therapist.Document{CredentialID: credentialID}
	err := q.QueryRowContext(ctx, `select content_type, filename, size, uploaded_at, data from credential_document
		where credential_id = $1`, credentialID).Scan(&d.ContentType, &d.Filename, &d.Size, &d.UploadedAt, &d.Data)
	if isNoRows(err) {
		return d, ErrNotFound
	}
	if err != nil {
		return d, fmt.Errorf("store: document: %w", err)
	}
	return d, nil
}

// SetCredentialStatus records a credential's status, when it was verified
// (nil unless verified) and the note the therapist reads.
func SetCredentialStatus(ctx context.Context, q db.Querier, id int64, status string, verifiedAt *time.Time, note string) error {
	return updateOne(ctx, q, "set credential status", `update credential set status = $2, verified_at = $3, note = $4 where id = $1`,
		id, status, verifiedAt, note)
}

// Decision is one site admin's decision about a credential.
type Decision struct {
	ID, CredentialID, AdminID int64
	AdminName                 string // read only
	Decision, Note            string
	DecidedAt                 time.Time
}

// InsertDecision records a decision.
func InsertDecision(ctx context.Context, q db.Querier, d Decision) error {
	_, err := q.ExecContext(ctx, `insert into credential_decision (credential_id, admin_id, decision, note, decided_at)
		values ($1, $2, $3, $4, $5)`, d.CredentialID, d.AdminID, d.Decision, d.Note, d.DecidedAt)
	if err != nil {
		return fmt.Errorf("store: insert decision: %w", err)
	}
	return nil
}

// RecentDecisions lists the latest decisions, newest first; credentialID 0
// means every credential's.
func RecentDecisions(ctx context.Context, q db.Querier, credentialID int64, limit int) ([]Decision, error) {
	rows, err := q.QueryContext(ctx, `select d.id, d.credential_id, d.admin_id, u.name, d.decision, d.note, d.decided_at
		from credential_decision d join app_user u on u.id = d.admin_id
		where $1 = 0 or d.credential_id = $1 order by d.decided_at desc, d.id desc limit $2`, credentialID, limit)
	if err != nil {
		return nil, fmt.Errorf("store: decisions: %w", err)
	}
	defer rows.Close()
	var out []Decision
	for rows.Next() {
		var d Decision
		if err := rows.Scan(&d.ID, &d.CredentialID, &d.AdminID, &d.AdminName, &d.Decision, &d.Note, &d.DecidedAt); err != nil {
			return nil, fmt.Errorf("store: decisions: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// BookingCredential is the credential that makes a therapist bookable in a
// jurisdiction on day under rule b — the one that lasts longest — and false
// when none does.
func BookingCredential(ctx context.Context, q db.Querier, b therapist.Bookability, therapistID int64, jurisdiction string, day time.Time) (therapist.Credential, bool, error) {
	c, err := scanCredential(q.QueryRowContext(ctx, `select `+credentialColumns+credentialFrom+`
		where c.therapist_id = $1 and c.jurisdiction = $2 and c.expires_on > $3 and `+credentialCounts(b)+`
		order by c.expires_on desc, c.status desc, c.id limit 1`, therapistID, jurisdiction, day))
	if isNoRows(err) {
		return c, false, nil
	}
	if err != nil {
		return c, false, fmt.Errorf("store: booking credential: %w", err)
	}
	return c, true, nil
}
