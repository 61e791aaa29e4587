-- +goose Up
-- Follow-up answers to an installed disability instrument (RMDQ, ODI) at
-- the PGIC's points (domain-clinical.md §3.2). The baseline stays in the
-- intake; answers holds item → value (JSON) so a score can be checked
-- again, version the licensed form's version it was scored with.
create table instrument_answer (
    id           integer primary key,
    client_id    integer not null references app_user (id) on delete cascade,
    instrument   text not null,
    version      text not null,
    point        text not null,
    score        real not null,
    answers      text not null,
    answered_at  timestamp not null,
    unique (client_id, instrument, point)
);

-- +goose Down
drop table instrument_answer;
