-- +goose Up
-- Jobs a transaction makes due, written with one cached statement under the
-- write lock and moved into River's tables in batches after commit; the same
-- path on both databases.
create table job_outbox (
	id bigserial primary key,
	kind text not null,
	args text not null,
	scheduled_at timestamptz,
	created_at timestamptz not null
);

-- +goose Down
drop table job_outbox;
