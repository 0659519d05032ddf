-- Rectification that closes the loop (issue 14):
--  * a rectification task is due 15 working days after it opened (its own deadline and warning level);
--  * the applicant may re-rate once after the task is closed: both scores are kept, the later one counts;
--  * an officer of the handling station may appeal a bad review as abusive (once, with a reason), a supervisor in
--    scope upholds or rejects the appeal; an upheld review stays visible but leaves the statistics.
ALTER TABLE evaluation
    ADD COLUMN rerating_score smallint CHECK (rerating_score BETWEEN 1 AND 5),
    ADD COLUMN rerating_comment varchar(500),
    ADD COLUMN rerated_at timestamptz,
    ADD COLUMN excluded_from_statistics boolean NOT NULL DEFAULT false,
    ADD CONSTRAINT evaluation_rerating_check CHECK ((rerating_score IS NULL) = (rerated_at IS NULL)
        AND (rerating_comment IS NULL OR rerating_score IS NOT NULL));

-- Tasks opened before this change get three calendar weeks (about 15 working days) from their opening.
ALTER TABLE rectification_task ADD COLUMN due_date date;
UPDATE rectification_task SET due_date = (opened_at AT TIME ZONE 'Asia/Shanghai')::date + 21;
ALTER TABLE rectification_task ALTER COLUMN due_date SET NOT NULL;

CREATE TABLE evaluation_appeal (
    evaluation_id uuid          PRIMARY KEY REFERENCES evaluation (id),
    status        varchar(16)   NOT NULL CHECK (status IN ('PENDING', 'UPHELD', 'REJECTED')),
    reason        varchar(1000) NOT NULL,
    -- the officer (staff subject) who filed it
    filed_by      varchar(64)   NOT NULL,
    filed_at      timestamptz   NOT NULL,
    -- the supervisor (staff subject) who decided it, when, and why
    decided_by    varchar(64),
    decided_at    timestamptz,
    decision_note varchar(1000),
    CONSTRAINT evaluation_appeal_decided_check CHECK ((status = 'PENDING') = (decided_at IS NULL)
        AND (decided_at IS NULL) = (decided_by IS NULL) AND (decided_at IS NULL) = (decision_note IS NULL))
);
-- supervisors' "appeals waiting for me"
CREATE INDEX evaluation_appeal_pending_idx ON evaluation_appeal (filed_at) WHERE status = 'PENDING';
