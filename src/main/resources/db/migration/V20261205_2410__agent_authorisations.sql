-- 代办 authorisations (issue 15 item 2): an adult (the principal) authorises another verified citizen (the agent) for
-- one service, confirmed by a one-time code the server sends to the principal's mobile as the register records it.
-- The code is kept only as a keyed hash (HMAC over the authorisation id and the code), expires, and takes a bounded
-- number of wrong tries. A status is a state of the row; expiry is computed from valid_until (and code_expires_at
-- while PENDING) against the business clock, so nothing needs a job to expire it.
CREATE TABLE agent_authorisation (
    id                  uuid PRIMARY KEY,
    principal_person_id uuid NOT NULL REFERENCES person (id),
    agent_person_id     uuid NOT NULL REFERENCES person (id),
    agent_account_id    uuid NOT NULL,
    service_code        varchar(64) NOT NULL,
    status              text NOT NULL CONSTRAINT agent_authorisation_status_check
                            CHECK (status IN ('PENDING', 'ACTIVE', 'REVOKED', 'LOCKED')),
    valid_days          integer NOT NULL CHECK (valid_days > 0),
    code_hash           varchar(64),
    code_expires_at     timestamptz NOT NULL,
    attempts            integer NOT NULL DEFAULT 0,
    created_at          timestamptz NOT NULL,
    confirmed_at        timestamptz,
    valid_until         timestamptz,
    revoked_at          timestamptz,
    revoked_by          text CHECK (revoked_by IN ('PRINCIPAL', 'AGENT')),
    version             bigint NOT NULL DEFAULT 0,
    CONSTRAINT agent_authorisation_not_self CHECK (principal_person_id <> agent_person_id),
    CONSTRAINT agent_authorisation_active CHECK (status <> 'ACTIVE' OR (confirmed_at IS NOT NULL
        AND valid_until IS NOT NULL))
);
-- what an agent may use (ActingFor) and the agent's side of the list
CREATE INDEX agent_authorisation_agent_idx ON agent_authorisation (agent_person_id, created_at DESC, id DESC);
-- the principal's side of the list
CREATE INDEX agent_authorisation_principal_idx ON agent_authorisation (principal_person_id, created_at DESC, id DESC);
