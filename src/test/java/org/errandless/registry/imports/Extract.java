package org.errandless.registry.imports;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import org.errandless.registry.IdNumbers;
import org.errandless.registry.PersonStatus;
import org.errandless.registry.Relationship;
import org.errandless.registry.Sex;
import org.errandless.support.Databases;
import org.errandless.support.RunCounters;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Builds register extracts (JSON Lines) of people and stations of the tests' own: fresh station codes (suffixes 10 to
 * 99 of division 500156, where the demo has no station, that the database does not know yet), household numbers,
 * keys, valid ID numbers (division 500243, a seeded generator, each number once per JVM) and mobile numbers (171…, a
 * range nobody else uses). Records are kept by key so a test can change one and build the later extract.
 */
final class Extract {

    static final String DIVISION = "500156";
    private static final ObjectMapper JSON = new ObjectMapper();
    // Quarkus loads test classes afresh for every profile (and for each @QuarkusMainTest launch), so whatever must not
    // repeat within the run's database counts in RunCounters, and each class load draws from its own seed
    private static final long MOBILES_START = new Random(20261204).nextInt(1_000_000) * 100L;
    private static final Random RANDOM = new Random(20261204 + RunCounters.next("import-extract-seed", 0) * 7919);
    private static final Set<String> ID_NUMBERS = new HashSet<>();

    /** The records, by key (stations by code), in the order they were added. */
    final Map<String, Map<String, Object>> records = new LinkedHashMap<>();
    /** Line by line: the key of a record, or a raw line. */
    private final List<Line> lines = new ArrayList<>();

    private record Line(String key, String raw) {
    }

    /**
     * A station code that no station of the database has and no test of this JVM was given before: the next suffix of
     * the run's counter that the database does not know. Counting alone repeated codes: other tests' fixtures create
     * stations of their own in any district that has two already (appointments: random suffixes 50 to 99; supervision
     * statistics: the highest unused), which this division is once two imports ran, and a database may outlive the JVM
     * whose counter handed its codes out (a configured one, used by a second run). Asked just before the code is used:
     * the tests of a JVM run one at a time. A database without the schema yet (a {@code @QuarkusMainTest} that runs
     * first in its JVM: its launch migrates) has no station at all.
     */
    static String newStationCode() {
        try (Connection connection = Databases.application()) {
            boolean migrated;
            try (Statement statement = connection.createStatement();
                    ResultSet table = statement.executeQuery("select to_regclass('station') is not null")) {
                table.next();
                migrated = table.getBoolean(1);
            }
            while (true) {
                long suffix = RunCounters.next("import-station", 9);
                if (suffix > 99) {
                    throw new IllegalStateException("Out of test station codes: division " + DIVISION
                            + " has no unused suffix left in this database");
                }
                String code = DIVISION + suffix;
                if (!migrated || !known(connection, code)) {
                    return code;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the stations", e);
        }
    }

    private static boolean known(Connection connection, String stationCode) throws SQLException {
        try (PreparedStatement known = connection.prepareStatement("select 1 from station where code = ?")) {
            known.setString(1, stationCode);
            try (ResultSet found = known.executeQuery()) {
                return found.next();
            }
        }
    }

    static String newKey(String prefix) {
        return "T-" + prefix + "-" + UUID.randomUUID().toString().substring(0, 13);
    }

    static String newHouseholdNumber() {
        return "T" + UUID.randomUUID().toString().replace("-", "").substring(0, 15);
    }

    static synchronized String newIdNumber(Sex sex, LocalDate birthDate) {
        while (true) {
            String idNumber = IdNumbers.generate("500243", birthDate, sex, RANDOM);
            if (ID_NUMBERS.add(idNumber)) {
                return idNumber;
            }
        }
    }

    static synchronized String newIdNumber(Sex sex) {
        return newIdNumber(sex, LocalDate.of(1940 + RANDOM.nextInt(60), 1 + RANDOM.nextInt(12), 1 + RANDOM.nextInt(28)));
    }

    static String newMobile() {
        return "171" + String.format("%08d", RunCounters.next("import-mobile", MOBILES_START) % 100_000_000L);
    }

    Extract station(String code, String name) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("type", "STATION");
        record.put("code", code);
        record.put("name", name);
        put(code, record);
        return this;
    }

    Extract household(String key, String number, String stationCode) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("type", "HOUSEHOLD");
        record.put("key", key);
        record.put("number", number);
        record.put("householdType", "FAMILY");
        record.put("address", "重庆市武隆区测试路" + number.substring(1, 5) + "号(test)");
        record.put("station", stationCode);
        put(key, record);
        return this;
    }

    Extract person(String key, String householdKey, String idNumber, String name, Relationship relationship,
            String mobile) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("type", "PERSON");
        record.put("key", key);
        record.put("household", householdKey);
        record.put("idNumber", idNumber);
        record.put("name", name);
        record.put("ethnicity", "汉族");
        record.put("relationship", relationship.name());
        record.put("status", PersonStatus.ACTIVE.name());
        if (mobile != null) {
            record.put("mobile", mobile);
        }
        put(key, record);
        return this;
    }

    /**
     * A fresh household at the station with the given members (the first is the head), each with a new key, ID
     * number and name; adults get a mobile number.
     *
     * @return the household's key
     */
    String family(String stationCode, Relationship... members) {
        String householdKey = newKey("H");
        household(householdKey, newHouseholdNumber(), stationCode);
        for (Relationship relationship : members) {
            Sex sex = switch (relationship) {
                case SPOUSE, DAUGHTER, MOTHER, GRANDDAUGHTER, DAUGHTER_IN_LAW, SISTER, GRANDMOTHER -> Sex.F;
                default -> Sex.M;
            };
            boolean child = relationship == Relationship.SON || relationship == Relationship.DAUGHTER;
            LocalDate birthDate = child ? LocalDate.of(2012 + RANDOM.nextInt(10), 1 + RANDOM.nextInt(12), 1 + RANDOM.nextInt(28))
                    : LocalDate.of(1950 + RANDOM.nextInt(30), 1 + RANDOM.nextInt(12), 1 + RANDOM.nextInt(28));
            person(newKey("P"), householdKey, newIdNumber(sex, birthDate), "导入" + relationship.name().charAt(0)
                    + RANDOM.nextInt(100_000), relationship, child ? null : newMobile());
        }
        return householdKey;
    }

    private void put(String key, Map<String, Object> record) {
        if (records.put(key, record) == null) {
            lines.add(new Line(key, null));
        }
    }

    /** The line number of the record with this key. */
    long lineOf(String key) {
        for (int i = 0; i < lines.size(); i++) {
            if (key.equals(lines.get(i).key())) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("No record " + key);
    }

    /** The record with this key, to change before building a later extract. */
    Map<String, Object> get(String key) {
        return records.get(key);
    }

    /** The keys of the persons of a household, in the order added. */
    List<String> members(String householdKey) {
        return records.values().stream().filter(record -> householdKey.equals(record.get("household")))
                .map(record -> (String) record.get("key")).toList();
    }

    /** A line as it is (a malformed one, say). */
    Extract raw(String line) {
        lines.add(new Line(null, line));
        return this;
    }

    /** The number the next line will have. */
    long nextLine() {
        return lines.size() + 1;
    }

    String text() {
        StringBuilder text = new StringBuilder();
        try {
            for (Line line : lines) {
                text.append(line.raw() != null ? line.raw() : JSON.writeValueAsString(records.get(line.key())))
                        .append('\n');
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return text.toString();
    }

    byte[] bytes() {
        return text().getBytes(StandardCharsets.UTF_8);
    }
}
