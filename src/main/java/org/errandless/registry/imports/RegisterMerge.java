package org.errandless.registry.imports;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.StringJoiner;
import java.util.UUID;

import org.jboss.logging.Logger;

/**
 * Applies the staged lines of one import to the register, set-based, in the caller's transaction: the rules across
 * lines (duplicates, a member in two households, keys and numbers owned by other records, unknown stations, divisions
 * and households, one head per household), then upserts of stations, households and persons, the heads, one history
 * row per change (with the import's id), and the report of rejected lines. Nothing is done line by line.
 *
 * <p>The register tables are locked against writes ({@code SHARE ROW EXCLUSIVE}: reads go on) for the transaction,
 * so the checks see the state the upserts change, whatever the applications approve meanwhile (their changes wait).
 * Work tables are temporary ({@code ON COMMIT DROP}).
 *
 * <p>Matching: a household by its source key, else by its number where the register's household has no key yet
 * (then it takes the key); a person by source key, else by the blind index of the ID number likewise. A number or
 * ID number that belongs to another keyed record is a rejection, never a silent merge.
 */
final class RegisterMerge {

    private static final Logger LOG = Logger.getLogger(RegisterMerge.class);

    /** Stable codes of the rules across lines (the rules of single lines are in {@link ImportRecords}). */
    static final String DUPLICATE_RECORD = "duplicate-record";
    static final String UNKNOWN_DIVISION = "unknown-division";
    static final String UNKNOWN_STATION = "unknown-station";
    static final String UNKNOWN_HOUSEHOLD = "unknown-household";
    static final String HOUSEHOLD_NUMBER_TAKEN = "household-number-taken";
    static final String ID_NUMBER_TAKEN = "id-number-taken";
    static final String MEMBER_IN_TWO_HOUSEHOLDS = "member-in-two-households";
    static final String TWO_HEADS = "two-heads";
    static final String HOUSEHOLD_WITHOUT_HEAD = "household-without-head";

    /** Created, updated and unchanged records of one kind. */
    record Tally(long created, long updated, long unchanged) {
    }

    /** What an import did. */
    record Counts(Tally stations, Tally households, Tally persons, long rejected) {
    }

    private static final int MAX_HEAD_ROUNDS = 50;

    /**
     * A new id: UUID version 7 (RFC 9562), the millisecond of its making in the first 48 bits and 74 random bits of
     * {@code gen_random_uuid()} after them. Rows made one after another get ids that sort together, so a million new
     * persons, households and history rows append to the right edge of their primary keys, of the indexes on
     * {@code household_id} and {@code person_id}, and of the foreign-key look-ups, instead of touching a random page
     * of each per row (random version-4 ids made those inserts and checks the import's biggest cost). The random part
     * keeps them unguessable; they tell the millisecond the import made the record, nothing more.
     *
     * <p>New households and persons and their IMPORTED history rows take the ids their lines were staged with
     * ({@link TimeOrderedIds}, the same layout made in Java: ~6 µs an id here); this expression makes the rest (the
     * history of changes, and lines staged before those ids existed).
     */
    static final String NEW_ID = "encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) placing"
            + " substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3) FROM 1 FOR 6),"
            + " 52, 1), 53, 1), 'hex')::uuid";

    private static final String NOT_REJECTED = " NOT EXISTS (SELECT 1 FROM imp_rejected r WHERE r.line_number = %s.line_number) ";

    private final Connection connection;
    private final UUID importId;
    private final Timestamp now;
    private final String workMem;

    RegisterMerge(Connection connection, UUID importId, Instant now, String workMem) {
        this.connection = connection;
        this.importId = importId;
        this.now = Timestamp.from(now);
        this.workMem = workMem;
    }

