-- A second factor for staff (TOTP, RFC 6238) with one-time recovery codes, and staff session limits.

-- When the enrolment grace period of an account starts: its creation, or, for accounts that existed before the second
-- factor was introduced, now (so nobody is locked out of decisions by an upgrade; each has the grace period to enrol).
-- The value is the same for all existing rows (a constant default, no table rewrite); new rows carry their own.
ALTER TABLE staff_account ADD COLUMN mfa_grace_from timestamptz NOT NULL DEFAULT now();
ALTER TABLE staff_account ALTER COLUMN mfa_grace_from DROP DEFAULT;

-- One TOTP enrolment per account: PENDING from the start of an enrolment until its first valid code confirms it, then
-- ACTIVE. The secret is encrypted with a key derived from the data key (never stored or logged in the clear).
-- last_used_step is the highest TOTP time step accepted so far: a code of that step or an earlier one is refused, so
-- a code seen over someone's shoulder cannot be used again (the update is conditional, so this holds across
-- instances and concurrent requests).
CREATE TABLE staff_mfa (
    staff_account_id  uuid        PRIMARY KEY REFERENCES staff_account (id) ON DELETE CASCADE,
    secret_ciphertext text        NOT NULL,
    state             varchar(8)  NOT NULL CHECK (state IN ('PENDING', 'ACTIVE')),
    started_at        timestamptz NOT NULL,
    enrolled_at       timestamptz,
    last_used_step    bigint      NOT NULL DEFAULT -1,
    CHECK ((state = 'ACTIVE') = (enrolled_at IS NOT NULL))
);

-- Ten one-time recovery codes per enrolled account, stored as keyed hashes (HMAC-SHA256, key derived from the data
-- key, bound to the account). Each works once (used_at is set by a conditional update); a new set replaces the old.
CREATE TABLE staff_mfa_recovery_code (
    id               uuid        PRIMARY KEY,
    staff_account_id uuid        NOT NULL REFERENCES staff_account (id) ON DELETE CASCADE,
    code_hash        varchar(64) NOT NULL,
    created_at       timestamptz NOT NULL,
    used_at          timestamptz,
    UNIQUE (staff_account_id, code_hash)
);

-- The second step of a staff sign-in: after the right password of an enrolled account, a short-lived challenge
-- (only the SHA-256 of its token is kept) that a TOTP or recovery code turns into a token pair, once.
CREATE TABLE staff_mfa_challenge (
    id               uuid        PRIMARY KEY,
    token_hash       varchar(64) NOT NULL UNIQUE,
    staff_account_id uuid        NOT NULL REFERENCES staff_account (id) ON DELETE CASCADE,
    username         varchar(64) NOT NULL,
    created_at       timestamptz NOT NULL,
    expires_at       timestamptz NOT NULL,
    used_at          timestamptz
);
CREATE INDEX staff_mfa_challenge_expires ON staff_mfa_challenge (expires_at);

-- How each sign-in was authenticated (RFC 8176 amr values, space separated; the access tokens carry them in amr and
-- acr), and the business-clock instants that session limits are measured from: the sign-in itself and the latest
-- refresh. Families from before this change have none: their limits count from created_at.
ALTER TABLE token_family
    ADD COLUMN auth_methods     varchar(64),
    ADD COLUMN authenticated_at timestamptz,
    ADD COLUMN last_active_at   timestamptz;
