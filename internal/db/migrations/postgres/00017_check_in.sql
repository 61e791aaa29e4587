-- +goose Up
-- A session stopped and referred (domain-clinical.md §1.2): not a no-show
-- nor a cancellation. The status column stays 'booked' so the session's
-- time stays on the therapist's calendar (the exclusion constraint keeps
-- it) and it still counts as care; referred_at makes it read as 'referred'.
alter table appointment add column referred_at timestamptz;

-- The short re-screen before a session, answered by the client on the day
-- or by the therapist at the door. Never edited: a re-take is a new row,
-- the latest counts.
create table check_in (
    id             bigint generated always as identity primary key,
    appointment_id bigint not null references appointment (id) on delete cascade,
    client_id      bigint not null references app_user (id) on delete cascade,
    answered_by    bigint not null references app_user (id) on delete cascade,
    answered_as    text not null check (answered_as in ('client', 'therapist')),
    taken_at       timestamptz not null,
    rule_version   text not null,
    answers        text not null, -- JSON {"RF-01": "no", ...}
    result         text not null  -- JSON, as shown when taken
);
create index check_in_appointment on check_in (appointment_id, taken_at, id);

-- Why a session was stopped: a check-in that stopped it, or the therapist's
-- flag. One per appointment.
create table referral (
    id             bigint generated always as identity primary key,
    appointment_id bigint not null unique references appointment (id) on delete cascade,
    client_id      bigint not null references app_user (id) on delete cascade,
    referred_by    bigint not null references app_user (id) on delete cascade,
    source         text not null check (source in ('check_in', 'therapist')),
    check_in_id    bigint references check_in (id) on delete cascade,
    rule_id        text not null default '', -- an RF ID, or '' when none was given
    reason         text not null default '',
    tier           text not null,
    advice         text not null,
    referred_at    timestamptz not null
);

-- +goose StatementBegin
create function never_edited() returns trigger language plpgsql as $$
begin
    raise exception '% is never edited', tg_table_name;
end;
$$;
-- +goose StatementEnd
create trigger check_in_no_update before update on check_in for each row execute function never_edited();
create trigger referral_no_update before update on referral for each row execute function never_edited();

-- +goose Down
drop table referral;
drop table check_in;
drop function never_edited();
alter table appointment drop column referred_at;