    /** Runs the whole merge; the caller's transaction commits or rolls back all of it. */
    Counts apply() throws SQLException {
        execute("LOCK TABLE station, household, person IN SHARE ROW EXCLUSIVE MODE");
        query("SELECT set_config('work_mem', ?, true)", workMem);
        execute("CREATE TEMP TABLE imp_rejected (line_number bigint PRIMARY KEY, code text NOT NULL,"
                + " detail text NOT NULL) ON COMMIT DROP");
        step("locks");
        stage();
        step("staging");
        checkStations();
        checkHouseholds();
        step("station and household rules");
        stagePersons();
        step("persons staged");
        checkPersons();
        step("person rules");
        checkHeads();
        step("head rules");
        snapshotBefore();
        step("snapshot");
        Tally stations = upsertStations();
        Tally households = upsertHouseholds();
        step("stations and households");
        Tally persons = upsertPersons();
        step("person counts");
        updateHeads();
        step("heads");
        recordHistory();
        long rejected = report();
        update("DELETE FROM register_import_line WHERE import_id = ?", importId);
        step("report and cleanup");
        LOG.infof("Register import %s merged: %s", importId, steps);
        return new Counts(stations, households, persons, rejected);
    }

    /** Milliseconds per step, for the log: where a slow import spends its time. */
    private final StringJoiner steps = new StringJoiner(", ");
    private long stepStarted = System.nanoTime();

    private void step(String name) {
        long now = System.nanoTime();
        steps.add(name + " " + (now - stepStarted) / 1_000_000 + " ms");
        stepStarted = now;
    }

    // ---- staging ------------------------------------------------------------------------------------------------

    private void stage() throws SQLException {
        update("""
                CREATE TEMP TABLE imp_station ON COMMIT DROP AS
                SELECT l.line_number, l.source_key AS code, l.name, substr(l.source_key, 1, 6) AS division_code,
                       st.code IS NOT NULL AS known
                FROM register_import_line l
                LEFT JOIN station st ON st.code = l.source_key
                WHERE l.import_id = ? AND l.record_type = 'STATION'""", importId);
        update("""
                CREATE TEMP TABLE imp_household ON COMMIT DROP AS
                SELECT l.line_number, l.source_key, l.number, l.household_type, l.address, l.parent_key AS station_code,
                       hk.id AS by_key, hn.id AS by_number, hn.source_key AS number_key,
                       COALESCE(hk.id, CASE WHEN hn.source_key IS NULL THEN hn.id END, l.new_id, %s) AS target_id,
                       l.change_id
                FROM register_import_line l
                LEFT JOIN household hk ON hk.source_key = l.source_key
                LEFT JOIN household hn ON hn.household_number = l.number
                WHERE l.import_id = ? AND l.record_type = 'HOUSEHOLD'""".formatted(NEW_ID), importId);
        execute("ANALYZE imp_station");
        execute("ANALYZE imp_household");
    }

    private void stagePersons() throws SQLException {
        // the household of each person: an accepted household line of the extract, else the register's by key
        update("""
                CREATE TEMP TABLE imp_person ON COMMIT DROP AS
                SELECT l.line_number, l.source_key, l.parent_key AS household_key, l.id_number_cipher,
                       l.id_number_hash, l.name, l.sex, l.birth_date, l.ethnicity, l.relationship, l.status,
                       l.mobile_cipher, l.mobile_hash,
                       pk.id AS by_key, ph.id AS by_hash, ph.source_key AS hash_key,
                       COALESCE(pk.id, CASE WHEN ph.source_key IS NULL THEN ph.id END, l.new_id, %2$s) AS target_id,
                       l.change_id,
                       COALESCE(fh.target_id, dh.id) AS household_id
                FROM register_import_line l
                LEFT JOIN person pk ON pk.source_key = l.source_key
                LEFT JOIN person ph ON ph.id_number_hash = l.id_number_hash
                LEFT JOIN (SELECT h.source_key, h.target_id FROM imp_household h WHERE %1$s) fh
                       ON fh.source_key = l.parent_key
                LEFT JOIN household dh ON dh.source_key = l.parent_key
                WHERE l.import_id = ? AND l.record_type = 'PERSON'""".formatted(notRejected("h"), NEW_ID), importId);
        // the head rules ask, for each member of an affected household in the register, whether a line replaces it
        execute("CREATE INDEX imp_person_target ON imp_person (target_id)");
        execute("ANALYZE imp_person");
    }

