-- Applications (办件): one citizen's request for one service item, its attached evidence and its timeline.
-- The lifecycle is DOMAIN.md's transition table (applications/Application); deadlines are business dates
-- (Asia/Shanghai) kept as the transitions fix them, so the queue can sort by them.

CREATE TABLE application (
    id                       uuid         PRIMARY KEY,
    service_code             varchar(64)  NOT NULL REFERENCES service_item (code),
    applicant_account_id     uuid         NOT NULL REFERENCES citizen_account (id),
    applicant_person_id      uuid         NOT NULL REFERENCES person (id),
    status                   varchar(24)  NOT NULL CHECK (status IN ('DRAFT', 'SUBMITTED', 'SUPPLEMENT_REQUIRED',
                                 'ACCEPTED', 'SUSPENDED', 'APPROVED', 'COMPLETED', 'REJECTED', 'WITHDRAWN')),
    form                     jsonb        NOT NULL DEFAULT '{}'::jsonb,
    -- the station that decides (受理派出所), fixed at submission by the service's rules; null while DRAFT
    handling_station         varchar(8)   REFERENCES station (code),
    target_household_id      uuid         REFERENCES household (id),
    version                  bigint       NOT NULL DEFAULT 0,
    created_at               timestamptz  NOT NULL,
    updated_at               timestamptz  NOT NULL,
    submitted_at             timestamptz,
    accepted_at              timestamptz,
    decided_at               timestamptz,
    -- SUBMITTED: submission date + 5 working days (a resubmission starts it afresh)
    acceptance_due_date      date,
    -- from acceptance: acceptance date + the service's limit, moved by suspensions
    due_date                 date,
    due_date_provisional     boolean      NOT NULL DEFAULT false,
    -- the date the running clock ends on (acceptance or service due date); null while no clock runs
    -- (DRAFT, SUPPLEMENT_REQUIRED, SUSPENDED, decided): what the officer's queue sorts by
    current_deadline         date,
    suspended_on             date,
    supplement_requested     boolean      NOT NULL DEFAULT false,
    supplement_materials     jsonb,
    supplement_comment       varchar(1000),
    consent_to_data_sharing  boolean      NOT NULL DEFAULT false,
    consent_at               timestamptz,
    decision_reason          varchar(1000),
    decision_legal_basis     varchar(500),
    event_count              integer      NOT NULL DEFAULT 0,
    CHECK ((status = 'DRAFT') = (handling_station IS NULL) OR status = 'WITHDRAWN')
);
-- a citizen's own list, newest first
CREATE INDEX application_applicant_idx ON application (applicant_account_id, created_at DESC, id DESC);
-- a station's list and queue (never DRAFTs)
CREATE INDEX application_station_idx ON application (handling_station, created_at DESC, id DESC)
    WHERE status <> 'DRAFT';
CREATE INDEX application_queue_idx ON application (handling_station, current_deadline, id)
    WHERE status IN ('SUBMITTED', 'SUPPLEMENT_REQUIRED', 'ACCEPTED', 'SUSPENDED', 'APPROVED');

-- Evidence attached to an application: a document the citizen uploaded, or a record fetched from a partner
-- department (SHARED), at most one per material; and per material the outcome of the last failed fetch
-- (unavailable), so the citizen knows to upload it instead.
CREATE TABLE application_material (
    id                 uuid         PRIMARY KEY,
    application_id     uuid         NOT NULL REFERENCES application (id) ON DELETE CASCADE,
    material_code      varchar(64)  NOT NULL REFERENCES material (code),
    source             varchar(16)  CHECK (source IN ('UPLOAD', 'SHARED')),
    -- deleting a document (possible only while its applications are drafts) detaches it
    document_id        uuid         REFERENCES document (id) ON DELETE CASCADE,
    source_department  varchar(32),
    reference          varchar(200),
    retrieved_at       timestamptz,
    digest             varchar(100),
    evidence           jsonb,
    unavailable_reason varchar(64),
    unavailable_detail varchar(500),
    unavailable_at     timestamptz,
    updated_at         timestamptz  NOT NULL,
    UNIQUE (application_id, material_code),
    CHECK (source IS NULL OR (source = 'UPLOAD') = (document_id IS NOT NULL)),
    CHECK (source IS NOT NULL OR unavailable_reason IS NOT NULL)
);
CREATE INDEX application_material_document_idx ON application_material (document_id) WHERE document_id IS NOT NULL;

-- The timeline: one event per transition, numbered 1..n per application.
CREATE TABLE application_event (
    id             uuid          PRIMARY KEY,
    application_id uuid          NOT NULL REFERENCES application (id) ON DELETE CASCADE,
    seq            integer       NOT NULL CHECK (seq >= 1),
    at             timestamptz   NOT NULL,
    actor_role     varchar(16)   NOT NULL CHECK (actor_role IN ('CITIZEN', 'OFFICER', 'SYSTEM')),
    action         varchar(32)   NOT NULL,
    from_status    varchar(24),
    to_status      varchar(24)   NOT NULL,
    comment        varchar(1000),
    visibility     varchar(16)   NOT NULL CHECK (visibility IN ('PUBLIC', 'INTERNAL')),
    UNIQUE (application_id, seq)
);
