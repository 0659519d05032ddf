package org.errandless.notifications;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.Arc;

/** Reads and nudges outbox rows in the tests, straight in the database (each call its own autocommit statement). */
final class OutboxRows {

    /** One row as the dispatcher left it. */
    record Row(String status, int attempts, Instant nextAttemptAt, String lastError, String body, boolean redacted,
            UUID claimToken) {
    }

    private OutboxRows() {
    }

    static Row row(UUID id) {
        try (Connection connection = dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement("select status, attempts, next_attempt_at, "
                        + "last_error, body, redacted, claim_token from outbox_message where id = ?")) {
            select.setObject(1, id);
            try (ResultSet row = select.executeQuery()) {
                assertTrue(row.next(), "no outbox message " + id);
                return new Row(row.getString(1), row.getInt(2), row.getObject(3, OffsetDateTime.class).toInstant(),
                        row.getString(4), row.getString(5), row.getBoolean(6), row.getObject(7, UUID.class));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The database's clock now: the one the outbox's schedule runs on. */
    static Instant databaseNow() {
        try (Connection connection = dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement("select clock_timestamp()");
                ResultSet row = select.executeQuery()) {
            row.next();
            return row.getObject(1, OffsetDateTime.class).toInstant();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Makes a message due now, as if its pause (or its lease) were over: the schedule runs on the database's real
     * clock, so a test reaches the next attempt by moving the message, not the clock.
     */
    static void makeDue(UUID id) {
        assertEquals(1, execute("update outbox_message set next_attempt_at = clock_timestamp() where id = ?", id));
    }

    /** Pending messages among these ids. */
    static int pending(java.util.Collection<UUID> ids) {
        try (Connection connection = dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement("select count(*) from outbox_message "
                        + "where status = 'PENDING' and id = any (?)")) {
            select.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static int execute(String sql, Object... parameters) {
        try (Connection connection = dataSource().getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static AgroalDataSource dataSource() {
        return Arc.container().instance(AgroalDataSource.class).get();
    }
}