    // ---- rules across lines -------------------------------------------------------------------------------------

    private void checkStations() throws SQLException {
        execute("""
                INSERT INTO imp_rejected
                SELECT line_number, '%s', 'The same station as line ' || first_line
                FROM (SELECT line_number, min(line_number) OVER (PARTITION BY code) AS first_line FROM imp_station
                      WHERE code IN (SELECT code FROM imp_station GROUP BY code HAVING count(*) > 1)) s
                WHERE line_number <> first_line""".formatted(DUPLICATE_RECORD));
        execute("""
                INSERT INTO imp_rejected
                SELECT s.line_number, '%s', 'No division ' || s.division_code || ' (GB/T 2260) for this station code'
                FROM imp_station s
                WHERE NOT EXISTS (SELECT 1 FROM division d WHERE d.code = s.division_code)
                ON CONFLICT DO NOTHING""".formatted(UNKNOWN_DIVISION));
    }

    private void checkHouseholds() throws SQLException {
        execute("""
                INSERT INTO imp_rejected
                SELECT line_number, '%s', 'The same household as line ' || first_line
                FROM (SELECT line_number, min(line_number) OVER (PARTITION BY source_key) AS first_line
                      FROM imp_household
                      WHERE source_key IN (SELECT source_key FROM imp_household GROUP BY 1 HAVING count(*) > 1)) h
                WHERE line_number <> first_line""".formatted(DUPLICATE_RECORD));
        execute("""
                INSERT INTO imp_rejected
                SELECT line_number, '%s', 'Line ' || first_line || ' has another household with this number'
                FROM (SELECT line_number, source_key,
                             first_value(line_number) OVER w AS first_line, first_value(source_key) OVER w AS first_key
                      FROM imp_household
                      WHERE number IN (SELECT number FROM imp_household GROUP BY 1 HAVING count(*) > 1)
                      WINDOW w AS (PARTITION BY number ORDER BY line_number)) h
                WHERE source_key <> first_key
                ON CONFLICT DO NOTHING""".formatted(HOUSEHOLD_NUMBER_TAKEN));
        execute("""
                INSERT INTO imp_rejected
                SELECT line_number, '%s', 'The household number belongs to another household of the register'
                FROM imp_household
                WHERE by_number IS NOT NULL AND by_number IS DISTINCT FROM by_key
                  AND NOT (by_key IS NULL AND number_key IS NULL)
                ON CONFLICT DO NOTHING""".formatted(HOUSEHOLD_NUMBER_TAKEN));
        execute("""
                INSERT INTO imp_rejected
                SELECT h.line_number, '%s', 'No station ' || h.station_code || ' in the register or the extract'
                FROM imp_household h
                WHERE NOT EXISTS (SELECT 1 FROM station st WHERE st.code = h.station_code)
                  AND NOT EXISTS (SELECT 1 FROM imp_station s WHERE s.code = h.station_code AND %s)
                ON CONFLICT DO NOTHING""".formatted(UNKNOWN_STATION, notRejected("s")));
    }

