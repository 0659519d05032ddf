-- Who else an application is about, so an officer's read of it is recorded for each of them (issue 11 item 10), and
-- documents that no longer cascade into applications (issue 12 item 6).

-- The register's people, other than the applicant, whose data the application shows: those its form names (a
-- deceased person, any ID number of the register), and the newborn its approval registered.
ALTER TABLE application ADD COLUMN subject_person_ids uuid[] NOT NULL DEFAULT '{}';

-- The register's people the evidence fetched from a department names (the applicant, a spouse, parents, owners): the
-- evidence shows them masked, so who they are is kept here when it is fetched.
ALTER TABLE application_material ADD COLUMN subject_person_ids uuid[] NOT NULL DEFAULT '{}';

-- Applications already submitted: the deceased of a death deregistration and the newborn of an approved birth.
UPDATE application SET subject_person_ids = ARRAY[(form ->> 'deceasedPersonId')::uuid]
 WHERE service_code = 'DEATH_DEREGISTRATION' AND status <> 'DRAFT'
   AND form ->> 'deceasedPersonId' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
   AND (form ->> 'deceasedPersonId')::uuid <> applicant_person_id;
UPDATE application a SET subject_person_ids = a.subject_person_ids || born.persons
  FROM (SELECT application_id, array_agg(person_id ORDER BY seq) AS persons FROM register_change
         WHERE kind = 'BORN' AND application_id IS NOT NULL AND person_id IS NOT NULL GROUP BY application_id) born
 WHERE born.application_id = a.id;

-- Deleting a document used to delete the materials that named it, in every application: withdrawn ones lost their
-- evidence, and a delete racing a submit could leave a submitted application without the material it was submitted
-- with. Now the document service asks the applications feature to release the document first (drafts drop it,
-- withdrawn applications keep their evidence row, marked as deleted by its owner), and anything still pointing at it
-- makes the delete fail instead of cascading.
ALTER TABLE application_material ADD COLUMN document_deleted_at timestamptz;
DO $$
DECLARE
    c record;
BEGIN
    FOR c IN SELECT conname FROM pg_constraint
              WHERE conrelid = 'application_material'::regclass
                AND ((contype = 'f' AND confrelid = 'document'::regclass)
                  OR (contype = 'c' AND pg_get_constraintdef(oid) LIKE '%document_id%'))
    LOOP
        EXECUTE format('ALTER TABLE application_material DROP CONSTRAINT %I', c.conname);
    END LOOP;
END
$$;
ALTER TABLE application_material
    ADD CONSTRAINT application_material_document_fk FOREIGN KEY (document_id) REFERENCES document (id),
    ADD CONSTRAINT application_material_upload_document_check CHECK (source IS NULL
        OR (source = 'UPLOAD') = (document_id IS NOT NULL OR document_deleted_at IS NOT NULL)),
    ADD CONSTRAINT application_material_document_deleted_check CHECK (document_deleted_at IS NULL
        OR (source = 'UPLOAD' AND document_id IS NULL));
