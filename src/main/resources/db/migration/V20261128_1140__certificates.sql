-- E-certificates (电子证照) issued when an application is completed: a household-registration certificate (户籍证明)
-- or a completion notice (办结通知书). Each is a JWS signed with a certificate key of its own; claims never carry a
-- full ID number. A certificate is never deleted: revocation marks it, so its verification code keeps answering
-- "not valid" instead of "unknown".
CREATE TABLE certificate (
    id                uuid         PRIMARY KEY,
    application_id    uuid         NOT NULL,
    holder_account_id uuid         NOT NULL REFERENCES citizen_account (id),
    holder_person_id  uuid         NOT NULL REFERENCES person (id),
    type              varchar(32)  NOT NULL CHECK (type IN ('HOUSEHOLD_REGISTRATION', 'COMPLETION_NOTICE')),
    verification_code varchar(16)  NOT NULL,
    issued_at         timestamptz  NOT NULL,
    claims            jsonb        NOT NULL,
    jws               text         NOT NULL,
    kid               varchar(64)  NOT NULL,
    revoked_at        timestamptz,
    revocation_reason varchar(500),
    -- issuance is idempotent per application and type: a repeated completion event finds the existing row
    CONSTRAINT certificate_application_type_key UNIQUE (application_id, type),
    CONSTRAINT certificate_verification_code_key UNIQUE (verification_code),
    CONSTRAINT certificate_revocation_check CHECK ((revoked_at IS NULL) = (revocation_reason IS NULL))
);
CREATE INDEX certificate_holder_idx ON certificate (holder_account_id);
