-- A consent request whose SMS to the head is still to be sent (MoveInConsentNotices): a request made where the
-- head's mobile cannot be read, such as the backfill of V20261206_1101, is inserted with notice_due and told by the
-- job, which claims such rows with FOR UPDATE SKIP LOCKED and clears the flag in the transaction that queues the SMS,
-- so each head is told once whatever number of instances run it. Requests asked at submission are told at once.
ALTER TABLE move_in_consent ADD COLUMN notice_due boolean NOT NULL DEFAULT false;
CREATE INDEX move_in_consent_notice_due_idx ON move_in_consent (asked_at, id) WHERE notice_due;
