package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/therapist"
)

// UpdateProfile replaces a therapist's profile fields, languages, focus and
// premises features.
func UpdateProfile(ctx context.Context, q db.Querier, p therapist.Profile) error {
	var gender *string
	if p.Gender != "" {
		gender = &p.Gender
	}
	if err := updateOne(ctx, q, "update profile", `update therapist set bio = $2, gender = $3, pressure_min = $4,
		pressure_max = $5, years_back_pain = $6, access_note = $7, first_session = $8 where id = $1`,
		p.ID, p.Bio, gender, p.PressureMin, p.PressureMax, p.YearsBackPain, p.AccessNote, p.FirstSession); err != nil {
		return err
	}
	lists := []struct {
		table, column string
		values        []string
	}{{"therapist_language", "language", p.Languages}, {"therapist_focus", "focus", p.Focus},
		{"therapist_access", "feature", p.Access}}
	for _, l := range lists {
		if _, err := q.ExecContext(ctx, `delete from `+l.table+` where therapist_id = $1`, p.ID); err != nil {
			return fmt.Errorf("store: update profile: %w", err)
		}
		for _, v := range l.values {
			if _, err := q.ExecContext(ctx, `insert into `+l.table+` (therapist_id, `+l.column+`) values ($1, $2)`, p.ID, v); err != nil {
				return fmt.Errorf("store: update profile: %w", err)
			}
		}
	}
	return nil
}

// ProfileByID reads a therapist's profile with languages, focus, premises
// features and the photo's ETag.
func ProfileByID(ctx context.Context, q db.Querier, id int64) (therapist.Profile, error) {
	var p therapist.Profile
	var gender sql.NullString
	var langs, focus, access string
	err := q.QueryRowContext(ctx, `select t.id, t.slug, u.name, t.bio, t.gender, t.pressure_min, t.pressure_max, t.years_back_pain,
		t.access_note, t.first_session,
		coalesce((select string_agg(language, ',' order by language) from therapist_language where therapist_id = t.id), ''),
		coalesce((select string_agg(focus, ',' order by focus) from therapist_focus where therapist_id = t.id), ''),
		coalesce((select string_agg(feature, ',' order by feature) from therapist_access where therapist_id = t.id), ''),
		coalesce((select etag from therapist_photo where therapist_id = t.id), '')
		from therapist t join app_user u on u.id = t.id where t.id = $1`, id).
		Scan(&p.ID, &p.Slug, &p.Name, &p.Bio, &gender, &p.PressureMin, &p.PressureMax, &p.YearsBackPain, &p.AccessNote,
			&p.FirstSession, &langs, &focus, &access, &p.Photo)
	if isNoRows(err) {
		return p, ErrNotFound
	}
	if err != nil {
		return p, fmt.Errorf("store: profile: %w", err)
	}
	p.Gender, p.Languages, p.Focus, p.Access = gender.String, splitList(langs), splitList(focus), splitList(access)
	return p, nil
}

// TherapistIDBySlug finds the therapist whose profile address ends in slug.
func TherapistIDBySlug(ctx context.Context, q db.Querier, slug string) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `select id from therapist where slug = $1`, slug).Scan(&id)
	if isNoRows(err) {
		return 0, ErrNotFound
	}
	if err != nil {
		return 0, fmt.Errorf("store: therapist by slug: %w", err)
	}
	return id, nil
}
