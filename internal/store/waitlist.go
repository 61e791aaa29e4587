package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/knead/knead/internal/db"
)

// WaitlistEntry is a client waiting for a slot.
type WaitlistEntry struct {
	ID, ClientID, TherapistID, ServiceID int64
	FromDay, ToDay                       string // local dates, to exclusive
	WindowStart, WindowEnd               int    // local minutes of the day
	Status                               string // waiting, offered, booked, left
	TimeZone                             string // the service's location's
	TherapistName, ServiceName           string // read only
	CreatedAt                            time.Time
	Offer                                *WaitlistOffer // the open one, if any
}

// WaitlistOffer is a slot held for an entry.
type WaitlistOffer struct {
	ID, EntryID, AppointmentID int64
	Start, End, ExpiresAt      time.Time
	Status                     string // open, accepted, declined, expired
}

// InsertWaitlistEntry adds a client to a therapist's waitlist.
func InsertWaitlistEntry(ctx context.Context, q db.Querier, e WaitlistEntry, now time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `insert into waitlist_entry (client_id, therapist_id, service_id, from_day, to_day,
		window_start, window_end, status, created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $7, 'waiting', $8, $8)
		returning id`, e.ClientID, e.TherapistID, e.ServiceID, e.FromDay, e.ToDay, e.WindowStart, e.WindowEnd, now).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: insert waitlist entry: %w", err)
	}
	return id, nil
}

const entryColumns = `e.id, e.client_id, e.therapist_id, e.service_id, e.from_day, e.to_day, e.window_start, e.window_end,
	e.status, lo.time_zone, tu.name, sv.name, e.created_at, o.id, o.appointment_id, o.starts_at, o.ends_at, o.expires_at`

// entryFrom joins an entry to its open offer and its location's zone.
const entryFrom = ` from waitlist_entry e
	join service sv on sv.id = e.service_id join location lo on lo.id = sv.location_id
	join app_user tu on tu.id = e.therapist_id
	left join waitlist_offer o on o.entry_id = e.id and o.status = 'open'`

// ClientWaitlist lists a client's entries, newest first, each with its open
// offer.
func ClientWaitlist(ctx context.Context, q db.Querier, clientID int64) ([]WaitlistEntry, error) {
	return queryEntries(ctx, q, `select `+entryColumns+entryFrom+`
		where e.client_id = $1 order by e.created_at desc, e.id desc`, clientID)
}

// WaitingFor lists a therapist's entries still waiting for an offer whose
// range has not ended, first come first served.
func WaitingFor(ctx context.Context, q db.Querier, therapistID int64, today string) ([]WaitlistEntry, error) {
	return queryEntries(ctx, q, `select `+entryColumns+entryFrom+`
		where e.therapist_id = $1 and e.status = 'waiting' and e.to_day > $2 order by e.created_at, e.id`, therapistID, today)
}

// WaitlistEntryByID reads an entry with its open offer.
func WaitlistEntryByID(ctx context.Context, q db.Querier, id int64) (WaitlistEntry, error) {
	out, err := queryEntries(ctx, q, `select `+entryColumns+entryFrom+` where e.id = $1`, id)
	if err == nil && len(out) == 0 {
		err = ErrNotFound
	}
	if err != nil {
		return WaitlistEntry{}, err
	}
	return out[0], nil
}

func queryEntries(ctx context.Context, q db.Querier, query string, args ...any) ([]WaitlistEntry, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: waitlist: %w", err)
	}
	defer rows.Close()
	var out []WaitlistEntry
	for rows.Next() {
		var e WaitlistEntry
		var oid, appt sql.NullInt64
		var start, end, expires *time.Time
		if err := rows.Scan(&e.ID, &e.ClientID, &e.TherapistID, &e.ServiceID, &e.FromDay, &e.ToDay, &e.WindowStart,
			&e.WindowEnd, &e.Status, &e.TimeZone, &e.TherapistName, &e.ServiceName, &e.CreatedAt, &oid, &appt, &nullTime{&start}, &nullTime{&end}, &nullTime{&expires}); err != nil {
			return nil, fmt.Errorf("store: waitlist: %w", err)
		}
		if oid.Valid {
			e.Offer = &WaitlistOffer{ID: oid.Int64, EntryID: e.ID, AppointmentID: appt.Int64, Start: *start, End: *end,
				ExpiresAt: *expires, Status: "open"}
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// SetWaitlistStatus moves an entry from one status to another; false when
// it was not in from.
func SetWaitlistStatus(ctx context.Context, q db.Querier, id int64, from, to string, now time.Time) (bool, error) {
	return changed(ctx, q, `update waitlist_entry set status = $3, updated_at = $4 where id = $1 and status = $2`,
		id, from, to, now)
}

// InsertWaitlistOffer records an open offer.
func InsertWaitlistOffer(ctx context.Context, q db.Querier, o WaitlistOffer, now time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `insert into waitlist_offer (entry_id, appointment_id, starts_at, ends_at, expires_at,
		status, created_at, updated_at) values ($1, $2, $3, $4, $5, 'open', $6, $6) returning id`,
		o.EntryID, o.AppointmentID, o.Start, o.End, o.ExpiresAt, now).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: insert waitlist offer: %w", err)
	}
	return id, nil
}

