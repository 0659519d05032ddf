-- Idempotency-Key claims die with their instance (issue 12 item 5): a claim in flight records the database session of
-- the claiming instance's live-feed listener (common/live/LiveFeed), a connection that lives as long as the instance.
-- Once no session with that pid and start time is in pg_stat_activity, the instance is dead (crash, kill -9) and a
-- retry takes the key over at once instead of waiting for errandless.idempotency.in-flight-timeout. NULL: unknown
-- (the listener was disconnected or is off), so only the timeout applies.
ALTER TABLE idempotency_record
    ADD COLUMN holder_pid     integer,
    ADD COLUMN holder_started timestamptz,
    ADD CONSTRAINT idempotency_record_holder_whole CHECK ((holder_pid IS NULL) = (holder_started IS NULL));

COMMENT ON COLUMN idempotency_record.holder_pid IS
    'pg_backend_pid() of the live-feed listener of the instance holding the claim in flight';
COMMENT ON COLUMN idempotency_record.holder_started IS 'backend_start of that session (a pid alone may be reused)';
