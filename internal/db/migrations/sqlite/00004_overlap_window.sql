-- +goose Up
-- The overlap triggers looked at every earlier appointment of the
-- therapist. An appointment with its buffer spans at most 6 hours (240
-- minutes of session, 120 of buffer), so only those starting up to 6 hours
-- before can overlap: the cost no longer grows with booking history.
drop trigger appointment_no_overlap_insert;
drop trigger appointment_no_overlap_update;
-- +goose StatementBegin
create trigger appointment_no_overlap_insert before insert on appointment
when new.status in ('booked', 'held')
begin
    select raise(abort, 'appointment_overlap') from appointment
     where therapist_id = new.therapist_id and status in ('booked', 'held')
       and starts_at >= datetime(new.starts_at, '-6 hours')
       and starts_at < new.blocks_until and new.starts_at < blocks_until;
end;
-- +goose StatementEnd
-- +goose StatementBegin
create trigger appointment_no_overlap_update before update of therapist_id, starts_at, blocks_until, status on appointment
when new.status in ('booked', 'held')
begin
    select raise(abort, 'appointment_overlap') from appointment
     where therapist_id = new.therapist_id and status in ('booked', 'held') and id <> new.id
       and starts_at >= datetime(new.starts_at, '-6 hours')
       and starts_at < new.blocks_until and new.starts_at < blocks_until;
end;
-- +goose StatementEnd
-- Nothing may span more than the 6 hours the triggers and the busy query
-- rely on.
-- +goose StatementBegin
create trigger appointment_span_insert before insert on appointment
when julianday(new.blocks_until) - julianday(new.starts_at) > 0.25
begin
    select raise(abort, 'appointment_span');
end;
-- +goose StatementEnd

-- +goose Down
drop trigger appointment_span_insert;
