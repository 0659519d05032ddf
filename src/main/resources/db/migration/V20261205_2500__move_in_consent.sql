-- Consent of the receiving household's head to a MOVE_IN (投靠): asked when the application is submitted, answered by
-- the head in their own app, checked by the officer's approval.
--
-- One request per application and head asked; at most one that is still live (not CLOSED) per application, so two
-- submissions of one application can never ask twice, whichever instance runs them. A request still PENDING closes
-- when its application is withdrawn or rejected (CLOSED); an answer is final (GRANTED or REFUSED, with answered_at).
CREATE TABLE move_in_consent (
    id                  uuid         PRIMARY KEY,
    application_id      uuid         NOT NULL REFERENCES application (id) ON DELETE CASCADE,
    -- the receiving household and its head when asked (per the register)
    household_id        uuid         NOT NULL,
    head_person_id      uuid         NOT NULL,
    applicant_person_id uuid         NOT NULL,
    -- what the head is shown of the applicant: the masked name (张*), kept so the head's list reads no register
    applicant_name      varchar(64)  NOT NULL,
    -- the applicant's relationship to the head as the form claims it (Relationship)
    relationship        varchar(24)  NOT NULL,
    state               varchar(16)  NOT NULL CHECK (state IN ('PENDING', 'GRANTED', 'REFUSED', 'CLOSED')),
    asked_at            timestamptz  NOT NULL,
    answered_at         timestamptz,
    closed_at           timestamptz,
    CHECK ((answered_at IS NOT NULL) = (state IN ('GRANTED', 'REFUSED'))),
    CHECK ((closed_at IS NOT NULL) = (state = 'CLOSED'))
);
CREATE UNIQUE INDEX move_in_consent_live_idx ON move_in_consent (application_id) WHERE state <> 'CLOSED';
CREATE INDEX move_in_consent_application_idx ON move_in_consent (application_id, asked_at DESC);
-- the head's list, newest first
CREATE INDEX move_in_consent_head_idx ON move_in_consent (head_person_id, asked_at DESC, id DESC);
