-- Evaluations (好差评): the applicant's 1–5 rating of a decided application, given once. A score of 1 or 2 is
-- flagged and opens a rectification task (整改) for the supervisors whose scope covers the handling station
-- (station supervisors of that station, district supervisors of its division, city-wide supervisors).

CREATE TABLE evaluation (
    id                   uuid          PRIMARY KEY,
    application_id       uuid          NOT NULL REFERENCES application (id),
    applicant_account_id uuid          NOT NULL REFERENCES citizen_account (id),
    applicant_person_id  uuid          NOT NULL REFERENCES person (id),
    service_code         varchar(64)   NOT NULL REFERENCES service_item (code),
    -- the handling station when the evaluation was given: the supervisors' scope is matched against it
    station_code         varchar(8)    NOT NULL REFERENCES station (code),
    score                smallint      NOT NULL CHECK (score BETWEEN 1 AND 5),
    comment              varchar(500),
    flagged              boolean       NOT NULL,
    created_at           timestamptz   NOT NULL,
    -- once per application: a concurrent second evaluation loses here (409 evaluation-already-given)
    CONSTRAINT evaluation_application_key UNIQUE (application_id),
    CONSTRAINT evaluation_flagged_check CHECK (flagged = (score <= 2))
);
-- the supervisors' lists: newest first, by station (station and district scope) or across the city
CREATE INDEX evaluation_station_idx ON evaluation (station_code, created_at DESC, id DESC);
CREATE INDEX evaluation_newest_idx ON evaluation (created_at DESC, id DESC);

CREATE TABLE rectification_task (
    evaluation_id uuid          PRIMARY KEY REFERENCES evaluation (id),
    status        varchar(16)   NOT NULL CHECK (status IN ('OPEN', 'CLOSED')),
    opened_at     timestamptz   NOT NULL,
    closed_at     timestamptz,
    -- the supervisor (staff subject) who closed it, and what was done
    closed_by     varchar(64),
    note          varchar(1000),
    CONSTRAINT rectification_task_closed_check CHECK ((status = 'CLOSED') = (closed_at IS NOT NULL
        AND closed_by IS NOT NULL AND note IS NOT NULL))
);
