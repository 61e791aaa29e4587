package store

import (
	"context"
	"fmt"
	"time"

	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/therapist"
)

// UpdateLocation replaces a location's details; ErrNotFound when the
// therapist has no such location.
func UpdateLocation(ctx context.Context, q db.Querier, l therapist.Location) error {
	return updateOne(ctx, q, "update location", `update location set name = $3, address = $4, lat = $5, lon = $6, time_zone = $7,
		jurisdiction = $8 where id = $1 and therapist_id = $2 and archived_at is null`,
		l.ID, l.TherapistID, l.Name, l.Address, l.Lat, l.Lon, l.TimeZone, l.Jurisdiction)
}

// UpdateService replaces a service's details; ErrNotFound when the
// therapist has no such service.
func UpdateService(ctx context.Context, q db.Querier, s therapist.Service) error {
	return updateOne(ctx, q, "update service", `update service set location_id = $3, name = $4, technique = $5, duration_minutes = $6,
		price_amount = $7, currency = $8, buffer_minutes = $9 where id = $1 and therapist_id = $2 and archived_at is null`,
		s.ID, s.TherapistID, s.LocationID, s.Name, s.Technique, s.DurationMinutes, s.PriceAmount, s.Currency, s.BufferMinutes)
}

// ArchiveLocation archives a location and the services offered there.
func ArchiveLocation(ctx context.Context, q db.Querier, therapistID, id int64, now time.Time) error {
	if _, err := q.ExecContext(ctx, `update service set archived_at = $3
		where location_id = $1 and therapist_id = $2 and archived_at is null`, id, therapistID, now); err != nil {
		return fmt.Errorf("store: archive services: %w", err)
	}
	return updateOne(ctx, q, "archive location", `update location set archived_at = $3 where id = $1 and therapist_id = $2 and archived_at is null`,
		id, therapistID, now)
}

// ArchiveService archives a service.
func ArchiveService(ctx context.Context, q db.Querier, therapistID, id int64, now time.Time) error {
	return updateOne(ctx, q, "archive service", `update service set archived_at = $3 where id = $1 and therapist_id = $2 and archived_at is null`,
		id, therapistID, now)
}

// ServiceByID reads one of a therapist's services that is not archived.
func ServiceByID(ctx context.Context, q db.Querier, therapistID, id int64) (therapist.Service, error) {
	var s therapist.Service
	err := q.QueryRowContext(ctx, `select id, therapist_id, location_id, name, technique, duration_minutes, price_amount,
		currency, buffer_minutes from service where id = $1 and therapist_id = $2 and archived_at is null`, id, therapistID).
		Scan(&s.ID, &s.TherapistID, &s.LocationID, &s.Name, &s.Technique, &s.DurationMinutes, &s.PriceAmount,
			&s.Currency, &s.BufferMinutes)
	if isNoRows(err) {
		return s, ErrNotFound
	}
	if err != nil {
		return s, fmt.Errorf("store: service: %w", err)
	}
	return s, nil
}

// UpcomingAt counts live appointments (booked or held) that have not ended,
// at a location (column "location_id") or of a service ("service_id").
func UpcomingAt(ctx context.Context, q db.Querier, column string, id int64, now time.Time) (int, error) {
	if column != "location_id" && column != "service_id" {
		return 0, fmt.Errorf("store: upcoming at: unknown column %q", column)
	}
	var n int
	err := q.QueryRowContext(ctx, `select count(*) from appointment where `+column+` = $1
		and status in ('booked', 'held') and ends_at > $2`, id, now).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: upcoming at: %w", err)
	}
	return n, nil
}
