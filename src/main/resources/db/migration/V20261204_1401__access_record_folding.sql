-- Repeated reads of the same thing by the same reader fold into one access record with a count and the last time
-- (issue 11 item 10): an officer who opens an application twenty times in ten minutes is one entry on the citizen's
-- list, not twenty.
--
-- fold_key names what was read and by whom (e.g. STAFF:<staff id>:application:<application id>); records without one
-- (partner checks, fetches from departments) never fold. read_count and last_at are the fold counter: how many reads
-- the record stands for and when the last of them happened (null: only the first, at occurred_at).
ALTER TABLE access_record
    ADD COLUMN fold_key   varchar(300),
    ADD COLUMN read_count integer NOT NULL DEFAULT 1 CHECK (read_count >= 1),
    ADD COLUMN last_at    timestamptz;

CREATE INDEX access_record_fold ON access_record (person_id, fold_key, occurred_at DESC) WHERE fold_key IS NOT NULL;

-- Still append-only for the application: V20261128_0601 left it INSERT and SELECT on the table; it gets UPDATE on the
-- two fold-counter columns only, so who read what, why and when first can never be rewritten (a column grant rather
-- than a separate fold table: the count stays on the record the citizen reads, with no join and no second write).
DO $$
BEGIN
    IF '${app_user}' <> current_user AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${app_user}') THEN
        EXECUTE format('GRANT UPDATE (read_count, last_at) ON TABLE access_record TO %I', '${app_user}');
    END IF;
END
$$;

-- Where owner and application are one role (embedded database, simple setups) grants do nothing: this trigger keeps
-- the same promise for every role, the owner included: an update may only add reads to the fold counter.
CREATE FUNCTION access_record_fold_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (NEW.seq, NEW.id, NEW.person_id, NEW.accessor_type, NEW.accessor_id, NEW.accessor_label, NEW.what, NEW.purpose,
        NEW.legal_basis, NEW.occurred_at, NEW.request_id, NEW.fold_key)
       IS DISTINCT FROM
       (OLD.seq, OLD.id, OLD.person_id, OLD.accessor_type, OLD.accessor_id, OLD.accessor_label, OLD.what, OLD.purpose,
        OLD.legal_basis, OLD.occurred_at, OLD.request_id, OLD.fold_key)
       OR NEW.read_count < OLD.read_count
       OR NEW.last_at < coalesce(OLD.last_at, OLD.occurred_at) THEN
        RAISE EXCEPTION 'access records are append-only: an update may only fold further reads into one'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER access_record_fold_only BEFORE UPDATE ON access_record
    FOR EACH ROW EXECUTE FUNCTION access_record_fold_only();

-- Records one read of several people's data in one round trip. With a fold key, a person's read folds into their
-- record of the same key that began within the window (p_fold_since and later), else it starts a new record; an
-- advisory lock per person and key settles two instances folding at once (lock the people in a stable order).
-- Runs with the caller's rights (SECURITY INVOKER): the application's INSERT, SELECT and column UPDATE suffice.
CREATE FUNCTION record_access(p_ids uuid[], p_person_ids uuid[], p_accessor_type varchar, p_accessor_id varchar,
                              p_accessor_label varchar, p_what varchar, p_purpose varchar, p_legal_basis varchar,
                              p_occurred_at timestamptz, p_request_id varchar, p_fold_key varchar,
                              p_fold_since timestamptz)
    RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    i integer;
BEGIN
    FOR i IN 1 .. coalesce(array_length(p_person_ids, 1), 0) LOOP
        IF p_fold_key IS NOT NULL THEN
            PERFORM pg_advisory_xact_lock(hashtextextended('access-fold:' || p_person_ids[i] || ':' || p_fold_key, 0));
            UPDATE access_record
               SET read_count = read_count + 1, last_at = greatest(coalesce(last_at, occurred_at), p_occurred_at)
             WHERE seq = (SELECT seq FROM access_record
                           WHERE person_id = p_person_ids[i] AND fold_key = p_fold_key
                             AND occurred_at >= p_fold_since AND occurred_at <= p_occurred_at
                           ORDER BY occurred_at DESC, seq DESC LIMIT 1);
            CONTINUE WHEN FOUND;
        END IF;
        INSERT INTO access_record (id, person_id, accessor_type, accessor_id, accessor_label, what, purpose,
                                   legal_basis, occurred_at, request_id, fold_key)
        VALUES (p_ids[i], p_person_ids[i], p_accessor_type, p_accessor_id, p_accessor_label, p_what, p_purpose,
                p_legal_basis, p_occurred_at, p_request_id, p_fold_key);
    END LOOP;
END
$$;

-- Functions are executable by everyone by default; say it for the application role anyway, in case a deployer's
-- template revoked that default.
DO $$
BEGIN
    IF '${app_user}' <> current_user AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${app_user}') THEN
        EXECUTE format('GRANT EXECUTE ON FUNCTION record_access(uuid[], uuid[], varchar, varchar, varchar, varchar, '
                       'varchar, varchar, timestamptz, varchar, varchar, timestamptz) TO %I', '${app_user}');
    END IF;
END
$$;
