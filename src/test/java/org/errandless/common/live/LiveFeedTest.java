package org.errandless.common.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The live feed against the real PostgreSQL: waits end on commits of other transactions, never on rollbacks, time out
 * empty, scale to many waiters on the one listener connection, and survive the loss of that connection. Every wait is
 * bounded generously (a failure, not a hang) and nothing sleeps: order comes from the single listener connection,
 * which delivers notifications in commit order.
 */
@QuarkusTest
class LiveFeedTest {

    private static final Duration LONG = Duration.ofSeconds(60);

    @Inject
    LiveFeed feed;
    @Inject
    AgroalDataSource dataSource;

    @BeforeEach
    void listenerIsUp() throws Exception {
        feed.whenListening().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    @Test
    void aWaiterWakesWhenAnotherTransactionCommitsAPublish() throws Exception {
        String key = UUID.randomUUID().toString();
        CompletableFuture<Boolean> waiter = feed.register(key, LONG);
        CompletableFuture<Boolean> other = feed.register(UUID.randomUUID().toString(), LONG);
        QuarkusTransaction.requiringNew().run(() -> feed.publish(key));
        assertTrue(waiter.get(60, TimeUnit.SECONDS));
        assertFalse(other.isDone(), "a publish wakes the waiters of its key only");
        other.cancel(false);
    }

    @Test
    void theUniAnswersOnAWorkerThread() {
        String key = UUID.randomUUID().toString();
        var change = feed.awaitChange(key, LONG);
        QuarkusTransaction.requiringNew().run(() -> feed.publish(key));
        String[] thread = new String[1];
        assertTrue(change.invoke(() -> thread[0] = Thread.currentThread().getName()).await().atMost(LONG));
        assertNotEquals("live-feed-listener", thread[0]);
    }

    @Test
    void aRolledBackPublishWakesNobody() throws Exception {
        String rolledBack = UUID.randomUUID().toString();
        String committed = UUID.randomUUID().toString();
        CompletableFuture<Boolean> notWoken = feed.register(rolledBack, LONG);
        CompletableFuture<Boolean> woken = feed.register(committed, LONG);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> QuarkusTransaction.requiringNew().run(() -> {
                    feed.publish(rolledBack);
                    throw new IllegalStateException("the change fails after its publish");
                }));
        QuarkusTransaction.requiringNew().run(() -> feed.publish(committed));
        // notifications arrive in commit order on one connection: had the first been delivered, it came before this
        assertTrue(woken.get(60, TimeUnit.SECONDS));
        assertFalse(notWoken.isDone());
        notWoken.cancel(false);
    }

    @Test
    void aWaitWithoutPublishTimesOutEmpty() throws Exception {
        assertFalse(feed.register(UUID.randomUUID().toString(), Duration.ofMillis(20)).get(60, TimeUnit.SECONDS));
        assertFalse(feed.awaitChange(UUID.randomUUID().toString(), Duration.ofMillis(20)).await().atMost(LONG));
    }

    @Test
    void publishingNeedsATransaction() {
        org.junit.jupiter.api.Assertions.assertThrows(jakarta.transaction.TransactionalException.class,
                () -> feed.publish("outside"));
    }

    @Test
    void aThousandWaitersShareTheOneListenerConnection() throws Exception {
        List<String> keys = new ArrayList<>();
        List<CompletableFuture<Boolean>> waiters = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            // 500 keys, two waiters each
            if (i % 2 == 0) {
                keys.add(UUID.randomUUID().toString());
            }
            waiters.add(feed.register(keys.get(keys.size() - 1), LONG));
        }
        assertTrue(feed.waiting() >= 1_000);
        assertEquals(1, listenerConnections());
        QuarkusTransaction.requiringNew().run(() -> keys.forEach(feed::publish));
        CompletableFuture.allOf(waiters.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        for (CompletableFuture<Boolean> waiter : waiters) {
            assertTrue(waiter.join());
        }
        assertEquals(1, listenerConnections());
    }

