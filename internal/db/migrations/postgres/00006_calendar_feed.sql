-- +goose Up
-- A person's secret calendar feed URL. Only the SHA-256 of the token is
-- kept, so a copy of the database does not hand out anyone's calendar; one
-- row per person: a new URL replaces the old one.
create table calendar_feed (
    user_id    bigint primary key references app_user (id) on delete cascade,
    token_hash text not null unique,
    created_at timestamptz not null
);

-- +goose Down
drop table calendar_feed;
