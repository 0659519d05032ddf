-- Supervision (督查): electronic supervision of deadlines (电子监察) and statistics.
--
-- supervision keeps its own records, written by observers of the lifecycle's ApplicationStatusChanged event and of
-- evaluation's EvaluationChanged event inside the transaction of each change, so its figures and warnings commit
-- with the change they follow and its queries read only its own tables.

-- One row per submitted application: the facts the statistics count, as business dates (Asia/Shanghai).
CREATE TABLE supervised_application (
    application_id       uuid         PRIMARY KEY,
    station_code         varchar(8)   NOT NULL,
    division_code        varchar(6)   NOT NULL,
    service_code         varchar(64)  NOT NULL,
    status               varchar(24)  NOT NULL,
    -- the first submission (a resubmission after a supplement request does not move it)
    received_on          date         NOT NULL,
    accepted_on          date,
    -- the decision: approval (APPROVED or COMPLETED) or rejection
    decided_on           date,
    outcome              varchar(16)  CHECK (outcome IN ('APPROVED', 'REFUSED', 'REJECTED')),
    -- decided after the deadline that ran at the decision (acceptance due date for a refusal, else the due date)
    decided_late         boolean,
    completed_on         date,
    withdrawn_on         date,
    supplement_requested boolean      NOT NULL DEFAULT false,
    -- whether the applicant uploaded any material (else everything came from the register or a department)
    uploaded             boolean      NOT NULL DEFAULT false,
    -- the evaluation: the day it was (first) given, and the score that counts (null: none, or an appeal upheld)
    evaluated_on         date,
    score                smallint     CHECK (score BETWEEN 1 AND 5),
    updated_at           timestamptz  NOT NULL,
    CHECK ((decided_on IS NULL) = (outcome IS NULL))
);
-- a period's figures: each count ranges over one of these dates
CREATE INDEX supervised_application_received_idx ON supervised_application (received_on);
CREATE INDEX supervised_application_accepted_idx ON supervised_application (accepted_on) WHERE accepted_on IS NOT NULL;
CREATE INDEX supervised_application_decided_idx ON supervised_application (decided_on) WHERE decided_on IS NOT NULL;
CREATE INDEX supervised_application_completed_idx ON supervised_application (completed_on)
    WHERE completed_on IS NOT NULL;
CREATE INDEX supervised_application_withdrawn_idx ON supervised_application (withdrawn_on)
    WHERE withdrawn_on IS NOT NULL;
CREATE INDEX supervised_application_evaluated_idx ON supervised_application (evaluated_on)
    WHERE evaluated_on IS NOT NULL;
-- open applications now, per station (gauges, "open" of the statistics)
CREATE INDEX supervised_application_open_idx ON supervised_application (station_code, service_code)
    WHERE status IN ('SUBMITTED', 'SUPPLEMENT_REQUIRED', 'ACCEPTED', 'SUSPENDED', 'APPROVED');

-- The running deadlines and their warning level: one row per application whose clock runs (acceptance or service
-- deadline) and per open rectification task. A row goes away when its clock stops. `since` is the business date the
-- level was entered.
CREATE TABLE deadline_warning (
    subject_kind   varchar(16)  NOT NULL CHECK (subject_kind IN ('APPLICATION', 'RECTIFICATION')),
    -- the application, or the evaluation whose rectification task it is
    subject_id     uuid         NOT NULL,
    application_id uuid         NOT NULL,
    station_code   varchar(8)   NOT NULL,
    division_code  varchar(6)   NOT NULL,
    service_code   varchar(64)  NOT NULL,
    deadline       date         NOT NULL,
    level          varchar(8)   NOT NULL CHECK (level IN ('NONE', 'YELLOW', 'RED')),
    since          date,
    PRIMARY KEY (subject_kind, subject_id),
    CHECK ((level = 'NONE') = (since IS NULL))
);
-- the job's scan for levels the date has moved: deadlines not yet RED, and open warnings (also the alerts list)
CREATE INDEX deadline_warning_not_red_idx ON deadline_warning (deadline) WHERE level <> 'RED';
CREATE INDEX deadline_warning_open_idx ON deadline_warning (deadline, subject_kind, subject_id) WHERE level <> 'NONE';
CREATE INDEX deadline_warning_station_idx ON deadline_warning (station_code, deadline) WHERE level <> 'NONE';