    private void checkPersons() throws SQLException {
        // the same person (by key or by ID number) on several lines: in different households nobody can tell which is
        // right, so every such line goes; in the same household the first line counts
        execute("""
                INSERT INTO imp_rejected
                SELECT line_number,
                       CASE WHEN key_split OR hash_split THEN '%s' ELSE '%s' END,
                       CASE WHEN key_split OR hash_split
                            THEN 'The same person is in another household on line '
                                 || CASE WHEN key_split THEN key_other ELSE hash_other END
                            ELSE 'The same person as line ' || least(key_first, hash_first) END
                FROM (SELECT line_number,
                             min(household_key) OVER k <> max(household_key) OVER k AS key_split,
                             min(household_key) OVER i <> max(household_key) OVER i AS hash_split,
                             min(line_number) OVER k AS key_first, min(line_number) OVER i AS hash_first,
                             CASE WHEN line_number = min(line_number) OVER k THEN max(line_number) OVER k
                                  ELSE min(line_number) OVER k END AS key_other,
                             CASE WHEN line_number = min(line_number) OVER i THEN max(line_number) OVER i
                                  ELSE min(line_number) OVER i END AS hash_other
                      FROM imp_person
                      WHERE source_key IN (SELECT source_key FROM imp_person GROUP BY 1 HAVING count(*) > 1)
                         OR id_number_hash IN (SELECT id_number_hash FROM imp_person GROUP BY 1 HAVING count(*) > 1)
                      WINDOW k AS (PARTITION BY source_key), i AS (PARTITION BY id_number_hash)) p
                WHERE key_split OR hash_split OR line_number <> key_first OR line_number <> hash_first
                ON CONFLICT DO NOTHING""".formatted(MEMBER_IN_TWO_HOUSEHOLDS, DUPLICATE_RECORD));
        execute("""
                INSERT INTO imp_rejected
                SELECT line_number, '%s', 'The ID number belongs to another person of the register'
                FROM imp_person
                WHERE by_hash IS NOT NULL AND by_hash IS DISTINCT FROM by_key AND NOT (by_key IS NULL AND hash_key IS NULL)
                ON CONFLICT DO NOTHING""".formatted(ID_NUMBER_TAKEN));
        execute("""
                INSERT INTO imp_rejected
                SELECT p.line_number, '%s',
                       CASE WHEN rh.line_number IS NOT NULL THEN 'Its household (line ' || rh.line_number || ') was rejected'
                            ELSE 'No household with this key in the register or the extract' END
                FROM imp_person p
                LEFT JOIN LATERAL (SELECT min(h.line_number) AS line_number FROM imp_household h
                                   WHERE h.source_key = p.household_key) rh ON true
                WHERE p.household_id IS NULL
                ON CONFLICT DO NOTHING""".formatted(UNKNOWN_HOUSEHOLD));
    }

