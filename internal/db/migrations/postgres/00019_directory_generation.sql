-- +goose Up
-- The directory search keeps the slow-changing part of the directory in
-- memory (internal/directory/snapshot.go): live locations with their
-- services, weekly hours, booking rules, the therapist's name, gender,
-- languages and focus, and the expiry of the credentials that make them
-- bookable. Every change to those tables bumps this one generation in the
-- same transaction, so each server of a deployment sees, with one single-row
-- read per search, that another one changed the directory, and reloads.
create table directory_generation (
    id         integer primary key check (id = 1),
    generation bigint not null
);
insert into directory_generation (id, generation) values (1, 0);

-- A search over many locations reads the extra hours of its window by day
-- rather than by location.
create index extra_hours_day on extra_hours (day);

-- +goose StatementBegin
create function directory_bump() returns trigger language plpgsql as $$
begin
    update directory_generation set generation = generation + 1 where id = 1;
    return null;
end;
$$;
-- +goose StatementEnd
create trigger location_directory after insert or update or delete on location for each statement execute function directory_bump();
create trigger service_directory after insert or update or delete on service for each statement execute function directory_bump();
create trigger weekly_hours_directory after insert or update or delete on weekly_hours for each statement execute function directory_bump();
create trigger booking_rules_directory after insert or update or delete on booking_rules for each statement execute function directory_bump();
create trigger credential_directory after insert or update or delete on credential for each statement execute function directory_bump();
create trigger therapist_language_directory after insert or update or delete on therapist_language for each statement execute function directory_bump();
create trigger therapist_focus_directory after insert or update or delete on therapist_focus for each statement execute function directory_bump();
create trigger therapist_directory after update of gender, slug or delete on therapist for each statement execute function directory_bump();
create trigger app_user_directory after update of name or delete on app_user for each statement execute function directory_bump();

-- +goose Down
drop trigger location_directory on location;
drop trigger service_directory on service;
drop trigger weekly_hours_directory on weekly_hours;
drop trigger booking_rules_directory on booking_rules;
drop trigger credential_directory on credential;
drop trigger therapist_language_directory on therapist_language;
drop trigger therapist_focus_directory on therapist_focus;
drop trigger therapist_directory on therapist;
drop trigger app_user_directory on app_user;
drop function directory_bump;
drop index extra_hours_day;
drop table directory_generation;
