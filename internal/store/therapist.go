package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/therapist"
)

// InsertTherapist creates the therapist row for an existing account (the
// ids are equal) with its languages and back-pain focus.
func InsertTherapist(ctx context.Context, q db.Querier, p therapist.Profile, now time.Time) error {
	var gender *string
	if p.Gender != "" {
		gender = &p.Gender
	}
	if _, err := q.ExecContext(ctx, `insert into therapist
		(id, slug, bio, gender, pressure_min, pressure_max, years_back_pain, created_at)
		values ($1, $2, $3, $4, $5, $6, $7, $8)`,
		p.ID, p.Slug, p.Bio, gender, p.PressureMin, p.PressureMax, p.YearsBackPain, now); err != nil {
		return fmt.Errorf("store: insert therapist: %w", err)
	}
	for _, l := range p.Languages {
		if _, err := q.ExecContext(ctx, `insert into therapist_language (therapist_id, language) values ($1, $2)`, p.ID, l); err != nil {
			return fmt.Errorf("store: insert therapist language: %w", err)
		}
	}
	for _, f := range p.Focus {
		if _, err := q.ExecContext(ctx, `insert into therapist_focus (therapist_id, focus) values ($1, $2)`, p.ID, f); err != nil {
			return fmt.Errorf("store: insert therapist focus: %w", err)
		}
	}
	return nil
}

// InsertLocation adds a location and returns its id.
func InsertLocation(ctx context.Context, q db.Querier, l therapist.Location, now time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `insert into location
		(therapist_id, name, address, city, postal_code, lat, lon, time_zone, jurisdiction, created_at)
		values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning id`,
		l.TherapistID, l.Name, l.Address, l.City, l.PostalCode, l.Lat, l.Lon, l.TimeZone, l.Jurisdiction, now).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: insert location: %w", err)
	}
	return id, nil
}

// InsertService adds a service and returns its id.
func InsertService(ctx context.Context, q db.Querier, s therapist.Service, now time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `insert into service
		(therapist_id, location_id, name, technique, duration_minutes, price_amount, currency, buffer_minutes, created_at)
		values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id`,
		s.TherapistID, s.LocationID, s.Name, s.Technique, s.DurationMinutes, s.PriceAmount, s.Currency,
		s.BufferMinutes, now).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: insert service: %w", err)
	}
	return id, nil
}

// InsertCredential adds a licence or certification and returns its id.
func InsertCredential(ctx context.Context, q db.Querier, c therapist.Credential, now time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `insert into credential
		(therapist_id, kind, type, number, jurisdiction, issuer, expires_on, status, verified_at, created_at)
		values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning id`,
		c.TherapistID, c.Kind, c.Type, c.Number, c.Jurisdiction, c.Issuer, c.ExpiresOn, c.Status, c.VerifiedAt, now).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: insert credential: %w", err)
	}
	return id, nil
}

// credentialCounts is the one statement of which credentials make a
// therapist bookable (API.md "Therapist set-up"), for a credential c whose
// jurisdiction has already been matched: a verified licence — or, where no
// licence exists (therapist.NoLicenceJurisdictions), a verified
// certification. Under the Clinic rule a pending one counts as well.
func credentialCounts(b therapist.Bookability) string {
	status := "c.status = 'verified'"
	if b == therapist.Clinic {
		status = "c.status in ('verified', 'pending')"
	}
	return status + " and (c.kind = 'licence' or c.jurisdiction in ('" +
		strings.Join(therapist.NoLicenceJurisdictions, "','") + "'))"
}

// bookableUntilSQL is the latest expiry of a counting credential of
// therapist $1 in jurisdiction $2, or NULL.
func bookableUntilSQL(b therapist.Bookability) string {
	return `(select max(c.expires_on) from credential c
	where c.therapist_id = $1 and c.jurisdiction = $2 and ` + credentialCounts(b) + `)`
}

// TherapistCards lists therapists by name with their first location's city,
// techniques and languages. LicenceVerified holds when a licence — or, where
// no licence exists, a certification — is verified for that location's
// jurisdiction and has not expired on day.
func TherapistCards(ctx context.Context, q db.Querier, b therapist.Bookability, day time.Time, limit int) ([]therapist.Card, error) {
	rows, err := q.QueryContext(ctx, `
		select t.id, t.slug, u.name, coalesce(l.city, ''), t.years_back_pain,
		       coalesce((select string_agg(technique, ',' order by technique)
		                   from (select distinct technique from service s where s.therapist_id = t.id and s.archived_at is null) x), ''),
		       coalesce((select string_agg(language, ',' order by language)
		                   from therapist_language g where g.therapist_id = t.id), ''),
		       exists (select 1 from credential c
		                where c.therapist_id = t.id and c.jurisdiction = l.jurisdiction and c.expires_on > $1
		                  and `+credentialCounts(b)+`),
		       coalesce((select etag from therapist_photo p where p.therapist_id = t.id), '')
		  from therapist t
		  join app_user u on u.id = t.id
		  left join location l on l.id = (select min(id) from location where therapist_id = t.id and archived_at is null)
		 order by u.name, t.id
		 limit $2`, day, limit)
	if err != nil {
		return nil, fmt.Errorf("store: therapist cards: %w", err)
	}
	defer rows.Close()
	var out []therapist.Card
	for rows.Next() {
		var c therapist.Card
		var techniques, languages string
		var verified bool
		if err := rows.Scan(&c.ID, &c.Slug, &c.Name, &c.City, &c.YearsBackPain, &techniques, &languages, &verified, &c.Photo); err != nil {
			return nil, fmt.Errorf("store: therapist cards: %w", err)
		}
		c.Techniques, c.Languages, c.LicenceVerified = splitList(techniques), splitList(languages), verified
		out = append(out, c)
	}
	return out, rows.Err()
}

