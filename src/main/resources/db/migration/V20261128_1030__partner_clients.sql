-- Partner clients: machine clients of partner departments (health commission, civil affairs, housing...) that ask our
-- register purpose-bound questions with OAuth2 client credentials. Only a SHA-256 hash of the secret is kept: secrets
-- are 256 random bits, so a fast hash is enough (no dictionary to guess from). Scopes are a space-separated list.
CREATE TABLE partner_client (
    id          uuid         PRIMARY KEY,
    name        varchar(100) NOT NULL,
    department  varchar(100) NOT NULL,
    scopes      varchar(200) NOT NULL,
    daily_quota integer      NOT NULL CHECK (daily_quota > 0),
    secret_hash varchar(64)  NOT NULL,
    disabled    boolean      NOT NULL DEFAULT false,
    created_at  timestamptz  NOT NULL,
    updated_at  timestamptz  NOT NULL,
    version     bigint       NOT NULL DEFAULT 0
);
CREATE INDEX partner_client_created ON partner_client (created_at, id);
