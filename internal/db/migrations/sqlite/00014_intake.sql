-- +goose Up
-- A client's intake (issue 7): where it hurts, since when, how bad, other
-- care, preferences, goals and baseline questionnaires, saved step by step
-- as a draft the client can resume, then submitted with the screening and
-- a versioned consent. At most one draft per client; submitted intakes are
-- kept as they were.
create table intake (
    id               integer primary key,
    client_id        integer not null references app_user (id) on delete cascade,
    data             text not null, -- JSON, the intake area's shape
    steps            text not null default '', -- the steps saved, comma-separated
    screening_id     integer references screening (id),
    consent_name     text,
    consent_version  text,
    created_at       timestamp not null,
    updated_at       timestamp not null,
    submitted_at     timestamp,
    check ((submitted_at is null) = (consent_version is null))
);
create unique index intake_one_draft on intake (client_id) where submitted_at is null;
create index intake_client on intake (client_id, id);

-- +goose Down
drop table intake;
