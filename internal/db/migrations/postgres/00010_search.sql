-- +goose Up
-- Therapist search (internal/directory) asks, for every candidate location,
-- which credentials make the therapist bookable in its jurisdiction. With
-- only credential_therapist and credential_pending (status, created_at) to
-- choose from, SQLite's planner took the status index and read every
-- verified credential of the directory once per candidate (about 1 s for a
-- search over 1,000 therapists); this index answers therapist, jurisdiction
-- and expiry at once. The booking path's BookableUntil and the home page's
-- cards ask the same question and gain too.
create index credential_bookable on credential (therapist_id, jurisdiction, expires_on);

-- +goose Down
drop index credential_bookable;
