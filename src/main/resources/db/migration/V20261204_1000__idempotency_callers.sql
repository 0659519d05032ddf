-- Idempotency-Key records (common/web/idempotency), issue 11 items 1 and 2, issue 12 item 5:
--  * scope: 'subject:<sub>' of a signed-in caller, or 'credential:<kind>:<HMAC>' of the credential sent to an
--    endpoint that authenticates in the request; the shared 'anonymous' scope is gone (a request that proves no
--    caller runs without its key);
--  * request_hash: HMAC-SHA256 (hex, key derived from the data key) instead of a plain SHA-256 of the body;
--  * response_body: headers and body sealed together (an ETag is a hash of the body); response_headers stays NULL;
--  * answers that carry tokens or secrets are replayable until forget_after, then the body is deleted (FORGOTTEN).
ALTER TABLE idempotency_record ADD COLUMN forget_after timestamptz;

-- the old checks name only IN_FLIGHT and COMPLETED; their generated names are not part of the schema, so look them up
DO $$
DECLARE
    constraint_name text;
BEGIN
    FOR constraint_name IN
        SELECT conname FROM pg_constraint
         WHERE conrelid = 'idempotency_record'::regclass AND contype = 'c'
    LOOP
        EXECUTE format('ALTER TABLE idempotency_record DROP CONSTRAINT %I', constraint_name);
    END LOOP;
END
$$;

-- Records written before: answers kept for anyone who sent no credential (the hole), and plain SHA-256 hashes of
-- bodies such as a phone number, a name and ID number or a password. Unauthenticated ones go; the others keep only
-- the fact that the key was used, so a retry across the upgrade cannot run twice (it is told the answer is gone).
DELETE FROM idempotency_record WHERE scope = 'anonymous';
UPDATE idempotency_record
   SET state = 'FORGOTTEN', request_hash = '', response_status = NULL, response_headers = NULL,
       response_body = NULL;

ALTER TABLE idempotency_record
    ADD CONSTRAINT idempotency_record_state_known CHECK (state IN ('IN_FLIGHT', 'COMPLETED', 'FORGOTTEN')),
    ADD CONSTRAINT idempotency_record_completed_has_answer
        CHECK (state <> 'COMPLETED' OR (response_status IS NOT NULL AND completed_at IS NOT NULL)),
    ADD CONSTRAINT idempotency_record_forgotten_has_no_body
        CHECK (state <> 'FORGOTTEN' OR (response_body IS NULL AND response_headers IS NULL));

-- the scheduled job that deletes secret answers past their window
CREATE INDEX idempotency_record_forget ON idempotency_record (forget_after) WHERE forget_after IS NOT NULL;

COMMENT ON COLUMN idempotency_record.scope IS
    'subject:<sub> of a signed-in caller, or credential:<kind>:<HMAC-SHA256 of the credential>';
COMMENT ON COLUMN idempotency_record.request_hash IS
    'HMAC-SHA256 (hex) of method, path, query and body, keyed from the data key; empty for records from before';
COMMENT ON COLUMN idempotency_record.response_headers IS 'unused: headers are sealed with the body';
COMMENT ON COLUMN idempotency_record.response_body IS
    'headers and body, AES-256-GCM with a key derived from the data key';
COMMENT ON COLUMN idempotency_record.forget_after IS
    'answers that carry tokens or secrets: replayable until then, then the body is deleted (state FORGOTTEN)';
