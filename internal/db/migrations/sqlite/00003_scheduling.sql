-- +goose Up
-- Weekly working hours per location, in the location's local wall-clock
-- minutes from midnight (end may be 1440, i.e. 24:00).
create table weekly_hours (
    id           integer primary key,
    therapist_id integer not null references therapist (id) on delete cascade,
    location_id  integer not null references location (id) on delete cascade,
    weekday      integer not null check (weekday between 0 and 6), -- 0 = Sunday
    start_minute integer not null check (start_minute between 0 and 1439),
    end_minute   integer not null check (end_minute between 1 and 1440),
    check (start_minute < end_minute)
);
create index weekly_hours_location on weekly_hours (location_id);

-- Extra working hours on a given local date.
create table extra_hours (
    id           integer primary key,
    therapist_id integer not null references therapist (id) on delete cascade,
    location_id  integer not null references location (id) on delete cascade,
    day          text not null, -- YYYY-MM-DD, local
    start_minute integer not null check (start_minute between 0 and 1439),
    end_minute   integer not null check (end_minute between 1 and 1440),
    check (start_minute < end_minute)
);
create index extra_hours_location on extra_hours (location_id, day);

-- Time off: instants; no location means everywhere.
create table time_off (
    id           integer primary key,
    therapist_id integer not null references therapist (id) on delete cascade,
    location_id  integer references location (id) on delete cascade,
    starts_at    timestamp not null,
    ends_at      timestamp not null,
    reason       text not null default '',
    created_at   timestamp not null,
    check (starts_at < ends_at)
);
create index time_off_therapist on time_off (therapist_id, ends_at);

create table booking_rules (
    therapist_id        integer primary key references therapist (id) on delete cascade,
    min_notice_hours    integer not null default 2 check (min_notice_hours between 0 and 720),
    horizon_days        integer not null default 90 check (horizon_days between 1 and 730),
    cancel_window_hours integer not null default 24 check (cancel_window_hours between 0 and 720),
    grid_minutes        integer not null default 15 check (grid_minutes in (5, 10, 15, 20, 30, 60)),
    updated_at          timestamp not null
);

create table appointment_series (
    id           integer primary key,
    therapist_id integer not null references therapist (id) on delete cascade,
    client_id    integer not null references app_user (id) on delete cascade,
    service_id   integer not null references service (id),
    location_id  integer not null references location (id),
    time_zone    text not null,
    first_start  timestamp not null,
    every_weeks  integer not null check (every_weeks in (1, 2, 4)),
    rrule        text not null,
    created_at   timestamp not null
);

-- Appointments. blocks_until is the end plus the service's buffer: the time
-- no other booking of the therapist may touch.
create table appointment (
    id            integer primary key,
    therapist_id  integer not null references therapist (id) on delete cascade,
    client_id     integer not null references app_user (id) on delete cascade,
    service_id    integer not null references service (id),
    location_id   integer not null references location (id),
    series_id     integer references appointment_series (id) on delete set null,
    starts_at     timestamp not null,
    ends_at       timestamp not null,
    blocks_until  timestamp not null,
    status        text not null default 'booked'
                  check (status in ('booked', 'held', 'cancelled', 'completed', 'no_show')),
    cancelled_at  timestamp,
    cancelled_by  integer references app_user (id),
    cancel_reason text not null default '',
    late_cancel   integer not null default 0,
    created_by    integer not null references app_user (id),
    created_at    timestamp not null,
    updated_at    timestamp not null,
    check (starts_at < ends_at and ends_at <= blocks_until)
);
create index appointment_therapist_time on appointment (therapist_id, starts_at);
create index appointment_client_time on appointment (client_id, starts_at);
create index appointment_series_idx on appointment (series_id);

-- No two live appointments of one therapist may overlap, buffers included.
-- The service checks first to answer kindly; these triggers are the
-- guarantee, also against a second process on the same file.
-- +goose StatementBegin
create trigger appointment_no_overlap_insert before insert on appointment
when new.status in ('booked', 'held')
begin
    select raise(abort, 'appointment_overlap') from appointment
     where therapist_id = new.therapist_id and status in ('booked', 'held')
       and starts_at < new.blocks_until and new.starts_at < blocks_until;
end;
-- +goose StatementEnd
-- +goose StatementBegin
create trigger appointment_no_overlap_update before update of therapist_id, starts_at, blocks_until, status on appointment
when new.status in ('booked', 'held')
begin
    select raise(abort, 'appointment_overlap') from appointment
     where therapist_id = new.therapist_id and status in ('booked', 'held') and id <> new.id
       and starts_at < new.blocks_until and new.starts_at < blocks_until;
end;
-- +goose StatementEnd

-- +goose Down
drop trigger appointment_no_overlap_update;
drop trigger appointment_no_overlap_insert;
drop table appointment;
drop table appointment_series;
drop table booking_rules;
drop table time_off;
drop table extra_hours;
drop table weekly_hours;
