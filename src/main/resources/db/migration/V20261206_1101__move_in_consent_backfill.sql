-- MOVE_IN applications submitted before V20261205_2500 asked no head: their officer's approval is 409
-- consent-missing with no request to answer. Each open one (submitted, not decided: SUBMITTED, SUPPLEMENT_REQUIRED,
-- ACCEPTED, SUSPENDED) without a live request gets a PENDING request for the head of its receiving household as the
-- register says now (unless that household has no head or the applicant heads it), shaped as MoveInConsents asks:
-- the applicant's name masked (张* — the first character, then one * per further character; * for a name of one),
-- the relationship the form claims. notice_due leaves the SMS to the job (MoveInConsentNotices): a migration cannot
-- read the head's encrypted mobile. Safe to run again: an application with a live request is skipped, and
-- move_in_consent_live_idx admits one live request per application.
INSERT INTO move_in_consent (id, application_id, household_id, head_person_id, applicant_person_id, applicant_name,
                             relationship, state, asked_at, notice_due)
SELECT gen_random_uuid(), a.id, h.id, h.head_person_id, a.applicant_person_id,
       CASE WHEN char_length(btrim(p.name)) <= 1 THEN '*'
            ELSE left(btrim(p.name), 1) || repeat('*', char_length(btrim(p.name)) - 1) END,
       left(coalesce(nullif(a.form ->> 'relationshipToHead', ''), 'OTHER'), 24),
       'PENDING', now(), true
  FROM application a
  JOIN household h ON h.id = a.target_household_id
  JOIN person p ON p.id = a.applicant_person_id
 WHERE a.service_code = 'MOVE_IN'
   AND a.status IN ('SUBMITTED', 'SUPPLEMENT_REQUIRED', 'ACCEPTED', 'SUSPENDED')
   AND h.head_person_id IS NOT NULL
   AND h.head_person_id <> a.applicant_person_id
   AND NOT EXISTS (SELECT 1 FROM move_in_consent c WHERE c.application_id = a.id AND c.state <> 'CLOSED')
ON CONFLICT (application_id) WHERE state <> 'CLOSED' DO NOTHING;