// WaitlistOfferByID reads an offer with its entry's client and therapist.
func WaitlistOfferByID(ctx context.Context, q db.Querier, id int64) (WaitlistOffer, WaitlistEntry, error) {
	var o WaitlistOffer
	var e WaitlistEntry
	err := q.QueryRowContext(ctx, `select o.id, o.entry_id, o.appointment_id, o.starts_at, o.ends_at, o.expires_at, o.status,
		e.id, e.client_id, e.therapist_id, e.service_id, e.status
		from waitlist_offer o join waitlist_entry e on e.id = o.entry_id where o.id = $1`, id).
		Scan(&o.ID, &o.EntryID, &o.AppointmentID, &o.Start, &o.End, &o.ExpiresAt, &o.Status,
			&e.ID, &e.ClientID, &e.TherapistID, &e.ServiceID, &e.Status)
	if isNoRows(err) {
		return o, e, ErrNotFound
	}
	if err != nil {
		return o, e, fmt.Errorf("store: waitlist offer: %w", err)
	}
	return o, e, nil
}

// CloseWaitlistOffer moves an open offer to accepted, declined or expired;
// false when it was no longer open.
func CloseWaitlistOffer(ctx context.Context, q db.Querier, id int64, to string, now time.Time) (bool, error) {
	return changed(ctx, q, `update waitlist_offer set status = $2, updated_at = $3 where id = $1 and status = 'open'`,
		id, to, now)
}

// OfferedStarts lists the starts an entry was already offered, so a slot it
// turned down is not offered to it again.
func OfferedStarts(ctx context.Context, q db.Querier, entryID int64) (map[time.Time]bool, error) {
	rows, err := q.QueryContext(ctx, `select starts_at from waitlist_offer where entry_id = $1`, entryID)
	if err != nil {
		return nil, fmt.Errorf("store: offered starts: %w", err)
	}
	defer rows.Close()
	out := map[time.Time]bool{}
	for rows.Next() {
		var t time.Time
		if err := rows.Scan(&t); err != nil {
			return nil, fmt.Errorf("store: offered starts: %w", err)
		}
		out[t.UTC()] = true
	}
	return out, rows.Err()
}

// DueWaitlistOffers lists open offers that expired by now, oldest first.
func DueWaitlistOffers(ctx context.Context, q db.Querier, now time.Time, limit int) ([]int64, error) {
	rows, err := q.QueryContext(ctx, `select id from waitlist_offer where status = 'open' and expires_at <= $1
		order by expires_at, id limit $2`, now, limit)
	if err != nil {
		return nil, fmt.Errorf("store: due offers: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: due offers: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// SetHeldStatus turns a held appointment into a booking or cancels it;
// false when it is no longer held.
func SetHeldStatus(ctx context.Context, q db.Querier, id int64, to string, now time.Time) (bool, error) {
	return changed(ctx, q, `update appointment set status = $2, updated_at = $3,
		cancelled_at = case when $2 = 'cancelled' then $3 else cancelled_at end
		where id = $1 and status = 'held'`, id, to, now)
}

func changed(ctx context.Context, q db.Querier, query string, args ...any) (bool, error) {
	res, err := q.ExecContext(ctx, query, args...)
	if err != nil {
		return false, fmt.Errorf("store: update: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("store: update: %w", err)
	}
	return n > 0, nil
}
