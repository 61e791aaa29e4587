-- +goose Up
-- A client's safety screening (domain-clinical.md §1, §2): the answers as
-- given, never edited (a new screening is taken instead), with the result
-- shown at the time. Whether it blocks booking is worked out from the
-- answers and the time whenever it is read, never stored as a flag.
create table screening (
    id              integer primary key,
    client_id       integer not null references app_user (id) on delete cascade,
    taken_at        timestamp not null,
    rule_version    text not null,
    date_of_birth   text not null, -- YYYY-MM-DD
    answers         text not null, -- JSON {"RF-01": "no", ...}
    conditions      text not null, -- JSON {"CI-01": "no", ...}
    result          text not null, -- JSON, as shown when taken
    -- The client's attestation that a clinician reviewed this episode.
    clinician       text,
    seen_on         text, -- YYYY-MM-DD
    clearance_note  text,
    attested_at     timestamp,
    check ((clinician is null) = (attested_at is null))
);
create index screening_client on screening (client_id, taken_at, id);

-- Who read or wrote whose health record, when and from where
-- (domain-clinical.md DP-06). Append-only: no foreign keys, so entries
-- outlive the accounts they name, and triggers refuse changes.
create table audit_event (
    id           integer primary key,
    at           timestamp not null,
    actor_id     integer not null,
    subject_id   integer not null, -- whose record
    record_type  text not null,    -- e.g. 'screening'
    record_id    integer not null,
    action       text not null,    -- read, create, clearance
    address      text not null
);
create index audit_event_subject on audit_event (subject_id, at, id);

-- +goose StatementBegin
create trigger audit_event_no_update before update on audit_event
begin
    select raise(abort, 'audit_event is append-only');
end;
-- +goose StatementEnd
-- +goose StatementBegin
create trigger audit_event_no_delete before delete on audit_event
begin
    select raise(abort, 'audit_event is append-only');
end;
-- +goose StatementEnd

-- +goose Down
drop table audit_event;
drop table screening;
