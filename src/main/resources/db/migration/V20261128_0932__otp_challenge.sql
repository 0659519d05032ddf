-- One-time sign-in codes sent by SMS (identity/otp). The code is stored only as an HMAC-SHA256 keyed with a
-- server secret and bound to the challenge id, so neither a dump nor a brute force of the 10^6 codes offline
-- reveals it. The phone is stored encrypted with a keyed hash (common/crypto); the per-phone limits (one code per
-- resend interval, a number per hour) are counted from these rows under a per-phone advisory lock.
create table otp_challenge (
    id            uuid        primary key,
    phone_cipher  text        not null,
    phone_hash    varchar(64) not null,
    code_hash     varchar(64) not null,
    created_at    timestamptz not null,
    expires_at    timestamptz not null,
    attempts      integer     not null default 0 check (attempts >= 0),
    locked_at     timestamptz,
    consumed_at   timestamptz,
    -- a newer code sent to the same phone ends this one
    superseded_at timestamptz,
    -- the account signed in with it, once consumed
    account_id    uuid
);

create index otp_challenge_phone on otp_challenge (phone_hash, created_at desc);
create index otp_challenge_created_at on otp_challenge (created_at);