    /**
     * One head per household with active members, in the state the import would leave: the extract's accepted lines
     * over the register's rows. A second head is rejected (the first line keeps the place, unless the register has a
     * head the extract does not mention); a household left with active members and no head rejects every line that
     * touches it. Each rejection can change a household's state, so both run until nothing more is rejected.
     */
    private void checkHeads() throws SQLException {
        // acc is materialised (each statement reads it several times), so it carries only the columns the rules read,
        // not the staged rows with their ciphertexts (those spilled ~90 MB to temporary files per statement at
        // 300,000 persons). Whether an accepted line replaces a register row is asked of imp_person through its index
        // on target_id, never by rescanning acc once per register row (a nested loop the planner may pick when it
        // expects few register rows).
        String replaced = "SELECT 1 FROM imp_person i WHERE i.target_id = p.id AND " + notRejected("i");
        String accepted = """
                WITH acc AS (SELECT p.line_number, p.target_id, p.household_id, p.relationship, p.status
                             FROM imp_person p WHERE %s),
                affected AS (SELECT household_id AS id FROM acc
                             UNION SELECT cur.household_id FROM acc JOIN person cur ON cur.id = acc.target_id
                             UNION SELECT h.target_id FROM imp_household h WHERE %s)
                """.formatted(notRejected("p"), notRejected("h"));
        String twoHeads = accepted + """
                , heads AS (SELECT acc.household_id, acc.line_number FROM acc
                            WHERE acc.relationship = 'HEAD' AND acc.status = 'ACTIVE'
                            UNION ALL
                            SELECT p.household_id, NULL FROM person p JOIN affected a ON a.id = p.household_id
                            WHERE p.relationship = 'HEAD' AND p.status = 'ACTIVE'
                              AND NOT EXISTS (REPLACED)),
                ranked AS (SELECT line_number, count(*) OVER w AS heads, bool_or(line_number IS NULL) OVER w AS registered,
                                  min(line_number) OVER w AS first_line
                           FROM heads WINDOW w AS (PARTITION BY household_id))
                INSERT INTO imp_rejected
                SELECT line_number, '%s', CASE WHEN registered THEN 'The household already has a head in the register'
                                               ELSE 'The household already has a head on line ' || first_line END
                FROM ranked
                WHERE heads > 1 AND line_number IS NOT NULL AND (registered OR line_number <> first_line)
                ON CONFLICT DO NOTHING""".formatted(TWO_HEADS).replace("REPLACED", replaced);
        String headless = accepted + """
                , members AS (SELECT acc.household_id, acc.relationship, acc.status FROM acc
                              UNION ALL
                              SELECT p.household_id, p.relationship, p.status FROM person p
                              JOIN affected a ON a.id = p.household_id
                              WHERE NOT EXISTS (REPLACED)),
                headless AS (SELECT household_id FROM members GROUP BY household_id
                             HAVING bool_or(status = 'ACTIVE') AND NOT bool_or(status = 'ACTIVE' AND relationship = 'HEAD'))
                INSERT INTO imp_rejected
                SELECT h.line_number, '%1$s', 'The household would have active members but no head'
                FROM imp_household h JOIN headless x ON x.household_id = h.target_id WHERE %2$s
                UNION ALL
                SELECT acc.line_number, '%1$s', 'Its household would have active members but no head'
                FROM acc JOIN headless x ON x.household_id = acc.household_id
                UNION ALL
                SELECT acc.line_number, '%1$s', 'Moving this person out leaves their household without a head'
                FROM acc JOIN person cur ON cur.id = acc.target_id JOIN headless x ON x.household_id = cur.household_id
                ON CONFLICT DO NOTHING""".formatted(HOUSEHOLD_WITHOUT_HEAD, notRejected("h"))
                .replace("REPLACED", replaced);
        for (int round = 0; round < MAX_HEAD_ROUNDS; round++) {
            int rejected = update(twoHeads) + update(headless);
            if (rejected == 0) {
                return;
            }
        }
        throw new IllegalStateException("The head rules did not settle after " + MAX_HEAD_ROUNDS + " rounds");
    }

    // ---- upserts ------------------------------------------------------------------------------------------------

    /** The households and persons as they were, for the history and the counts. */
    private void snapshotBefore() throws SQLException {
        execute("""
                CREATE TEMP TABLE imp_person_before ON COMMIT DROP AS
                SELECT p.id, p.household_id, h.household_number, p.name, p.sex, p.birth_date, p.ethnicity,
                       p.relationship, p.status, p.id_number_hash, p.mobile_hash
                FROM person p JOIN household h ON h.id = p.household_id
                WHERE p.id IN (SELECT target_id FROM imp_person i WHERE %s)""".formatted(notRejected("i")));
        execute("""
                CREATE TEMP TABLE imp_household_before ON COMMIT DROP AS
                SELECT h.id, h.household_number, h.type, h.address, h.station_code, h.head_person_id
                FROM household h
                WHERE h.id IN (SELECT target_id FROM imp_household i WHERE %s
                               UNION SELECT household_id FROM imp_person i WHERE %s
                               UNION SELECT household_id FROM imp_person_before)"""
                .formatted(notRejected("i"), notRejected("i")));
        execute("ANALYZE imp_person_before");
        execute("ANALYZE imp_household_before");
    }

    private Tally upsertStations() throws SQLException {
        long accepted = count("SELECT count(*) FROM imp_station s WHERE " + notRejected("s"));
        long created = count("SELECT count(*) FROM imp_station s WHERE NOT known AND " + notRejected("s"));
        int written = update("""
                INSERT INTO station (code, name, division_code)
                SELECT code, name, division_code FROM imp_station s WHERE %s
                ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name
                WHERE station.name IS DISTINCT FROM EXCLUDED.name""".formatted(notRejected("s")));
        return new Tally(created, written - created, accepted - written);
    }

