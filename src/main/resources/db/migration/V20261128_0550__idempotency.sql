-- Idempotency-Key records (common/web/idempotency): one row per key and caller. A request claims its key by
-- inserting the row IN_FLIGHT in a short transaction of its own, so of two identical requests racing on any
-- instances exactly one runs; the answer it produced (2xx or 4xx) is stored here and replayed to retries.
-- Rows live errandless.idempotency.retention (24 h) from created_at and are then purged by a scheduled job.
CREATE TABLE idempotency_record (
    -- whose key: 'subject:<sub>' of the authenticated caller, or 'anonymous'
    scope            varchar(320) NOT NULL,
    idempotency_key  varchar(255) NOT NULL,
    -- SHA-256 (hex) of method, path, query and body: the same key with another request is refused
    request_hash     varchar(64)  NOT NULL,
    state            varchar(16)  NOT NULL CHECK (state IN ('IN_FLIGHT', 'COMPLETED')),
    -- changes on every claim and retake, so a request whose stale claim was retaken cannot overwrite the new one
    claim_token      uuid         NOT NULL,
    response_status  integer,
    -- {"Content-Type": ..., "Location": ..., "ETag": ...}: the headers a replay repeats
    response_headers jsonb,
    -- the body exactly as sent (JSON or text as its bytes)
    response_body    bytea,
    created_at       timestamptz  NOT NULL,
    -- when the current claim was taken; an IN_FLIGHT row older than the in-flight timeout may be retaken
    claimed_at       timestamptz  NOT NULL,
    completed_at     timestamptz,
    PRIMARY KEY (scope, idempotency_key),
    CHECK (state <> 'COMPLETED' OR (response_status IS NOT NULL AND completed_at IS NOT NULL))
);
CREATE INDEX idempotency_record_created ON idempotency_record (created_at);
