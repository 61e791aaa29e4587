package store

import (
	"context"
	"fmt"

	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/therapist"
)

// PutPhoto stores a therapist's photo, replacing any earlier one.
func PutPhoto(ctx context.Context, q db.Querier, p therapist.Photo) error {
	_, err := q.ExecContext(ctx, `insert into therapist_photo (therapist_id, large, small, etag, updated_at)
		values ($1, $2, $3, $4, $5)
		on conflict (therapist_id) do update set large = excluded.large, small = excluded.small, etag = excluded.etag,
			updated_at = excluded.updated_at`,
		p.TherapistID, p.Large, p.Small, p.ETag, p.UpdatedAt)
	if err != nil {
		return fmt.Errorf("store: put photo: %w", err)
	}
	return nil
}

// DeletePhoto removes a therapist's photo; none is not an error.
func DeletePhoto(ctx context.Context, q db.Querier, therapistID int64) error {
	if _, err := q.ExecContext(ctx, `delete from therapist_photo where therapist_id = $1`, therapistID); err != nil {
		return fmt.Errorf("store: delete photo: %w", err)
	}
	return nil
}

// PhotoOf reads one size of a therapist's photo with its ETag and time;
// only the asked size's bytes are read.
func PhotoOf(ctx context.Context, q db.Querier, therapistID int64, small bool) (therapist.Photo, error) {
	p := therapist.Photo{TherapistID: therapistID}
	column, dst := "large", &p.Large
	if small {
		column, dst = "small", &p.Small
	}
	err := q.QueryRowContext(ctx, `select `+column+`, etag, updated_at from therapist_photo where therapist_id = $1`,
		therapistID).Scan(dst, &p.ETag, &p.UpdatedAt)
	if isNoRows(err) {
		return p, ErrNotFound
	}
	if err != nil {
		return p, fmt.Errorf("store: photo: %w", err)
	}
	return p, nil
}
