package org.errandless.registry.imports;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.errandless.support.Databases;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The register-import tests' station codes never name a station the database has: a code that another test's fixture
 * (appointments, supervision statistics) or an earlier run on the same database took is skipped, not handed out again
 * (it was: an import then "updated" that station instead of creating its own, and the test failed).
 */
@QuarkusTest
class ExtractStationCodeTest {

    @Test
    void aCodeTheDatabaseHasAlreadyIsNeverHandedOut() throws SQLException {
        String first = Extract.newStationCode();
        assertFalse(exists(first));
        long suffix = Long.parseLong(first.substring(Extract.DIVISION.length()));
        // the next two codes of the run's counter, taken meanwhile the way the other fixtures take theirs
        insert(Extract.DIVISION + (suffix + 1));
        insert(Extract.DIVISION + (suffix + 2));

        String next = Extract.newStationCode();
        assertFalse(exists(next), next);
        long nextSuffix = Long.parseLong(next.substring(Extract.DIVISION.length()));
        assertTrue(nextSuffix >= suffix + 3, "both taken codes skipped: " + next);
        for (long between = suffix + 1; between < nextSuffix; between++) {
            assertTrue(exists(Extract.DIVISION + between), "only codes the database has skipped: " + between);
        }
    }

    private static void insert(String code) throws SQLException {
        try (Connection connection = Databases.application();
                PreparedStatement insert = connection.prepareStatement(
                        "insert into station (code, name, division_code) values (?, ?, ?) on conflict do nothing")) {
            insert.setString(1, code);
            insert.setString(2, "别的测试的派出所" + code + "(test)");
            insert.setString(3, Extract.DIVISION);
            insert.executeUpdate();
        }
    }

    private static boolean exists(String code) throws SQLException {
        try (Connection connection = Databases.application();
                PreparedStatement select = connection.prepareStatement("select 1 from station where code = ?")) {
            select.setString(1, code);
            try (ResultSet found = select.executeQuery()) {
                return found.next();
            }
        }
    }
}
