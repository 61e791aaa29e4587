-- +goose Up
-- The profile beyond the basics (issue 6, "Profiles"): premises
-- accessibility as a fixed list of features plus a note, what a first
-- session is like, and a photo. The photo is stored only after the server
-- has decoded and re-encoded it, in the two sizes pages show, so the
-- database never holds a client's original bytes.
alter table therapist add column access_note text not null default '';
alter table therapist add column first_session text not null default '';

create table therapist_access (
    therapist_id bigint not null references therapist (id) on delete cascade,
    feature      text not null check (feature in ('step_free', 'ground_floor', 'elevator', 'accessible_restroom',
                                                  'accessible_parking', 'adjustable_table')),
    primary key (therapist_id, feature)
);

create table therapist_photo (
    therapist_id bigint primary key references therapist (id) on delete cascade,
    large        bytea not null,
    small        bytea not null,
    etag         text not null,
    updated_at   timestamptz not null
);

-- +goose Down
drop table therapist_photo;
drop table therapist_access;
alter table therapist drop column first_session;
alter table therapist drop column access_note;
