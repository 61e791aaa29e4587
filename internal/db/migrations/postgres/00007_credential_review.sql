-- +goose Up
-- A credential's evidence (a scan of the licence or certificate) and every
-- decision a site admin made about it (domain-clinical.md §5.3: approve or
-- reject with an audit entry). Documents live in the database so that
-- several servers share them and backups hold them.
create table credential_document (
    credential_id bigint primary key references credential (id) on delete cascade,
    content_type  text not null check (content_type in ('application/pdf', 'image/jpeg', 'image/png')),
    filename      text not null,
    size          integer not null,
    data          bytea not null,
    uploaded_at   timestamptz not null
);

create table credential_decision (
    id            bigint generated always as identity primary key,
    credential_id bigint not null references credential (id) on delete cascade,
    admin_id      bigint not null references app_user (id),
    decision      text not null check (decision in ('verified', 'rejected')),
    note          text not null default '',
    decided_at    timestamptz not null
);
create index credential_decision_credential on credential_decision (credential_id, decided_at);
create index credential_pending on credential (status, created_at);

-- +goose Down
drop index credential_pending;
drop table credential_decision;
drop table credential_document;
