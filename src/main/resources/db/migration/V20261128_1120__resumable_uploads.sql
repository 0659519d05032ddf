-- Resumable (tus 1.0.0) uploads in progress. The bytes received so far live in the upload area on disk, named by
-- id; upload_offset is the authoritative count of them (bytes beyond it are garbage of an interrupted write and are
-- cut off before the next one). When the last byte arrives the upload becomes the document with the same id and
-- this row goes, in the same transaction as the document's row.
CREATE TABLE resumable_upload (
    id            uuid          PRIMARY KEY,
    owner_id      uuid          NOT NULL REFERENCES citizen_account (id),
    upload_length bigint        NOT NULL CHECK (upload_length >= 0),
    upload_offset bigint        NOT NULL DEFAULT 0 CHECK (upload_offset >= 0 AND upload_offset <= upload_length),
    -- Upload-Metadata exactly as the client sent it (echoed on HEAD, as tus requires), and what we took from it
    metadata      varchar(4096),
    filename      varchar(255)  NOT NULL,
    kind          varchar(64),
    created_at    timestamptz   NOT NULL,
    expires_at    timestamptz   NOT NULL,
    -- the PATCH that is writing right now: a lease instead of a row lock held for the whole transfer, so a slow
    -- phone does not keep a database connection; a lease left behind by a crashed instance ends by itself
    lease_token   uuid,
    lease_until   timestamptz
);
CREATE INDEX resumable_upload_owner_idx ON resumable_upload (owner_id);
CREATE INDEX resumable_upload_expiry_idx ON resumable_upload (expires_at);