    private Tally upsertHouseholds() throws SQLException {
        long accepted = count("SELECT count(*) FROM imp_household h WHERE " + notRejected("h"));
        long created = count("SELECT count(*) FROM imp_household h WHERE by_key IS NULL AND by_number IS NULL AND "
                + notRejected("h"));
        // a new household comes with its head (its one accepted active HEAD line, checked at commit)
        update("""
                INSERT INTO household (id, household_number, type, address, station_code, source_key, head_person_id)
                SELECT h.target_id, h.number, h.household_type, h.address, h.station_code, h.source_key, hd.target_id
                FROM imp_household h
                LEFT JOIN (SELECT DISTINCT ON (p.household_id) p.household_id, p.target_id FROM imp_person p
                           WHERE p.relationship = 'HEAD' AND p.status = 'ACTIVE' AND %s
                           ORDER BY p.household_id, p.line_number) hd ON hd.household_id = h.target_id
                WHERE h.by_key IS NULL AND h.by_number IS NULL AND %s""".formatted(notRejected("p"), notRejected("h")));
        // an existing one (by key, or by number where it takes the key now); its head follows its members below
        update("""
                UPDATE household SET household_number = h.number, type = h.household_type, address = h.address,
                       station_code = h.station_code, source_key = h.source_key, version = household.version + 1
                FROM imp_household h
                WHERE household.id = h.target_id AND (h.by_key IS NOT NULL OR h.by_number IS NOT NULL) AND %s
                  AND (household.household_number, household.type, household.address, household.station_code,
                       household.source_key)
                      IS DISTINCT FROM (h.number, h.household_type, h.address, h.station_code, h.source_key)"""
                .formatted(notRejected("h")));
        long updated = count("""
                SELECT count(*) FROM imp_household i JOIN imp_household_before b ON b.id = i.target_id
                JOIN household h ON h.id = i.target_id
                WHERE %s AND (b.household_number, b.type, b.address, b.station_code)
                      IS DISTINCT FROM (h.household_number, h.type, h.address, h.station_code)"""
                .formatted(notRejected("i")));
        return new Tally(created, updated, accepted - created - updated);
    }

    private Tally upsertPersons() throws SQLException {
        long accepted = count("SELECT count(*) FROM imp_person p WHERE " + notRejected("p"));
        // the ones that were there first (a first load has none), so that no pass goes over the new ones
        // ciphertexts are random per encryption: kept unless the blind index says the number itself changed
        update("""
                UPDATE person SET household_id = p.household_id,
                    id_number_cipher = CASE WHEN person.id_number_hash = p.id_number_hash
                                            THEN person.id_number_cipher ELSE p.id_number_cipher END,
                    id_number_hash = p.id_number_hash, name = p.name, sex = p.sex, birth_date = p.birth_date,
                    ethnicity = p.ethnicity, relationship = p.relationship, status = p.status,
                    source_key = p.source_key,
                    mobile_cipher = CASE WHEN person.mobile_hash IS NOT DISTINCT FROM p.mobile_hash
                                         THEN person.mobile_cipher ELSE p.mobile_cipher END,
                    mobile_hash = p.mobile_hash, version = person.version + 1
                FROM imp_person p
                WHERE person.id = p.target_id AND p.target_id IN (SELECT b.id FROM imp_person_before b) AND %s
                  AND (person.household_id, person.id_number_hash, person.name, person.sex, person.birth_date,
                       person.ethnicity, person.relationship, person.status, person.source_key, person.mobile_hash)
                      IS DISTINCT FROM (p.household_id, p.id_number_hash, p.name, p.sex, p.birth_date, p.ethnicity,
                                        p.relationship, p.status, p.source_key, p.mobile_hash)"""
                .formatted(notRejected("p")));
        step("persons updated");
        long created = update("""
                INSERT INTO person (id, household_id, id_number_cipher, id_number_hash, name, sex, birth_date, ethnicity,
                                    relationship, status, source_key, mobile_cipher, mobile_hash)
                SELECT target_id, household_id, id_number_cipher, id_number_hash, name, sex, birth_date, ethnicity,
                       relationship, status, source_key, mobile_cipher, mobile_hash
                FROM imp_person p
                WHERE NOT EXISTS (SELECT 1 FROM imp_person_before b WHERE b.id = p.target_id) AND %s"""
                .formatted(notRejected("p")));
        step("persons inserted");
        long updated = count("SELECT count(*) FROM imp_person_before b JOIN person p ON p.id = b.id WHERE "
                + PERSON_CHANGED);
        return new Tally(created, updated, accepted - created - updated);
    }

