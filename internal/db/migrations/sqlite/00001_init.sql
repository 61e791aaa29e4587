-- +goose Up
-- Accounts: clients, therapists and site admins. A therapist's account id is
-- also their therapist id (API.md).
create table app_user (
    id                integer primary key,
    email             text not null,
    name              text not null,
    role              text not null check (role in ('client', 'therapist', 'admin')),
    password_hash     text not null,
    email_verified_at timestamp,
    time_zone         text not null default 'UTC',
    created_at        timestamp not null
);
create unique index app_user_email on app_user (lower(email));

create table therapist (
    id              integer primary key references app_user (id) on delete cascade,
    slug            text not null unique,
    bio             text not null default '',
    gender          text check (gender in ('female', 'male', 'nonbinary')),
    pressure_min    integer not null default 1 check (pressure_min between 1 and 5),
    pressure_max    integer not null default 5 check (pressure_max between 1 and 5),
    years_back_pain integer not null default 0 check (years_back_pain >= 0),
    created_at      timestamp not null,
    check (pressure_min <= pressure_max)
);

create table therapist_language (
    therapist_id integer not null references therapist (id) on delete cascade,
    language     text not null check (length(language) = 2),
    primary key (therapist_id, language)
);

create table therapist_focus (
    therapist_id integer not null references therapist (id) on delete cascade,
    focus        text not null check (focus in ('low_back', 'upper_back', 'neck', 'sciatica', 'pregnancy', 'sports')),
    primary key (therapist_id, focus)
);

create table location (
    id           integer primary key,
    therapist_id integer not null references therapist (id) on delete cascade,
    name         text not null,
    address      text not null,
    city         text not null default '',
    postal_code  text not null default '',
    lat          real not null check (lat between -90 and 90),
    lon          real not null check (lon between -180 and 180),
    time_zone    text not null,
    jurisdiction text not null,
    created_at   timestamp not null
);
create index location_therapist on location (therapist_id);
create index location_lat_lon on location (lat, lon);

create table service (
    id               integer primary key,
    therapist_id     integer not null references therapist (id) on delete cascade,
    location_id      integer not null references location (id) on delete cascade,
    name             text not null,
    technique        text not null,
    duration_minutes integer not null check (duration_minutes between 15 and 240),
    price_amount     integer not null check (price_amount >= 0),
    currency         text not null check (length(currency) = 3),
    buffer_minutes   integer not null default 0 check (buffer_minutes between 0 and 120),
    created_at       timestamp not null
);
create index service_therapist on service (therapist_id);

create table credential (
    id           integer primary key,
    therapist_id integer not null references therapist (id) on delete cascade,
    kind         text not null check (kind in ('licence', 'certification')),
    type         text not null default '',
    number       text not null,
    jurisdiction text not null,
    issuer       text not null,
    expires_on   date not null,
    status       text not null default 'pending' check (status in ('pending', 'verified', 'rejected')),
    verified_at  timestamp,
    note         text not null default '',
    created_at   timestamp not null
);
create index credential_therapist on credential (therapist_id);

-- +goose Down
drop table credential;
drop table service;
drop table location;
drop table therapist_focus;
drop table therapist_language;
drop table therapist;
drop table app_user;
