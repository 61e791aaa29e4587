package store

import (
	"context"
	"fmt"

	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/therapist"
)

// Listing is what a search result shows of a therapist beyond its
// candidates: techniques, languages, and each credential that makes them
// bookable somewhere, longest-lasting first per jurisdiction.
type Listing struct {
	Slug        string
	Techniques  []string
	Languages   []string
	Credentials []therapist.Credential
}

// DirectoryListings reads the listing of every therapist, in two
// statements, for the directory's copy in memory: Credentials holds every
// credential that counts, whatever its expiry; the reader leaves out those
// expired on its day. Read DirectoryGeneration first.
func DirectoryListings(ctx context.Context, q db.Querier, b therapist.Bookability) (map[int64]*Listing, error) {
	out := map[int64]*Listing{}
	rows, err := q.QueryContext(ctx, `select t.id, t.slug,
		coalesce((select string_agg(technique, ',' order by technique)
		            from (select distinct technique from service s where s.therapist_id = t.id and s.archived_at is null) x), ''),
		coalesce((select string_agg(language, ',' order by language) from therapist_language g where g.therapist_id = t.id), '')
		from therapist t`)
	if err != nil {
		return nil, fmt.Errorf("store: directory listings: %w", err)
	}
	for rows.Next() {
		var id int64
		var l Listing
		var techniques, languages string
		if err := rows.Scan(&id, &l.Slug, &techniques, &languages); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: directory listings: %w", err)
		}
		l.Techniques, l.Languages = splitList(techniques), splitList(languages)
		out[id] = &l
	}
	if err := closeRows(rows); err != nil {
		return nil, fmt.Errorf("store: directory listings: %w", err)
	}
	// The order is BookingCredential's: the one that lasts longest first.
	rows, err = q.QueryContext(ctx, `select c.therapist_id, c.kind, c.jurisdiction, c.expires_on, c.status from credential c
		where `+credentialCounts(b)+`
		order by c.therapist_id, c.expires_on desc, c.status desc, c.id`)
	if err != nil {
		return nil, fmt.Errorf("store: directory credentials: %w", err)
	}
	for rows.Next() {
		var c therapist.Credential
		if err := rows.Scan(&c.TherapistID, &c.Kind, &c.Jurisdiction, &c.ExpiresOn, &c.Status); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: directory credentials: %w", err)
		}
		if l := out[c.TherapistID]; l != nil {
			l.Credentials = append(l.Credentials, c)
		}
	}
	return out, closeRows(rows)
}

// PlaceCenter finds the place a person typed among the locations' own
// cities and postal codes (case and spaces ignored): the centre of the
// matching locations in the jurisdiction that has most of them, so that a
// town name shared by two countries is not averaged into the ocean. ok is
// false when nothing matches.
func PlaceCenter(ctx context.Context, q db.Querier, text string) (lat, lon float64, ok bool, err error) {
	var n int
	err = q.QueryRowContext(ctx, `select avg(lat), avg(lon), count(*) from location
		where archived_at is null and (lower(city) = lower($1) or lower(replace(postal_code, ' ', '')) = lower(replace($1, ' ', '')))
		group by jurisdiction order by count(*) desc, jurisdiction limit 1`, text).Scan(&lat, &lon, &n)
	if isNoRows(err) {
		return 0, 0, false, nil
	}
	if err != nil {
		return 0, 0, false, fmt.Errorf("store: place: %w", err)
	}
	return lat, lon, n > 0, nil
}