    private static final String PERSON_CHANGED = """
            (b.household_id, b.name, b.sex, b.birth_date, b.ethnicity, b.relationship, b.status, b.id_number_hash,
             b.mobile_hash)
            IS DISTINCT FROM (p.household_id, p.name, p.sex, p.birth_date, p.ethnicity, p.relationship, p.status,
                              p.id_number_hash, p.mobile_hash)""";

    /**
     * The head of every household the import touched that existed before (new ones came with theirs): its one active
     * HEAD, none where no member is active.
     */
    private void updateHeads() throws SQLException {
        execute("""
                UPDATE household h SET head_person_id = x.head, version = h.version + 1
                FROM (SELECT b.id, hd.id AS head FROM imp_household_before b
                      LEFT JOIN (SELECT DISTINCT ON (p.household_id) p.household_id, p.id FROM person p
                                 JOIN imp_household_before t ON t.id = p.household_id
                                 WHERE p.status = 'ACTIVE' AND p.relationship = 'HEAD'
                                 ORDER BY p.household_id, p.id) hd ON hd.household_id = b.id) x
                WHERE h.id = x.id AND h.head_person_id IS DISTINCT FROM x.head""");
    }

    // ---- history and report -------------------------------------------------------------------------------------

    private static final String HOUSEHOLD_SUMMARY = "'household=' || %1$s.household_number || '; station=' || "
            + "%1$s.station_code || '; address=' || %1$s.address || '; head=' || coalesce(%1$s.head_person_id::text, '-')"
            + " || '; type=' || %1$s.type";

    private static final String PERSON_SUMMARY = "'household=' || %1$s || '; name=' || %2$s.name || '; relationship='"
            + " || %2$s.relationship || '; status=' || %2$s.status";

    private static final String CHANGED_FIELDS = """
            concat_ws(',', CASE WHEN b.household_id <> p.household_id THEN 'household' END,
                           CASE WHEN b.name <> p.name THEN 'name' END,
                           CASE WHEN b.sex <> p.sex THEN 'sex' END,
                           CASE WHEN b.birth_date <> p.birth_date THEN 'birthDate' END,
                           CASE WHEN b.ethnicity <> p.ethnicity THEN 'ethnicity' END,
                           CASE WHEN b.relationship <> p.relationship THEN 'relationship' END,
                           CASE WHEN b.status <> p.status THEN 'status' END,
                           CASE WHEN b.id_number_hash <> p.id_number_hash THEN 'idNumber' END,
                           CASE WHEN b.mobile_hash IS DISTINCT FROM p.mobile_hash THEN 'mobile' END)""";

