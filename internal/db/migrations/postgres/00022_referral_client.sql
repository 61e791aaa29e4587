-- +goose Up
-- The booking gate reads a client's latest referral on every booking: a
-- stop-and-refer blocks booking until a clinician's review is recorded
-- (domain-clinical.md §1.2: the therapist's flag overrides the client's
-- answers).
create index referral_client on referral (client_id, referred_at);

-- +goose Down
drop index referral_client;
