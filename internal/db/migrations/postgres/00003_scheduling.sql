-- +goose Up
-- Weekly working hours per location, in the location's local wall-clock
-- minutes from midnight (end may be 1440, i.e. 24:00).
create table weekly_hours (
    id           bigint generated always as identity primary key,
    therapist_id bigint not null references therapist (id) on delete cascade,
    location_id  bigint not null references location (id) on delete cascade,
    weekday      integer not null check (weekday between 0 and 6), -- 0 = Sunday
    start_minute integer not null check (start_minute between 0 and 1439),
    end_minute   integer not null check (end_minute between 1 and 1440),
    check (start_minute < end_minute)
);
create index weekly_hours_location on weekly_hours (location_id);

-- Extra working hours on a given local date.
create table extra_hours (
    id           bigint generated always as identity primary key,
    therapist_id bigint not null references therapist (id) on delete cascade,
    location_id  bigint not null references location (id) on delete cascade,
    day          text not null, -- YYYY-MM-DD, local
    start_minute integer not null check (start_minute between 0 and 1439),
    end_minute   integer not null check (end_minute between 1 and 1440),
    check (start_minute < end_minute)
);
create index extra_hours_location on extra_hours (location_id, day);

-- Time off: instants; no location means everywhere.
create table time_off (
    id           bigint generated always as identity primary key,
    therapist_id bigint not null references therapist (id) on delete cascade,
    location_id  bigint references location (id) on delete cascade,
    starts_at    timestamptz not null,
    ends_at      timestamptz not null,
    reason       text not null default '',
    created_at   timestamptz not null,
    check (starts_at < ends_at)
);
create index time_off_therapist on time_off (therapist_id, ends_at);

create table booking_rules (
    therapist_id        bigint primary key references therapist (id) on delete cascade,
    min_notice_hours    integer not null default 2 check (min_notice_hours between 0 and 720),
    horizon_days        integer not null default 90 check (horizon_days between 1 and 730),
    cancel_window_hours integer not null default 24 check (cancel_window_hours between 0 and 720),
    grid_minutes        integer not null default 15 check (grid_minutes in (5, 10, 15, 20, 30, 60)),
    updated_at          timestamptz not null
);

create table appointment_series (
    id           bigint generated always as identity primary key,
    therapist_id bigint not null references therapist (id) on delete cascade,
    client_id    bigint not null references app_user (id) on delete cascade,
    service_id   bigint not null references service (id),
    location_id  bigint not null references location (id),
    time_zone    text not null,
    first_start  timestamptz not null,
    every_weeks  integer not null check (every_weeks in (1, 2, 4)),
    rrule        text not null,
    created_at   timestamptz not null
);

-- Appointments. blocks_until is the end plus the service's buffer: the time
-- no other booking of the therapist may touch. The exclusion constraint is
-- the guarantee against double booking, across any number of servers.
create table appointment (
    id            bigint generated always as identity primary key,
    therapist_id  bigint not null references therapist (id) on delete cascade,
    client_id     bigint not null references app_user (id) on delete cascade,
    service_id    bigint not null references service (id),
    location_id   bigint not null references location (id),
    series_id     bigint references appointment_series (id) on delete set null,
    starts_at     timestamptz not null,
    ends_at       timestamptz not null,
    blocks_until  timestamptz not null,
    status        text not null default 'booked'
                  check (status in ('booked', 'held', 'cancelled', 'completed', 'no_show')),
    cancelled_at  timestamptz,
    cancelled_by  bigint references app_user (id),
    cancel_reason text not null default '',
    late_cancel   integer not null default 0,
    created_by    bigint not null references app_user (id),
    created_at    timestamptz not null,
    updated_at    timestamptz not null,
    check (starts_at < ends_at and ends_at <= blocks_until),
    constraint appointment_no_overlap exclude using gist
        (therapist_id with =, tstzrange(starts_at, blocks_until, '[)') with &&)
        where (status in ('booked', 'held'))
);
create index appointment_therapist_time on appointment (therapist_id, starts_at);
create index appointment_client_time on appointment (client_id, starts_at);
create index appointment_series_idx on appointment (series_id);

-- +goose Down
drop table appointment;
drop table appointment_series;
drop table booking_rules;
drop table time_off;
drop table extra_hours;
drop table weekly_hours;
