-- Register import: admins load the register extract of the public-security population system (stations,
-- households, persons) as JSON Lines. Each record carries the source system's key; a later extract updates the
-- records with the same keys. See registry/imports and the README ("Register import").

-- The source system's keys. Rows the application made itself (newborns, demo data) have none until an extract
-- names them: a household is then matched by its number, a person by the blind index of the ID number.
ALTER TABLE household ADD COLUMN source_key varchar(64);
ALTER TABLE household ADD CONSTRAINT household_source_key_key UNIQUE (source_key);

ALTER TABLE person ADD COLUMN source_key varchar(64);
ALTER TABLE person ADD CONSTRAINT person_source_key_key UNIQUE (source_key);
-- The mobile number the register records for a person (optional), protected like every phone number: encrypted
-- (AES-256-GCM, `v1:`) plus its keyed blind index, never in clear.
ALTER TABLE person ADD COLUMN mobile_cipher text CHECK (mobile_cipher LIKE 'v1:%');
ALTER TABLE person ADD COLUMN mobile_hash varchar(64);
ALTER TABLE person ADD CONSTRAINT person_mobile_pair CHECK ((mobile_cipher IS NULL) = (mobile_hash IS NULL));
CREATE INDEX person_mobile_hash_idx ON person (mobile_hash) WHERE mobile_hash IS NOT NULL;

-- The history names the import that made a change; two more kinds: a record created from an extract, and a record
-- an extract changed in a way no other kind describes.
ALTER TABLE register_change ADD COLUMN import_id uuid;
CREATE INDEX register_change_import_idx ON register_change (import_id) WHERE import_id IS NOT NULL;
ALTER TABLE register_change DROP CONSTRAINT register_change_kind_check;
ALTER TABLE register_change ADD CONSTRAINT register_change_kind_check CHECK (kind IN ('SEEDED', 'BORN', 'MOVED_IN',
    'MOVED_OUT', 'ADDRESS_CHANGED', 'DECEASED', 'HEAD_CHANGED', 'IMPORTED', 'UPDATED'));

-- One import: received (QUEUED), applied by one instance at a time (RUNNING), then SUCCEEDED or FAILED.
CREATE TABLE register_import (
    id               uuid         PRIMARY KEY,
    -- list and claim order (timestamps come from the business clock, which tests fix)
    seq              bigint       GENERATED ALWAYS AS IDENTITY UNIQUE,
    state            varchar(16)  NOT NULL CHECK (state IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED')),
    source           varchar(16)  NOT NULL CHECK (source IN ('API', 'COMMAND_LINE')),
    requested_by     varchar(128),
    sha256           varchar(64)  NOT NULL,
    bytes            bigint       NOT NULL,
    lines_read       bigint       NOT NULL,
    -- rows written to the staging table; fewer there at apply time means PostgreSQL lost them (crash)
    records_staged   bigint       NOT NULL,
    stations_created bigint, stations_updated bigint, stations_unchanged bigint,
    households_created bigint, households_updated bigint, households_unchanged bigint,
    persons_created  bigint, persons_updated bigint, persons_unchanged bigint,
    rejected         bigint,
    created_at       timestamptz  NOT NULL,
    started_at       timestamptz,
    finished_at      timestamptz,
    -- the claim of the instance applying it, on the database's clock
    claim_token      uuid,
    claimed_at       timestamptz,
    attempts         integer      NOT NULL DEFAULT 0,
    failure_code     varchar(64),
    failure_detail   text,
    version          bigint       NOT NULL DEFAULT 0
);
CREATE INDEX register_import_open_idx ON register_import (seq) WHERE state IN ('QUEUED', 'RUNNING');

-- The lines of imports not yet applied, as COPY writes them: validated and protected in Java while streaming
-- (ciphertext and blind index, never a clear ID or phone number), or already rejected (record_type null). Unlogged
-- and without indexes, so loading it costs what a plain COPY costs; a PostgreSQL crash empties it, which the apply
-- notices (records_staged). Rows go in the transaction that applies their import (or gives it up).
CREATE UNLOGGED TABLE register_import_line (
    import_id        uuid         NOT NULL,
    line_number      bigint       NOT NULL,
    record_type      varchar(16),
    source_key       varchar(64),
    parent_key       varchar(64),
    number           varchar(20),
    name             varchar(128),
    household_type   varchar(16),
    address          varchar(256),
    id_number_cipher text,
    id_number_hash   varchar(64),
    sex              varchar(1),
    birth_date       date,
    ethnicity        varchar(32),
    relationship     varchar(32),
    status           varchar(16),
    mobile_cipher    text,
    mobile_hash      varchar(64),
    rejection_code   varchar(64),
    rejection_detail text
);

-- The report of rejected lines: line number, a stable code and a reason in words; never the line's content.
CREATE TABLE register_import_rejection (
    import_id   uuid        NOT NULL REFERENCES register_import (id),
    line_number bigint      NOT NULL,
    code        varchar(64) NOT NULL,
    detail      text        NOT NULL,
    PRIMARY KEY (import_id, line_number)
);
