package org.errandless.common.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.errandless.common.persistence.DatabaseFailures.Kind;
import org.junit.jupiter.api.Test;

import jakarta.persistence.PersistenceException;

/** Which database failures are "retry later" (503), which are "you sent what cannot be stored" (400), in any wrapping. */
class DatabaseFailuresTest {

    private static RuntimeException wrapped(Throwable cause) {
        // as it reaches the mapper: an interceptor's wrapper around the persistence layer's
        return new IllegalStateException("interceptor", new PersistenceException("hibernate", cause));
    }

    @Test
    void unreachableOrRestartingDatabasesAreUnavailable() {
        for (String state : new String[] { "08001", "08006", "08003", "57P01", "57P02", "57P03", "53300" }) {
            assertEquals(Kind.UNAVAILABLE, DatabaseFailures.classify(wrapped(new SQLException("x", state))), state);
        }
        assertEquals(Kind.UNAVAILABLE, DatabaseFailures.classify(wrapped(new SQLException("Sorry, acquisition timeout!"))));
        assertEquals(Kind.UNAVAILABLE, DatabaseFailures.classify(
                new SQLException("Acquisition timeout while waiting for new connection")));
        assertEquals(Kind.UNAVAILABLE, DatabaseFailures.classify(wrapped(new SQLException("Exception while creating new "
                + "connection", new SQLTransientConnectionException("refused", "08001")))));
        SQLException chained = new SQLException("batch failed", "25P02");
        chained.setNextException(new SQLException("I/O error", "08006"));
        assertEquals(Kind.UNAVAILABLE, DatabaseFailures.classify(chained));
    }

    @Test
    void textPostgresqlCannotStoreIsTheClients() {
        assertEquals(Kind.UNSTORABLE_TEXT, DatabaseFailures.classify(wrapped(new SQLException("invalid byte sequence "
                + "for encoding \"UTF8\": 0x00", "22021"))));
        assertEquals(Kind.UNSTORABLE_TEXT, DatabaseFailures.classify(wrapped(new SQLException("unsupported Unicode "
                + "escape sequence", "22P05"))));
    }

    @Test
    void everythingElseIsNotOurs() {
        for (String state : new String[] { "23505", "40001", "42P01", "22001" }) {
            assertEquals(Kind.OTHER, DatabaseFailures.classify(wrapped(new SQLException("x", state))), state);
        }
        assertEquals(Kind.OTHER, DatabaseFailures.classify(new IllegalStateException("boom")));
        assertEquals(Kind.OTHER, DatabaseFailures.classify(new SQLException("no state")));
        RuntimeException loop = new RuntimeException("self");
        loop.initCause(new RuntimeException("other", null));
        assertEquals(Kind.OTHER, DatabaseFailures.classify(loop));
    }
}
