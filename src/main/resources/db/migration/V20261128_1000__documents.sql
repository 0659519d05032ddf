-- Documents a citizen uploaded (evidence for applications). The bytes live in the content store (a directory, or
-- an S3-compatible bucket), named by id; this row is the only way to find them. Quotas are counted from these rows.
CREATE TABLE document (
    id           uuid         PRIMARY KEY,
    owner_id     uuid         NOT NULL REFERENCES citizen_account (id),
    kind         varchar(64),
    filename     varchar(255) NOT NULL,
    content_type varchar(100) NOT NULL,
    size_bytes   bigint       NOT NULL CHECK (size_bytes >= 0),
    sha256       char(64)     NOT NULL,
    width        integer,
    height       integer,
    scan_result  varchar(16)  NOT NULL,
    created_at   timestamptz  NOT NULL
);
CREATE INDEX document_owner_idx ON document (owner_id, created_at);
