-- +goose Up
-- Delivery of outbox messages over SMTP: each attempt is counted and its
-- error kept, so a message that does not go out is visible, never lost.
alter table outbox add column attempts integer not null default 0;
alter table outbox add column last_error text not null default '';
alter table outbox add column sent_at timestamptz;
alter table outbox add column message_id text not null default '';
-- One attachment at most: a booking's calendar file.
alter table outbox add column attachment_name text not null default '';
alter table outbox add column attachment_type text not null default '';
alter table outbox add column attachment text not null default '';

-- +goose Down
alter table outbox drop column attachment;
alter table outbox drop column attachment_type;
alter table outbox drop column attachment_name;
alter table outbox drop column message_id;
alter table outbox drop column sent_at;
alter table outbox drop column last_error;
alter table outbox drop column attempts;
