-- +goose Up
-- Jobs a transaction makes due, written with one cached statement under the
-- write lock and moved into River's tables in batches after commit (River's
-- own insert, unprepared on SQLite, tripled a booking's time under the lock).
create table job_outbox (
	id integer primary key autoincrement,
	kind text not null,
	args text not null,
	scheduled_at timestamp,
	created_at timestamp not null
);

-- +goose Down
drop table job_outbox;
