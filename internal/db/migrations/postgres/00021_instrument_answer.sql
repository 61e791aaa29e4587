-- +goose Up
-- Follow-up answers to an installed disability instrument (RMDQ, ODI) at
-- the PGIC's points (domain-clinical.md §3.2). The baseline stays in the
-- intake; answers holds item → value (JSON) so a score can be checked
-- again, version the licensed form's version it was scored with.
create table instrument_answer (
    id           bigint generated always as identity primary key,
    client_id    bigint not null references app_user (id) on delete cascade,
    instrument   text not null,
    version      text not null,
    point        text not null,
    score        double precision not null,
    answers      text not null,
    answered_at  timestamptz not null,
    unique (client_id, instrument, point)
);

-- +goose Down
drop table instrument_answer;
