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
create trigger location_directory_insert after insert on location
begin
    update directory_generation set generation = generation + 1 where id = 1;
end;
-- +goose StatementEnd
-- +goose StatementBegin
create trigger location_directory_update after update on location
begin
    update directory_generation set generation = generation + 1 where id = 1;
end;
-- +goose StatementEnd
-- +goose StatementBegin
create trigger location_directory_delete after delete on location
begin
    update directory_generation set generation = generation + 1 where id = 1;
end;
-- +goose StatementEnd
-- +goose StatementBegin
create trigger service_directory_insert after insert on service
begin
    update directory_generation set generation = generation + 1 where id = 1;
end;
-- +goose StatementEnd
-- +goose StatementBegin
create trigger service_directory_update after update on service
begin
    update directory_generation set generation = generation + 1 where id = 1;
end;
-- +goose StatementEnd
-- +goose StatementBegin
create trigger service_directory_delete after delete on service
begin
    update directory_generation set generation = generation + 1 where id = 1;
end;
-- +goose StatementEnd
-- +goose StatementBegin
create trigger weekly_hours_directory_insert after insert on weekly_hours
begin
    update directory_generation set generation = generation + 1 where id = 1;
end;
-- +goose StatementEnd
-- +goose StatementBegin
create trigger weekly_hours_directory_update after update on weekly_hours
begin
    update directory_generation set generation = generation + 1 where id = 1;
end;
-- +goose StatementEnd
-- +goose StatementBegin
create trigger weekly_hours_directory_delete after delete on weekly_hours
begin
    update directory_generation set generation = generation + 1 where id = 1;
end;
-- +goose StatementEnd
-- +goose StatementBegin
create trigger booking_rules_directory_insert after insert on booking_rules
begin
    update directory_generation set generation = generation + 1 where id = 1;
end;
-- +goose StatementEnd
-- +goose StatementBegin
create trigger booking_rules_directory_update after update on booking_rules
begin
    update directory_generation set generation = generation + 1 where id = 1;
end;
-- +goose StatementEnd
-- +goose StatementBegin
create trigger booking_rules_directory_delete after delete on booking_rules
begin
    update directory_generation set generation = generation + 1 where id = 1;
end;
-- +goose StatementEnd
-- +goose StatementBegin
create trigger credential_directory_insert after insert on credential
begin
    update directory_generation set generation = generation + 1 where id = 1;
end;
-- +goose StatementEnd
-- +goose StatementBegin
create trigger credential_directory_update after update on credential
begin
    update directory_generation set generation = generation + 1 where id = 1;
end;
-- +goose StatementEnd
-- +goose StatementBegin
create trigger credential_directory_delete after delete on credential
begin
    update directory_generation set generation = generation + 1 where id = 1;
end;
-- +goose StatementEnd
-- +goose StatementBegin
create trigger therapist_language_directory_insert after insert on therapist_language
begin
    update directory_generation set generation = generation + 1 where id = 1;
end;
-- +goose StatementEnd
-- +goose StatementBegin
create trigger therapist_language_directory_update after update on therapist_language
begin
    update directory_generation set generation = generation + 1 where id = 1;
end;
-- +goose StatementEnd
-- +goose StatementBegin
create trigger therapist_language_directory_delete after delete on therapist_language
begin
    update directory_generation set generation = generation + 1 where id = 1;
end;
-- +goose StatementEnd
-- +goose StatementBegin
create trigger therapist_focus_directory_insert after insert on therapist_focus
begin
    update directory_generation set generation = generation + 1 where id = 1;
end;
-- +goose StatementEnd
-- +goose StatementBegin
create trigger therapist_focus_directory_update after update on therapist_focus
begin
    update directory_generation set generation = generation + 1 where id = 1;
end;
-- +goose StatementEnd
-- +goose StatementBegin
create trigger therapist_focus_directory_delete after delete on therapist_focus
begin
    update directory_generation set generation = generation + 1 where id = 1;
end;
-- +goose StatementEnd
-- +goose StatementBegin
create trigger therapist_directory_update after update of gender, slug on therapist
begin
    update directory_generation set generation = generation + 1 where id = 1;
end;
-- +goose StatementEnd
-- +goose StatementBegin
create trigger therapist_directory_delete after delete on therapist
begin
    update directory_generation set generation = generation + 1 where id = 1;
end;
-- +goose StatementEnd
-- +goose StatementBegin
create trigger app_user_directory_update after update of name on app_user
begin
    update directory_generation set generation = generation + 1 where id = 1;
end;
-- +goose StatementEnd
-- +goose StatementBegin
create trigger app_user_directory_delete after delete on app_user
begin
    update directory_generation set generation = generation + 1 where id = 1;
end;
-- +goose StatementEnd

-- +goose Down
drop trigger location_directory_insert;
drop trigger location_directory_update;
drop trigger location_directory_delete;
drop trigger service_directory_insert;
drop trigger service_directory_update;
drop trigger service_directory_delete;
drop trigger weekly_hours_directory_insert;
drop trigger weekly_hours_directory_update;
drop trigger weekly_hours_directory_delete;
drop trigger booking_rules_directory_insert;
drop trigger booking_rules_directory_update;
drop trigger booking_rules_directory_delete;
drop trigger credential_directory_insert;
drop trigger credential_directory_update;
drop trigger credential_directory_delete;
drop trigger therapist_language_directory_insert;
drop trigger therapist_language_directory_update;
drop trigger therapist_language_directory_delete;
drop trigger therapist_focus_directory_insert;
drop trigger therapist_focus_directory_update;
drop trigger therapist_focus_directory_delete;
drop trigger therapist_directory_update;
drop trigger therapist_directory_delete;
drop trigger app_user_directory_update;
drop trigger app_user_directory_delete;
drop index extra_hours_day;
drop table directory_generation;
