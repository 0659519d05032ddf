package org.errandless.identity.staff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import jakarta.inject.Inject;

import org.errandless.support.Databases;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * A sign-in attempt that waits for the throttle row while a concurrent attempt signs in and deletes it
 * ({@link LoginThrottles#clearAfterSuccess}) must count itself against a new row, not fail: before the fix it answered
 * 500 (a null row), which {@code StaffMfaTest.oneCodeSentInTwoSignInsAtOnceSignsInOnce} caught now and then. Here
 * the interleaving is forced: another connection holds the row's lock until the attempt waits on it, then deletes
 * the row.
 */
@QuarkusTest
class LoginThrottleRaceTest {

    private static final Instant NOW = Instant.parse("2026-12-05T08:00:00Z");

    @Inject
    LoginThrottles throttles;

    @Test
    void anAttemptWhoseRowASuccessDeletedMeanwhileCountsAgainstANewRow() throws Exception {
        String username = "race-" + UUID.randomUUID().toString().substring(0, 12);
        try (Connection holder = Databases.owner()) {
            holder.setAutoCommit(false);
            try (PreparedStatement insert = holder.prepareStatement("insert into staff_login_throttle "
                    + "(username, failed_count, last_failed_at) values (?, 1, ?)")) {
                insert.setString(1, username);
                insert.setTimestamp(2, Timestamp.from(NOW));
                insert.executeUpdate();
            }
            holder.commit();
            try (PreparedStatement lock = holder.prepareStatement(
                    "select 1 from staff_login_throttle where username = ? for update")) {
                lock.setString(1, username);
                lock.executeQuery().close();
            }

            CompletableFuture<LoginThrottles.Attempt> attempt = CompletableFuture
                    .supplyAsync(() -> throttles.admit(username, NOW));
            awaitWaitingOnLock(backendPid(holder), attempt);

            try (PreparedStatement delete = holder.prepareStatement(
                    "delete from staff_login_throttle where username = ?")) {
                delete.setString(1, username);
                delete.executeUpdate();
            }
            holder.commit();

            LoginThrottles.Attempt admitted = attempt.get(30, TimeUnit.SECONDS);
            assertTrue(admitted.admitted());
            try (PreparedStatement count = holder.prepareStatement(
                    "select failed_count from staff_login_throttle where username = ?")) {
                count.setString(1, username);
                try (ResultSet row = count.executeQuery()) {
                    assertTrue(row.next(), "the attempt counted itself against a new row");
                    assertEquals(1, row.getInt(1));
                }
            }
            holder.commit();
        }
    }

    /**
     * Until another backend waits for a lock the holder's backend holds (the attempt's {@code for update}). Through
     * pg_locks and pg_blocking_pids, which every role may read (pg_stat_activity hides other roles' waits from a role
     * without pg_read_all_stats, as in CI's run with separate owner and application roles).
     */
    private static void awaitWaitingOnLock(int holderPid, CompletableFuture<?> attempt) throws SQLException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        // its own connection, one transaction per look
        try (Connection observer = Databases.owner();
                PreparedStatement waiting = observer.prepareStatement("select count(*) from pg_locks "
                        + "where not granted and ? = any(pg_blocking_pids(pid))")) {
            waiting.setInt(1, holderPid);
            while (true) {
                try (ResultSet row = waiting.executeQuery()) {
                    row.next();
                    if (row.getInt(1) > 0) {
                        return;
                    }
                }
                assertTrue(!attempt.isDone(), "the attempt ended without waiting for the row: " + attempt);
                assertTrue(System.nanoTime() < deadline, "the attempt never waited for the row's lock");
                LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
            }
        }
    }

    private static int backendPid(Connection connection) throws SQLException {
        try (PreparedStatement pid = connection.prepareStatement("select pg_backend_pid()");
                ResultSet row = pid.executeQuery()) {
            row.next();
            return row.getInt(1);
        }
    }
}
