package org.errandless.registry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.errandless.common.crypto.PersonalDataKind;
import org.errandless.common.crypto.PersonalDataProtector;
import org.errandless.common.time.BusinessClock;

/**
 * Inserts the {@link DemoPopulation} (demo, dev and test profiles only; see {@link RegistryStartup}).
 *
 * <p>Idempotent: a household whose number is already registered is skipped with all its members, so a second run
 * changes nothing and a household changed by the app (a newborn, a move) is never reset. Plain JDBC batches keep it
 * fast, because it runs at every start, including every test run. Each seeded household and person gets a
 * {@link RegisterChangeKind#SEEDED} history row.
 */
@ApplicationScoped
class DemoDataSeeder {

    /** What one run inserted. */
    record Result(int stations, int households, int persons, int mobiles) {
    }

    @Inject
    DataSource dataSource;
    @Inject
    PersonalDataProtector protector;
    @Inject
    BusinessClock clock;

    private volatile DemoPopulation population;

    @Transactional
    Result seed() {
        DemoPopulation demo = population();
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.now(), ZoneOffset.UTC);
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement lock = connection.prepareStatement("select pg_advisory_xact_lock(hashtext(?))")) {
                // several instances starting at once must not both insert
                lock.setString(1, "errandless:demo-seed");
                lock.execute();
            }
            int stations = insertStations(connection, demo.stations());
            Set<String> existing = existingHouseholdNumbers(connection, demo.households());
            List<DemoPopulation.Household> missing = demo.households().stream()
                    .filter(household -> !existing.contains(household.householdNumber())).toList();
            if (missing.isEmpty()) {
                return new Result(stations, 0, 0, 0);
            }
            int[] counts = insertHouseholds(connection, missing, now);
            return new Result(stations, missing.size(), counts[0], counts[1]);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not seed the demo population", e);
        }
    }

    /**
     * Whether every demo station and household is registered already, so {@link #seed()} would insert nothing. One
     * statement on a connection of its own, outside any transaction: a restart onto a seeded register neither takes
     * the seeding lock nor starts the process' first JTA transaction.
     */
    boolean complete() {
        DemoPopulation demo = population();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "select (select count(*) from station where code = any (?)),"
                                + " (select count(*) from household where household_number = any (?))")) {
            query.setArray(1, connection.createArrayOf("varchar",
                    demo.stations().stream().map(DemoPopulation.Station::code).distinct().toArray()));
            query.setArray(2, connection.createArrayOf("varchar",
                    demo.households().stream().map(DemoPopulation.Household::householdNumber).distinct().toArray()));
            try (ResultSet counts = query.executeQuery()) {
                counts.next();
                return counts.getLong(1) == demo.stations().stream().map(DemoPopulation.Station::code).distinct()
                        .count()
                        && counts.getLong(2) == demo.households().stream()
                                .map(DemoPopulation.Household::householdNumber).distinct().count();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not check the demo population", e);
        }
    }

    DemoPopulation population() {
        DemoPopulation current = population;
        if (current == null) {
            List<String> divisions = ReferenceCsv.read(DivisionLoader.RESOURCE).stream().map(row -> row.get("code"))
                    .toList();
            current = DemoPopulation.standard(divisions);
            population = current;
        }
        return current;
    }

    private static int insertStations(Connection connection, List<DemoPopulation.Station> stations)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into station (code, name, division_code) values (?, ?, ?) on conflict (code) do nothing")) {
            for (DemoPopulation.Station station : stations) {
                insert.setString(1, station.code());
                insert.setString(2, station.name());
                insert.setString(3, station.divisionCode());
                insert.addBatch();
            }
            int inserted = 0;
            for (int count : insert.executeBatch()) {
                inserted += Math.max(count, 0);
            }
            return inserted;
        }
    }

    /** Which of the demo households' numbers are registered: only those are read, however large the register. */
    private static Set<String> existingHouseholdNumbers(Connection connection, List<DemoPopulation.Household> demo)
            throws SQLException {
        Set<String> numbers = new HashSet<>();
        try (PreparedStatement query = connection
                .prepareStatement("select household_number from household where household_number = any (?)")) {
            query.setArray(1, connection.createArrayOf("varchar",
                    demo.stream().map(DemoPopulation.Household::householdNumber).toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    numbers.add(rows.getString(1));
                }
            }
        }
        return numbers;
    }

    /** @return persons and mobiles inserted */
    private int[] insertHouseholds(Connection connection, List<DemoPopulation.Household> households,
            OffsetDateTime now) throws SQLException {
        int persons = 0;
        int mobiles = 0;
        try (PreparedStatement household = connection.prepareStatement("insert into household"
                + " (id, household_number, type, address, station_code, head_person_id) values (?, ?, ?, ?, ?, ?)");
                PreparedStatement person = connection.prepareStatement("insert into person (id, household_id,"
                        + " id_number_cipher, id_number_hash, name, sex, birth_date, ethnicity, relationship, status)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                PreparedStatement mobile = connection.prepareStatement(
                        "insert into demo_mobile (person_id, phone_cipher, phone_hash) values (?, ?, ?)");
                PreparedStatement change = connection.prepareStatement("insert into register_change"
                        + " (id, person_id, household_id, kind, before_summary, after_summary, occurred_at)"
                        + " values (?, ?, ?, 'SEEDED', null, ?, ?)")) {
            for (DemoPopulation.Household h : households) {
                UUID head = h.head().id();
                household.setObject(1, h.id());
                household.setString(2, h.householdNumber());
                household.setString(3, h.type().name());
                household.setString(4, h.address());
                household.setString(5, h.stationCode());
                household.setObject(6, head);
                household.addBatch();
                addChange(change, null, h.id(), Summary.of("household", h.householdNumber(), "station",
                        h.stationCode(), "address", h.address(), "head", head), now);
                for (DemoPopulation.Member m : h.members()) {
                    person.setObject(1, m.id());
                    person.setObject(2, h.id());
                    person.setString(3, protector.encrypt(PersonalDataKind.ID_NUMBER, m.idNumber()));
                    person.setString(4, protector.blindIndex(PersonalDataKind.ID_NUMBER, m.idNumber()));
                    person.setString(5, m.name());
                    person.setString(6, m.sex().name());
                    person.setObject(7, m.birthDate());
                    person.setString(8, m.ethnicity());
                    person.setString(9, m.relationship().name());
                    person.setString(10, m.status().name());
                    person.addBatch();
                    persons++;
                    addChange(change, m.id(), h.id(), Summary.of("household", h.householdNumber(), "name", m.name(),
                            "relationship", m.relationship(), "status", m.status()), now);
                    if (m.mobile() != null) {
                        mobile.setObject(1, m.id());
                        mobile.setString(2, protector.encrypt(PersonalDataKind.PHONE, m.mobile()));
                        mobile.setString(3, protector.blindIndex(PersonalDataKind.PHONE, m.mobile()));
                        mobile.addBatch();
                        mobiles++;
                    }
                }
            }
            // households first, then their members; the head reference is checked at commit (deferred)
            household.executeBatch();
            person.executeBatch();
            mobile.executeBatch();
            change.executeBatch();
        }
        return new int[] { persons, mobiles };
    }

    private static void addChange(PreparedStatement change, UUID personId, UUID householdId, String after,
            OffsetDateTime now) throws SQLException {
        change.setObject(1, UUID.randomUUID());
        change.setObject(2, personId);
        change.setObject(3, householdId);
        change.setString(4, after);
        change.setObject(5, now);
        change.addBatch();
    }
}
