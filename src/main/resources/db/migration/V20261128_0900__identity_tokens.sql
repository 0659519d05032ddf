-- Citizen accounts: one per phone number. The phone is stored encrypted with a keyed hash for lookup
-- (see common/crypto); a database dump alone does not reveal it.
CREATE TABLE citizen_account (
    id              uuid PRIMARY KEY,
    phone_cipher    text        NOT NULL,
    phone_hash      varchar(64) NOT NULL UNIQUE,
    assurance_level varchar(2)  NOT NULL DEFAULT 'L1' CHECK (assurance_level IN ('L1', 'L2', 'L3')),
    person_id       uuid UNIQUE,
    disabled        boolean     NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    version         bigint      NOT NULL DEFAULT 0
);

-- A refresh-token family: every token rotated from one sign-in. Revoking it ends the sign-in, access tokens
-- carrying its id (claim "fam") included.
CREATE TABLE token_family (
    id             uuid PRIMARY KEY,
    account_type   varchar(16) NOT NULL CHECK (account_type IN ('CITIZEN', 'STAFF')),
    account_id     uuid        NOT NULL,
    created_at     timestamptz NOT NULL,
    revoked_at     timestamptz,
    revoked_reason varchar(64)
);
CREATE INDEX token_family_account ON token_family (account_type, account_id);

-- Opaque refresh tokens, stored only as SHA-256 hashes; single use (spent on rotation).
CREATE TABLE refresh_token (
    id         uuid PRIMARY KEY,
    family_id  uuid        NOT NULL REFERENCES token_family (id),
    token_hash varchar(64) NOT NULL UNIQUE,
    issued_at  timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    spent_at   timestamptz
);
CREATE INDEX refresh_token_family ON refresh_token (family_id);
