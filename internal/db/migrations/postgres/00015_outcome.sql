-- +goose Up
-- A client's pain diary (domain-clinical.md §3, OM-01): 0–10 scores as
-- given, dated on the client's own calendar when written (local_date in
-- time_zone), so a week of entries is the client's week wherever they are.
create table pain_entry (
    id             bigint generated always as identity primary key,
    client_id      bigint not null references app_user (id) on delete cascade,
    recorded_at    timestamptz not null,
    local_date     text not null, -- YYYY-MM-DD in time_zone
    time_zone      text not null,
    now_score      integer not null check (now_score between 0 and 10),
    average_score  integer not null check (average_score between 0 and 10),
    worst_score    integer not null check (worst_score between 0 and 10),
    note           text not null default ''
);
create index pain_entry_client on pain_entry (client_id, local_date, id);

-- Answers to built-in measures at their points (§3.2): the PGIC (OM-07),
-- 1 = very much improved … 7 = very much worse. One answer per point.
create table measure_answer (
    id           bigint generated always as identity primary key,
    client_id    bigint not null references app_user (id) on delete cascade,
    instrument   text not null check (instrument in ('pgic')),
    point        text not null,
    score        integer not null,
    answered_at  timestamptz not null,
    unique (client_id, instrument, point)
);

-- Pain now before and after a session (§3.2 "Each session"), entered by
-- the client or the session's therapist; entering it again replaces it.
create table session_pain (
    appointment_id  bigint not null references appointment (id) on delete cascade,
    phase           text not null check (phase in ('before', 'after')),
    score           integer not null check (score between 0 and 10),
    recorded_at     timestamptz not null,
    recorded_by     bigint not null,
    primary key (appointment_id, phase)
);

-- Therapists who show an outcome summary on their public profile (shown
-- only once 10 or more clients have had 4 or more sessions).
create table outcome_summary_optin (
    therapist_id  bigint primary key references app_user (id) on delete cascade,
    since         timestamptz not null
);

-- +goose Down
drop table outcome_summary_optin;
drop table session_pain;
drop table measure_answer;
drop table pain_entry;
