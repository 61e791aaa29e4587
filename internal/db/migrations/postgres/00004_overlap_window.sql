-- +goose Up
-- An appointment with its buffer spans at most 6 hours (240 minutes of
-- session, 120 of buffer); the busy query bounds its index scan by it, so
-- its cost does not grow with booking history.
alter table appointment add constraint appointment_span_bounded
    check (blocks_until - starts_at <= interval '6 hours');

-- +goose Down
alter table appointment drop constraint appointment_span_bounded;