-- Every change to YELLOW or RED, once: the staff were notified in the transaction that inserted the row, and the key
-- makes a second insert of the same change (another instance's job, an observer) do nothing.
CREATE TABLE deadline_warning_change (
    id             uuid         PRIMARY KEY,
    subject_kind   varchar(16)  NOT NULL CHECK (subject_kind IN ('APPLICATION', 'RECTIFICATION')),
    subject_id     uuid         NOT NULL,
    application_id uuid         NOT NULL,
    station_code   varchar(8)   NOT NULL,
    service_code   varchar(64)  NOT NULL,
    level          varchar(8)   NOT NULL CHECK (level IN ('YELLOW', 'RED')),
    since          date         NOT NULL,
    deadline       date         NOT NULL,
    -- staff told
    recipients     integer      NOT NULL,
    created_at     timestamptz  NOT NULL,
    CONSTRAINT deadline_warning_change_once UNIQUE (subject_kind, subject_id, level, since)
);
CREATE INDEX deadline_warning_change_subject_idx ON deadline_warning_change (subject_id);

-- The working-day calendar as ordinals: the number of working days from 2000-01-01 up to and including each day, so a
-- query subtracts two ordinals to count the working days between two dates. Rebuilt from the calendar whenever its
-- fingerprint (stamp) changes.
CREATE TABLE working_day_ordinal (
    day     date    PRIMARY KEY,
    ordinal integer NOT NULL
);
CREATE TABLE working_day_ordinal_stamp (
    id         smallint     PRIMARY KEY CHECK (id = 1),
    stamp      varchar(64)  NOT NULL,
    updated_at timestamptz  NOT NULL
);

-- What existed before: every submitted application, with the dates its timeline and columns tell.
INSERT INTO supervised_application (application_id, station_code, division_code, service_code, status, received_on,
        accepted_on, decided_on, outcome, decided_late, completed_on, withdrawn_on, supplement_requested, uploaded,
        evaluated_on, score, updated_at)
SELECT a.id, a.handling_station, substr(a.handling_station, 1, 6), a.service_code, a.status,
       (coalesce((SELECT min(e.at) FROM application_event e WHERE e.application_id = a.id AND e.action = 'submit'),
                a.submitted_at) AT TIME ZONE 'Asia/Shanghai')::date,
       (a.accepted_at AT TIME ZONE 'Asia/Shanghai')::date,
       CASE WHEN a.status IN ('APPROVED', 'COMPLETED', 'REJECTED')
            THEN (a.decided_at AT TIME ZONE 'Asia/Shanghai')::date END,
       CASE WHEN a.status IN ('APPROVED', 'COMPLETED') THEN 'APPROVED'
            WHEN a.status = 'REJECTED' AND a.accepted_at IS NULL THEN 'REFUSED'
            WHEN a.status = 'REJECTED' THEN 'REJECTED' END,
       CASE WHEN a.status IN ('APPROVED', 'COMPLETED', 'REJECTED') THEN
            (a.decided_at AT TIME ZONE 'Asia/Shanghai')::date
                > CASE WHEN a.accepted_at IS NULL THEN a.acceptance_due_date ELSE a.due_date END END,
       CASE WHEN a.status = 'COMPLETED' THEN ((SELECT max(e.at) FROM application_event e WHERE e.application_id = a.id
            AND e.to_status = 'COMPLETED') AT TIME ZONE 'Asia/Shanghai')::date END,
       CASE WHEN a.status = 'WITHDRAWN' THEN ((SELECT max(e.at) FROM application_event e WHERE e.application_id = a.id
            AND e.to_status = 'WITHDRAWN') AT TIME ZONE 'Asia/Shanghai')::date END,
       a.supplement_requested,
       EXISTS (SELECT 1 FROM application_material m WHERE m.application_id = a.id AND m.source = 'UPLOAD'),
       (SELECT (v.created_at AT TIME ZONE 'Asia/Shanghai')::date FROM evaluation v WHERE v.application_id = a.id),
       (SELECT v.score FROM evaluation v WHERE v.application_id = a.id),
       now()
FROM application a
WHERE a.handling_station IS NOT NULL AND a.submitted_at IS NOT NULL;

-- Running clocks start at NONE; the first run of the warning job raises what is due (and notifies, once).
INSERT INTO deadline_warning (subject_kind, subject_id, application_id, station_code, division_code, service_code,
        deadline, level)
SELECT 'APPLICATION', a.id, a.id, a.handling_station, substr(a.handling_station, 1, 6), a.service_code,
       a.current_deadline, 'NONE'
FROM application a
WHERE a.status IN ('SUBMITTED', 'ACCEPTED', 'APPROVED') AND a.current_deadline IS NOT NULL
  AND a.handling_station IS NOT NULL;
INSERT INTO deadline_warning (subject_kind, subject_id, application_id, station_code, division_code, service_code,
        deadline, level)
SELECT 'RECTIFICATION', v.id, v.application_id, v.station_code, substr(v.station_code, 1, 6), v.service_code,
       t.due_date, 'NONE'
FROM rectification_task t JOIN evaluation v ON v.id = t.evaluation_id
WHERE t.status = 'OPEN';
