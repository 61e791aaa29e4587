-- +goose Up
-- A client waiting for a slot of one service in a date range and a daily
-- time window (local to the service's location).
create table waitlist_entry (
    id            bigint generated always as identity primary key,
    client_id     bigint not null references app_user (id) on delete cascade,
    therapist_id  bigint not null references therapist (id) on delete cascade,
    service_id    bigint not null references service (id) on delete cascade,
    from_day      text not null, -- YYYY-MM-DD, local, inclusive
    to_day        text not null, -- YYYY-MM-DD, local, exclusive
    window_start  integer not null check (window_start between 0 and 1439),
    window_end    integer not null check (window_end between 1 and 1440),
    weekly        boolean not null default false, -- a standing weekly slot is wanted
    status        text not null default 'waiting' check (status in ('waiting', 'offered', 'booked', 'left')),
    created_at    timestamptz not null,
    updated_at    timestamptz not null,
    check (from_day < to_day and window_start < window_end)
);
create index waitlist_entry_queue on waitlist_entry (therapist_id, status, created_at, id);
create index waitlist_entry_client on waitlist_entry (client_id, created_at);

-- An offer holds a slot for an entry: the held appointment blocks it like a
-- booking until the offer is accepted, declined or expires.
create table waitlist_offer (
    id             bigint generated always as identity primary key,
    entry_id       bigint not null references waitlist_entry (id) on delete cascade,
    appointment_id bigint not null references appointment (id) on delete cascade,
    series_id      bigint references appointment_series (id) on delete cascade, -- a standing slot: every occurrence held
    starts_at      timestamptz not null,
    ends_at        timestamptz not null,
    expires_at     timestamptz not null,
    status         text not null default 'open' check (status in ('open', 'accepted', 'declined', 'expired')),
    created_at     timestamptz not null,
    updated_at     timestamptz not null
);
create index waitlist_offer_entry on waitlist_offer (entry_id, status);
create index waitlist_offer_due on waitlist_offer (status, expires_at);

-- +goose Down
drop table waitlist_offer;
drop table waitlist_entry;
