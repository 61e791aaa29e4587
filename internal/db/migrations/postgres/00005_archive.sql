-- +goose Up
-- A location or service a therapist removes is archived, not deleted: past
-- appointments still name it. Archived ones are neither listed nor bookable.
alter table location add column archived_at timestamptz;
alter table service add column archived_at timestamptz;

-- +goose Down
alter table service drop column archived_at;
alter table location drop column archived_at;