    /**
     * One history row per change, none for what stayed as it was: IMPORTED for new records; for a person MOVED_OUT
     * and MOVED_IN when the household changed, DECEASED when that is what happened, else UPDATED (the after summary
     * names the changed fields, never their values); for a household ADDRESS_CHANGED when only the address changed,
     * else UPDATED, and HEAD_CHANGED when its head changed.
     */
    private void recordHistory() throws SQLException {
        history("""
                SELECT COALESCE(i.change_id, new_id()), NULL, h.id, 'IMPORTED', NULL, %s, ?, ?
                FROM imp_household i JOIN household h ON h.id = i.target_id
                WHERE i.by_key IS NULL AND i.by_number IS NULL AND %s"""
                .formatted(HOUSEHOLD_SUMMARY.formatted("h"), notRejected("i")));
        step("history of new households");
        history("""
                SELECT new_id(), NULL, h.id,
                       CASE WHEN (b.household_number, b.type, b.station_code) = (h.household_number, h.type, h.station_code)
                            THEN 'ADDRESS_CHANGED' ELSE 'UPDATED' END,
                       %s, %s, ?, ?
                FROM imp_household_before b JOIN household h ON h.id = b.id
                WHERE (b.household_number, b.type, b.address, b.station_code)
                      IS DISTINCT FROM (h.household_number, h.type, h.address, h.station_code)"""
                .formatted(HOUSEHOLD_SUMMARY.formatted("b"), HOUSEHOLD_SUMMARY.formatted("h")));
        history("""
                SELECT COALESCE(i.change_id, new_id()), i.target_id, i.household_id, 'IMPORTED', NULL, %s, ?, ?
                FROM imp_person i JOIN household h ON h.id = i.household_id
                WHERE NOT EXISTS (SELECT 1 FROM imp_person_before b WHERE b.id = i.target_id) AND %s"""
                .formatted(PERSON_SUMMARY.formatted("h.household_number", "i"), notRejected("i")));
        step("history of new persons");
        String changedPersons = """
                FROM imp_person_before b JOIN person p ON p.id = b.id JOIN household h ON h.id = p.household_id
                """;
        String before = PERSON_SUMMARY.formatted("b.household_number", "b");
        String after = PERSON_SUMMARY.formatted("h.household_number", "p") + " || '; changed=' || " + CHANGED_FIELDS;
        // out of the old household, then into the new one (seq keeps the order)
        history("""
                SELECT new_id(), p.id, m.household_id, m.kind, %s, %s, ?, ?
                %s
                CROSS JOIN LATERAL (VALUES (b.household_id, 'MOVED_OUT', 1), (p.household_id, 'MOVED_IN', 2))
                     AS m(household_id, kind, n)
                WHERE b.household_id <> p.household_id
                ORDER BY p.id, m.n""".formatted(before, after, changedPersons));
        history("""
                SELECT new_id(), p.id, p.household_id,
                       CASE WHEN p.status = 'DECEASED' AND b.status <> 'DECEASED' THEN 'DECEASED' ELSE 'UPDATED' END,
                       %s, %s, ?, ?
                %s
                WHERE b.household_id = p.household_id AND %s""".formatted(before, after, changedPersons, PERSON_CHANGED));
        history("""
                SELECT new_id(), h.head_person_id, h.id, 'HEAD_CHANGED', %s, %s, ?, ?
                FROM imp_household_before b JOIN household h ON h.id = b.id
                WHERE b.head_person_id IS DISTINCT FROM h.head_person_id"""
                .formatted(HOUSEHOLD_SUMMARY.formatted("b"), HOUSEHOLD_SUMMARY.formatted("h")));
        step("history of changes");
    }

    /**
     * Inserts the history rows a SELECT makes: its columns are those of {@code register_change} from {@code id} to
     * {@code after_summary}, then the import's id and time as two parameters; {@code new_id()} stands for
     * {@link #NEW_ID}. New persons are written in the order their ids were made (the staged order), so the history's
     * indexes on person and household grow at their right edge too.
     */
    private void history(String select) throws SQLException {
        update("INSERT INTO register_change (id, person_id, household_id, kind, before_summary, after_summary,"
                + " import_id, occurred_at) " + select.replace("new_id()", NEW_ID), importId, now);
    }

    /** Writes the report: the lines rejected on their own and those rejected here. */
    private long report() throws SQLException {
        return update("""
                INSERT INTO register_import_rejection (import_id, line_number, code, detail)
                SELECT ?, line_number, rejection_code, rejection_detail FROM register_import_line
                WHERE import_id = ? AND record_type IS NULL
                UNION ALL
                SELECT ?, line_number, code, detail FROM imp_rejected""", importId, importId, importId);
    }

    // ---- JDBC ---------------------------------------------------------------------------------------------------

    private static String notRejected(String alias) {
        return NOT_REJECTED.formatted(alias);
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private int update(String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        }
    }

    private void query(String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeQuery().close();
        }
    }

    private long count(String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