// CountTherapists counts therapist profiles.
func CountTherapists(ctx context.Context, q db.Querier) (int, error) {
	var n int
	if err := q.QueryRowContext(ctx, `select count(*) from therapist`).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count therapists: %w", err)
	}
	return n, nil
}

// LocationByID reads a location.
func LocationByID(ctx context.Context, q db.Querier, id int64) (therapist.Location, error) {
	var l therapist.Location
	err := q.QueryRowContext(ctx, `select id, therapist_id, name, address, city, postal_code, lat, lon, time_zone, jurisdiction
		from location where id = $1 and archived_at is null`, id).
		Scan(&l.ID, &l.TherapistID, &l.Name, &l.Address, &l.City, &l.PostalCode, &l.Lat, &l.Lon, &l.TimeZone, &l.Jurisdiction)
	if isNoRows(err) {
		return l, ErrNotFound
	}
	if err != nil {
		return l, fmt.Errorf("store: location: %w", err)
	}
	return l, nil
}

// BookableUntil returns the last day (exclusive) a therapist may be booked
// in a jurisdiction: the latest expiry of a verified licence — or, where
// no licence exists, certification — for it (API.md "Therapist set-up").
// ok is false when there is none.
func BookableUntil(ctx context.Context, q db.Querier, b therapist.Bookability, therapistID int64, jurisdiction string) (until time.Time, ok bool, err error) {
	var t *time.Time
	err = q.QueryRowContext(ctx, `select `+bookableUntilSQL(b), therapistID, jurisdiction).Scan(&nullTime{&t})
	if err != nil {
		return time.Time{}, false, fmt.Errorf("store: bookable until: %w", err)
	}
	if t == nil {
		return time.Time{}, false, nil
	}
	return *t, true, nil
}

// TherapistExists reports whether the therapist row of an account exists.
func TherapistExists(ctx context.Context, q db.Querier, id int64) (bool, error) {
	var ok bool
	if err := q.QueryRowContext(ctx, `select exists (select 1 from therapist where id = $1)`, id).Scan(&ok); err != nil {
		return false, fmt.Errorf("store: therapist exists: %w", err)
	}
	return ok, nil
}

// LocationsOf lists a therapist's locations.
func LocationsOf(ctx context.Context, q db.Querier, therapistID int64) ([]therapist.Location, error) {
	rows, err := q.QueryContext(ctx, `select id, therapist_id, name, address, city, postal_code, lat, lon, time_zone, jurisdiction
		from location where therapist_id = $1 and archived_at is null order by id`, therapistID)
	if err != nil {
		return nil, fmt.Errorf("store: locations: %w", err)
	}
	defer rows.Close()
	var out []therapist.Location
	for rows.Next() {
		var l therapist.Location
		if err := rows.Scan(&l.ID, &l.TherapistID, &l.Name, &l.Address, &l.City, &l.PostalCode, &l.Lat, &l.Lon, &l.TimeZone, &l.Jurisdiction); err != nil {
			return nil, fmt.Errorf("store: locations: %w", err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// ServicesOf lists a therapist's services.
func ServicesOf(ctx context.Context, q db.Querier, therapistID int64) ([]therapist.Service, error) {
	rows, err := q.QueryContext(ctx, `select id, therapist_id, location_id, name, technique, duration_minutes, price_amount,
		currency, buffer_minutes from service where therapist_id = $1 and archived_at is null order by id`, therapistID)
	if err != nil {
		return nil, fmt.Errorf("store: services: %w", err)
	}
	defer rows.Close()
	var out []therapist.Service
	for rows.Next() {
		var s therapist.Service
		if err := rows.Scan(&s.ID, &s.TherapistID, &s.LocationID, &s.Name, &s.Technique, &s.DurationMinutes, &s.PriceAmount,
			&s.Currency, &s.BufferMinutes); err != nil {
			return nil, fmt.Errorf("store: services: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// Bookable reports whether a therapist may be booked in a jurisdiction on
// day (see BookableUntil).
func Bookable(ctx context.Context, q db.Querier, b therapist.Bookability, therapistID int64, jurisdiction string, day time.Time) (bool, error) {
	until, ok, err := BookableUntil(ctx, q, b, therapistID, jurisdiction)
	return ok && until.After(day), err
}

// ServiceAndLocation reads a service with its location in one statement.
func ServiceAndLocation(ctx context.Context, q db.Querier, serviceID int64) (therapist.Service, therapist.Location, error) {
	var s therapist.Service
	var l therapist.Location
	err := q.QueryRowContext(ctx, `select s.id, s.therapist_id, s.location_id, s.name, s.technique, s.duration_minutes,
		s.price_amount, s.currency, s.buffer_minutes,
		l.id, l.therapist_id, l.name, l.address, l.city, l.postal_code, l.lat, l.lon, l.time_zone, l.jurisdiction
		from service s join location l on l.id = s.location_id
		where s.id = $1 and s.archived_at is null and l.archived_at is null`, serviceID).
		Scan(&s.ID, &s.TherapistID, &s.LocationID, &s.Name, &s.Technique, &s.DurationMinutes, &s.PriceAmount, &s.Currency,
			&s.BufferMinutes, &l.ID, &l.TherapistID, &l.Name, &l.Address, &l.City, &l.PostalCode, &l.Lat, &l.Lon, &l.TimeZone,
			&l.Jurisdiction)
	if isNoRows(err) {
		return s, l, ErrNotFound
	}
	if err != nil {
		return s, l, fmt.Errorf("store: service and location: %w", err)
	}
	return s, l, nil
}
