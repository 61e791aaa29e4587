-- +goose Up
-- Web sessions, in the shape scs's sqlite3store expects.
create table sessions (
    token  text primary key,
    data   blob not null,
    expiry real not null
);
create index sessions_expiry_idx on sessions (expiry);

-- API bearer tokens; only their SHA-256 is stored.
create table api_token (
    id           integer primary key,
    user_id      integer not null references app_user (id) on delete cascade,
    token_hash   text not null unique,
    created_at   timestamp not null,
    expires_at   timestamp not null,
    revoked_at   timestamp,
    last_used_at timestamp
);
create index api_token_user on api_token (user_id);

-- One-time links: verify an email address, reset a password.
create table account_token (
    id         integer primary key,
    user_id    integer not null references app_user (id) on delete cascade,
    purpose    text not null check (purpose in ('verify_email', 'reset_password')),
    token_hash text not null unique,
    email      text not null,
    created_at timestamp not null,
    expires_at timestamp not null,
    used_at    timestamp
);
create index account_token_user on account_token (user_id, purpose);

-- Failed sign-ins, for the throttle. Rows older than the window are ignored
-- and swept, so nobody can be locked out for good.
create table signin_failure (
    id        integer primary key,
    email_key text not null,
    address   text not null,
    at        timestamp not null
);
create index signin_failure_email on signin_failure (email_key, at);
create index signin_failure_address on signin_failure (address, at);

-- Idempotency-Key: the first answer to a POST, replayed for 24 hours.
create table idempotency_key (
    scope        text not null,
    key          text not null,
    request_hash text not null,
    status       integer,
    content_type text not null default '',
    body         blob,
    created_at   timestamp not null,
    primary key (scope, key)
);
create index idempotency_key_created on idempotency_key (created_at);

-- Every email knead sends, readable by site admins when no SMTP server is set.
create table outbox (
    id         integer primary key,
    to_addr    text not null,
    to_name    text not null default '',
    subject    text not null,
    text_body  text not null,
    html_body  text not null default '',
    kind       text not null,
    status     text not null default 'queued' check (status in ('queued', 'sent', 'failed')),
    created_at timestamp not null
);
create index outbox_created on outbox (created_at);

-- WebAuthn passkeys; data is go-webauthn's Credential as JSON.
create table passkey (
    id            integer primary key,
    user_id       integer not null references app_user (id) on delete cascade,
    credential_id blob not null unique,
    name          text not null,
    data          text not null,
    created_at    timestamp not null,
    last_used_at  timestamp
);
create index passkey_user on passkey (user_id);

-- +goose Down
drop table passkey;
drop table outbox;
drop table idempotency_key;
drop table signin_failure;
drop table account_token;
drop table api_token;
drop table sessions;