    @Test
    void aTerminatedListenerWakesItsWaitersAndReconnects() throws Exception {
        long before = feed.whenListening().toCompletableFuture().get(60, TimeUnit.SECONDS);
        int pid = listenerPid();
        CompletableFuture<Boolean> waiter = feed.register(UUID.randomUUID().toString(), LONG);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement terminate = connection.prepareStatement("select pg_terminate_backend(?)")) {
            terminate.setInt(1, pid);
            try (ResultSet result = terminate.executeQuery()) {
                assertTrue(result.next() && result.getBoolean(1));
            }
        }
        // woken so it re-checks: a publish may have been missed while nobody listened
        assertTrue(waiter.get(60, TimeUnit.SECONDS));
        long after = feed.whenListening().toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertTrue(after > before, "a new connection listens");
        assertNotEquals(pid, listenerPid());

        String key = UUID.randomUUID().toString();
        CompletableFuture<Boolean> next = feed.register(key, LONG);
        QuarkusTransaction.requiringNew().run(() -> feed.publish(key));
        assertTrue(next.get(60, TimeUnit.SECONDS));
    }

    @Test
    void aSubscriptionIsCalledOnEveryPublishOfItsKeyUntilClosed() throws Exception {
        String key = UUID.randomUUID().toString();
        BlockingQueue<String> calls = new LinkedBlockingQueue<>();
        LiveFeed.Subscription subscription = feed.subscribe(key, () -> calls.add(Thread.currentThread().getName()));
        QuarkusTransaction.requiringNew().run(() -> feed.publish(key));
        assertNotNull(calls.poll(60, TimeUnit.SECONDS), "called after the first publish");
        QuarkusTransaction.requiringNew().run(() -> feed.publish(key));
        assertNotNull(calls.poll(60, TimeUnit.SECONDS), "and after the second: no gap between two wake-ups");
        assertTrue(feed.subscribed() >= 1);

        subscription.close();
        String other = UUID.randomUUID().toString();
        CompletableFuture<Boolean> later = feed.register(other, LONG);
        QuarkusTransaction.requiringNew().run(() -> feed.publish(key));
        QuarkusTransaction.requiringNew().run(() -> feed.publish(other));
        // notifications arrive in commit order: once the later one woke its waiter, the earlier one was handled
        assertTrue(later.get(60, TimeUnit.SECONDS));
        assertTrue(calls.isEmpty(), "a closed subscription is not called");
    }

    @Test
    void afterAReconnectSubscribersReCheckAndTheFeedReportsItsGap() throws Exception {
        assertTrue(feed.disconnectedFor().isEmpty(), "no gap while listening");
        long before = feed.whenListening().toCompletableFuture().get(60, TimeUnit.SECONDS);
        BlockingQueue<Boolean> calls = new LinkedBlockingQueue<>();
        try (LiveFeed.Subscription subscription = feed.subscribe(UUID.randomUUID().toString(),
                () -> calls.add(true))) {
            CompletableFuture<Boolean> waiter = feed.register(UUID.randomUUID().toString(), LONG);
            terminateListener();
            assertNotNull(calls.poll(60, TimeUnit.SECONDS), "a subscriber re-checks after the reconnect");
            assertTrue(waiter.get(60, TimeUnit.SECONDS), "and so does a waiter");
            assertTrue(feed.whenListening().toCompletableFuture().get(60, TimeUnit.SECONDS) > before);
            assertTrue(feed.disconnectedFor().isEmpty());
        }
    }

    private void terminateListener() throws SQLException {
        int pid = listenerPid();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement terminate = connection.prepareStatement("select pg_terminate_backend(?)")) {
            terminate.setInt(1, pid);
            try (ResultSet result = terminate.executeQuery()) {
                assertTrue(result.next() && result.getBoolean(1));
            }
        }
    }

    private int listenerConnections() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement count = connection.prepareStatement("select count(*) from pg_stat_activity "
                        + "where application_name = ? and datname = current_database()")) {
            count.setString(1, LiveFeed.APPLICATION_NAME);
            try (ResultSet result = count.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        }
    }

    private int listenerPid() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("select pid from pg_stat_activity "
                        + "where application_name = ? and datname = current_database()")) {
            select.setString(1, LiveFeed.APPLICATION_NAME);
            try (ResultSet result = select.executeQuery()) {
                assertTrue(result.next(), "the listener connection is there");
                int pid = result.getInt(1);
                assertFalse(result.next(), "one listener connection");
                return pid;
            }
        }
    }
}
