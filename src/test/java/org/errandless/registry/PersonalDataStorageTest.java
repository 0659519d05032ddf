package org.errandless.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.errandless.common.crypto.PersonalDataKind;
import org.errandless.common.crypto.PersonalDataProtector;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** A dump of the database alone reveals no ID or phone number, and the register logs none. */
@QuarkusTest
class PersonalDataStorageTest {

    private static final String ZHANG_WEI = "500103198803120516";
    private static final String ZHANG_WEI_MOBILE = "13800000001";

    @Inject
    DataSource dataSource;
    @Inject
    PersonalDataProtector protector;
    @Inject
    RegistryService registry;
    @Inject
    DemoMobiles demoMobiles;
    @Inject
    RegistryFixtures fixtures;

    @Test
    void thePersonTableHoldsNoPlaintextIdNumber() throws SQLException {
        assertEquals(0, count("select count(*) from person where id_number_cipher like ? or id_number_hash like ?"
                + " or name like ?", "%" + ZHANG_WEI + "%"));
        assertEquals(0, count("select count(*) from person p where p::text like ?", "%" + ZHANG_WEI + "%"));
        assertEquals(0, count("select count(*) from person p where p::text like ?", "%198803120516%"));
        // yet the person is there, findable by the blind index and readable with the key
        String hash = protector.blindIndex(PersonalDataKind.ID_NUMBER, ZHANG_WEI);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "select id_number_cipher, name from person where id_number_hash = ?")) {
            statement.setString(1, hash);
            try (ResultSet rows = statement.executeQuery()) {
                assertTrue(rows.next());
                String cipher = rows.getString(1);
                assertTrue(cipher.startsWith("v1:"), "encrypted, not encoded");
                assertEquals(ZHANG_WEI, protector.decrypt(PersonalDataKind.ID_NUMBER, cipher));
                assertEquals("张伟", rows.getString(2));
            }
        }
    }

    @Test
    void noTableOfTheSchemaHoldsAnIdOrPhoneNumberInPlaintext() throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("select table_name from"
                        + " information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'");
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        assertTrue(tables.containsAll(List.of("person", "household", "register_change", "demo_mobile")), tables::toString);
        for (String table : tables) {
            for (String secret : List.of(ZHANG_WEI, "500103199007180424", ZHANG_WEI_MOBILE, "13800000005")) {
                assertEquals(0, count("select count(*) from \"" + table + "\" t where t::text like ?",
                        "%" + secret + "%"), table);
            }
        }
    }

    @Test
    void equalNumbersAreStoredWithDifferentCiphertexts() throws SQLException {
        assertEquals(count("select count(*) from person", null),
                count("select count(distinct id_number_cipher) from person", null));
        assertEquals(count("select count(*) from demo_mobile", null),
                count("select count(distinct phone_cipher) from demo_mobile", null));
    }

    @Test
    void registerOperationsLogNoIdNumber() {
        List<String> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(String.valueOf(record.getMessage()) + " " + List.of(
                        record.getParameters() == null ? new Object[0] : record.getParameters()) + " "
                        + record.getThrown());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        List<String> numbers = new ArrayList<>(List.of(ZHANG_WEI));
        try {
            registry.findActivePerson(ZHANG_WEI);
            registry.findActivePersonByIdentity("张伟", ZHANG_WEI);
            demoMobiles.isRegisteredTo(ZHANG_WEI_MOBILE, ZHANG_WEI);
            RegistryFixtures.Family family = fixtures.household(Relationship.HEAD, Relationship.SPOUSE);
            family.members().forEach(member -> numbers.add(member.idNumber()));
            PersonView baby = registry.addNewborn(family.householdId(), "宝宝", Sex.M, LocalDate.of(2026, 9, 1), "汉族",
                    Relationship.SON, UUID.randomUUID());
            numbers.add(registry.fullIdNumber(baby.id()).orElseThrow());
            registry.markDeceased(family.member(Relationship.SPOUSE).id(), UUID.randomUUID());
            try {
                registry.markDeceased(family.member(Relationship.SPOUSE).id(), UUID.randomUUID());
            } catch (RuntimeException expected) {
                logged.add(expected.getMessage());
            }
        } finally {
            root.removeHandler(capture);
        }
        for (String line : logged) {
            for (String number : numbers) {
                assertFalse(line.contains(number), line);
                assertFalse(line.contains(number.substring(6)), line);
            }
        }
    }

    private long count(String sql, String parameter) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            if (parameter != null) {
                int parameters = statement.getParameterMetaData().getParameterCount();
                for (int i = 1; i <= parameters; i++) {
                    statement.setString(i, parameter);
                }
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
