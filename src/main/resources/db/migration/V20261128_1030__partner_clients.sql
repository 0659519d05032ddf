-- Partner clients: machine clients of partner departments (health commission, civil affairs, housing...) that ask our
-- register purpose-bound questions with OAuth2 client credentials. Only a SHA-256 hash of the secret is kept: secrets
-- are 256 random bits, so a fast hash is enough (no dictionary to guess from). Scopes are a space-separated list.
-- A client authenticates with its secret, or (private_key_jwt, RFC 7523) with assertions signed by the key whose public
-- half (X.509 PEM) is registered here; it has at least one of the two.
CREATE TABLE partner_client (
    id          uuid         PRIMARY KEY,
    name        varchar(100) NOT NULL,
    department  varchar(100) NOT NULL,
    scopes      varchar(200) NOT NULL,
    daily_quota integer      NOT NULL CHECK (daily_quota > 0),
    secret_hash varchar(64),
    public_key  text,
    disabled    boolean      NOT NULL DEFAULT false,
    created_at  timestamptz  NOT NULL,
    updated_at  timestamptz  NOT NULL,
    version     bigint       NOT NULL DEFAULT 0,
    CHECK (secret_hash IS NOT NULL OR public_key IS NOT NULL)
);
CREATE INDEX partner_client_created ON partner_client (created_at, id);

-- The ids (jti) of client assertions already used, until they expire: an assertion is good once.
CREATE TABLE client_assertion_use (
    client_id  uuid         NOT NULL REFERENCES partner_client (id) ON DELETE CASCADE,
    jti        varchar(200) NOT NULL,
    expires_at timestamptz  NOT NULL,
    PRIMARY KEY (client_id, jti)
);
