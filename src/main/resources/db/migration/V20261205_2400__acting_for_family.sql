-- Acting for family members (issue 15 item 2): an application may be made by one person of the register (a parent
-- for a minor child, an agent authorised by an adult) about another. applicant_person_id stays the person the matter
-- concerns (whose hukou it changes, for whom the service's rules are evaluated and whose data shared materials
-- fetch); the account that made it is applicant_account_id, as before; acting_person_id is the account's person when
-- it acts for someone else, null when the person applies for themself.
ALTER TABLE application ADD COLUMN acting_person_id uuid;
ALTER TABLE application ADD COLUMN acting_basis text
    CONSTRAINT application_acting_basis_check CHECK (acting_basis IN ('GUARDIAN', 'AUTHORISATION'));
ALTER TABLE application ADD COLUMN authorisation_id uuid;
-- Who applied and whom it is about, as the register showed them when the application was made (names, masked ID
-- numbers, relationship to the head): the representation shows them without reading the register on every read.
ALTER TABLE application ADD COLUMN parties jsonb;
ALTER TABLE application ADD CONSTRAINT application_acting_check CHECK (
    (acting_person_id IS NULL AND acting_basis IS NULL AND authorisation_id IS NULL)
    OR (acting_person_id IS NOT NULL AND acting_basis = 'GUARDIAN' AND authorisation_id IS NULL)
    OR (acting_person_id IS NOT NULL AND acting_basis = 'AUTHORISATION' AND authorisation_id IS NOT NULL));
