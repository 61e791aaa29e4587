-- +goose Up
-- What each person wants mailed: reminders and after-care can be turned
-- off (safety and account messages cannot); a therapist sets how long before
-- a session its reminder goes out. No row: everything on, 24 hours.
create table mail_preference (
    user_id      bigint primary key references app_user (id) on delete cascade,
    reminders    boolean not null default true,
    aftercare    boolean not null default true,
    remind_hours integer not null default 24 check (remind_hours between 1 and 168)
);
-- One message per event: a job retried after a crash between its commit
-- and River marking it done finds its message already there.
alter table outbox add column event_key text;
create unique index outbox_event_key on outbox (event_key);

-- +goose Down
drop index outbox_event_key;
alter table outbox drop column event_key;
drop table mail_preference;
