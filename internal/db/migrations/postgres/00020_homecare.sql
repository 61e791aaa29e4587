-- +goose Up
-- Home-care routines a therapist assigns to a client in their care, and
-- each time the client ticks one off (issue 9 "Care between sessions").
-- routine is a stable slug of the library in internal/homecare; a removed
-- assignment keeps its ticks for adherence already shown.
create table care_assignment (
    id           bigint generated always as identity primary key,
    client_id    bigint not null references app_user (id) on delete cascade,
    therapist_id bigint not null references app_user (id) on delete cascade,
    routine      text not null,
    times        integer not null check (times between 1 and 10),
    per          text not null check (per in ('day', 'week')),
    note         text not null default '',
    assigned_at  timestamptz not null,
    removed_at   timestamptz
);
-- One live assignment of a routine per client.
create unique index care_assignment_live on care_assignment (client_id, routine) where removed_at is null;

create table care_done (
    id            bigint generated always as identity primary key,
    assignment_id bigint not null references care_assignment (id) on delete cascade,
    client_id     bigint not null references app_user (id) on delete cascade,
    done_at       timestamptz not null
);
create index care_done_client on care_done (client_id, done_at);

-- +goose Down
drop table care_done;
drop table care_assignment;
