-- The person an application is about sees it when someone else made it for them (a parent for a child, an agent
-- with a 代办 authorisation): GET /applications lists, besides the account's own, the applications whose subject
-- (applicant_person_id) is the account's person and that someone else made (acting_person_id), from submission on.
--
-- citizen_person is identity's answer to "which person of the register is this account, as verified": the person
-- bound to an enabled account at L2 or above, else null. The list's one statement calls it, as reads call
-- record_access, so a feature's query need not read identity's table itself.
CREATE FUNCTION citizen_person(p_account_id uuid) RETURNS uuid LANGUAGE sql STABLE AS $$
    SELECT person_id FROM citizen_account
     WHERE id = p_account_id AND NOT disabled AND assurance_level IN ('L2', 'L3')
$$;

DO $$
BEGIN
    IF '${app_user}' <> current_user AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${app_user}') THEN
        EXECUTE format('GRANT EXECUTE ON FUNCTION citizen_person(uuid) TO %I', '${app_user}');
    END IF;
END
$$;

-- the subject's side of the list, newest first
CREATE INDEX application_subject_idx ON application (applicant_person_id, created_at DESC, id DESC)
    WHERE acting_person_id IS NOT NULL;
