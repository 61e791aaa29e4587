package store

import (
	"context"
	"fmt"
	"time"

	"github.com/knead/knead/internal/db"
)

// MailPreference is what a person wants mailed; the zero row is everything
// on with reminders 24 hours ahead.
type MailPreference struct {
	Reminders, Aftercare bool
	RemindHours          int // a therapist's: how long before their sessions reminders go out
}

// DefaultMailPreference applies to anyone who never changed theirs.
var DefaultMailPreference = MailPreference{Reminders: true, Aftercare: true, RemindHours: 24}

// MailPreferenceOf reads a person's preferences, the defaults when unset.
func MailPreferenceOf(ctx context.Context, q db.Querier, userID int64) (MailPreference, error) {
	p := DefaultMailPreference
	err := q.QueryRowContext(ctx, `select reminders, aftercare, remind_hours from mail_preference where user_id = $1`, userID).
		Scan(&p.Reminders, &p.Aftercare, &p.RemindHours)
	if isNoRows(err) {
		return DefaultMailPreference, nil
	}
	if err != nil {
		return p, fmt.Errorf("store: mail preference: %w", err)
	}
	return p, nil
}

// SetMailPreference stores a person's preferences.
func SetMailPreference(ctx context.Context, q db.Querier, userID int64, p MailPreference) error {
	_, err := q.ExecContext(ctx, `insert into mail_preference (user_id, reminders, aftercare, remind_hours) values ($1, $2, $3, $4)
		on conflict (user_id) do update set reminders = excluded.reminders, aftercare = excluded.aftercare,
		remind_hours = excluded.remind_hours`, userID, p.Reminders, p.Aftercare, p.RemindHours)
	if err != nil {
		return fmt.Errorf("store: set mail preference: %w", err)
	}
	return nil
}

// ExpiringCredential is a credential near its expiry, with where to write.
type ExpiringCredential struct {
	ID, TherapistID               int64
	Kind, Number, Jurisdiction    string
	ExpiresOn                     time.Time
	TherapistName, TherapistEmail string
	TherapistZone                 string
}

// CredentialsExpiring lists the credentials not rejected that expire in
// [from, to) (dates).
func CredentialsExpiring(ctx context.Context, q db.Querier, from, to time.Time) ([]ExpiringCredential, error) {
	rows, err := q.QueryContext(ctx, `select c.id, c.therapist_id, c.kind, c.number, c.jurisdiction, c.expires_on, u.name, u.email,
		u.time_zone from credential c join app_user u on u.id = c.therapist_id
		where c.status <> 'rejected' and c.expires_on >= $1 and c.expires_on < $2 order by c.expires_on, c.id`, from, to)
	if err != nil {
		return nil, fmt.Errorf("store: expiring credentials: %w", err)
	}
	defer rows.Close()
	var out []ExpiringCredential
	for rows.Next() {
		var c ExpiringCredential
		if err := rows.Scan(&c.ID, &c.TherapistID, &c.Kind, &c.Number, &c.Jurisdiction, &c.ExpiresOn, &c.TherapistName,
			&c.TherapistEmail, &c.TherapistZone); err != nil {
			return nil, fmt.Errorf("store: expiring credentials: %w", err)
		}
		c.ExpiresOn = c.ExpiresOn.UTC()
		out = append(out, c)
	}
	return out, rows.Err()
}

// ExpiringCredentialByID reads one credential as CredentialsExpiring does.
func ExpiringCredentialByID(ctx context.Context, q db.Querier, id int64) (ExpiringCredential, error) {
	var c ExpiringCredential
	err := q.QueryRowContext(ctx, `select c.id, c.therapist_id, c.kind, c.number, c.jurisdiction, c.expires_on, u.name, u.email,
		u.time_zone from credential c join app_user u on u.id = c.therapist_id where c.id = $1 and c.status <> 'rejected'`, id).
		Scan(&c.ID, &c.TherapistID, &c.Kind, &c.Number, &c.Jurisdiction, &c.ExpiresOn, &c.TherapistName, &c.TherapistEmail,
			&c.TherapistZone)
	if isNoRows(err) {
		return c, ErrNotFound
	}
	if err != nil {
		return c, fmt.Errorf("store: expiring credential: %w", err)
	}
	c.ExpiresOn = c.ExpiresOn.UTC()
	return c, nil
}

// Recipient is someone to write to.
type Recipient struct {
	ID                int64
	Name, Email, Zone string
}

// SiteAdmins lists the site admins.
func SiteAdmins(ctx context.Context, q db.Querier) ([]Recipient, error) {
	return recipients(ctx, q, `select id, name, email, time_zone from app_user where role = 'admin' order by id`)
}

// TherapistsWithSessions lists the therapists with a booked session
// starting in [from, to).
func TherapistsWithSessions(ctx context.Context, q db.Querier, from, to time.Time) ([]Recipient, error) {
	return recipients(ctx, q, `select u.id, u.name, u.email, u.time_zone from app_user u where exists (select 1 from appointment a
		where a.therapist_id = u.id and a.status = 'booked' and a.starts_at >= $1 and a.starts_at < $2) order by u.id`, from, to)
}

// UserRecipient reads one person to write to.
func UserRecipient(ctx context.Context, q db.Querier, id int64) (Recipient, error) {
	var r Recipient
	err := q.QueryRowContext(ctx, `select id, name, email, time_zone from app_user where id = $1`, id).
		Scan(&r.ID, &r.Name, &r.Email, &r.Zone)
	if isNoRows(err) {
		return r, ErrNotFound
	}
	if err != nil {
		return r, fmt.Errorf("store: recipient: %w", err)
	}
	return r, nil
}

func recipients(ctx context.Context, q db.Querier, query string, args ...any) ([]Recipient, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: recipients: %w", err)
	}
	defer rows.Close()
	var out []Recipient
	for rows.Next() {
		var r Recipient
		if err := rows.Scan(&r.ID, &r.Name, &r.Email, &r.Zone); err != nil {
			return nil, fmt.Errorf("store: recipients: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
