package org.errandless.common.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Subscribers of the live feed: they see the committed keys of their prefix in commit order, before the waiters of
 * those keys wake, never a rolled-back one, and are told to resynchronise at once when the listener already listens
 * and again after it reconnects. Every wait is bounded; nothing sleeps.
 */
@QuarkusTest
class LiveFeedSubscriptionTest {

    private static final Duration LONG = Duration.ofSeconds(60);

    @Inject
    LiveFeed feed;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void aSubscriberSeesItsPrefixInCommitOrderBeforeTheWaiters() throws Exception {
        long connection = feed.whenListening().toCompletableFuture().get(60, TimeUnit.SECONDS);
        String prefix = "test-" + UUID.randomUUID() + ":";
        Recorder recorder = new Recorder();
        feed.follow(prefix, recorder);
        assertTrue(recorder.resyncs.poll(60, TimeUnit.SECONDS) >= connection, "told to resynchronise at once");

        String rolledBack = prefix + "rolled-back";
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                feed.publish(rolledBack);
                throw new IllegalStateException("roll back");
            });
        } catch (IllegalStateException expected) {
            // the publish goes with the transaction
        }
        String first = prefix + "first";
        String second = prefix + "second";
        // what a subscriber has seen when a waiter of the same key wakes
        CompletableFuture<List<String>> seenAtWake = feed.register(second, LONG)
                .thenApply(woken -> List.copyOf(recorder.keys));
        QuarkusTransaction.requiringNew().run(() -> feed.publish(first));
        QuarkusTransaction.requiringNew().run(() -> {
            feed.publish("other-prefix:" + UUID.randomUUID());
            feed.publish(second);
        });
        assertEquals(List.of(first, second), seenAtWake.get(60, TimeUnit.SECONDS));
    }

    @Test
    void aReconnectedListenerAsksSubscribersToResynchronise() throws Exception {
        long before = feed.whenListening().toCompletableFuture().get(60, TimeUnit.SECONDS);
        Recorder recorder = new Recorder();
        feed.follow("test-" + UUID.randomUUID() + ":", recorder);
        assertEquals(before, recorder.resyncs.poll(60, TimeUnit.SECONDS));

        try (Connection connection = dataSource.getConnection();
                PreparedStatement terminate = connection.prepareStatement("select pg_terminate_backend(pid) "
                        + "from pg_stat_activity where application_name = ? and datname = current_database()")) {
            terminate.setString(1, LiveFeed.APPLICATION_NAME);
            try (ResultSet result = terminate.executeQuery()) {
                assertTrue(result.next() && result.getBoolean(1));
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
        Long after = recorder.resyncs.poll(60, TimeUnit.SECONDS);
        assertTrue(after != null && after > before, "resynchronised on the new connection");
    }

    private static final class Recorder implements LiveFeed.Subscriber {
        final List<String> keys = new CopyOnWriteArrayList<>();
        final LinkedBlockingQueue<Long> resyncs = new LinkedBlockingQueue<>();

        @Override
        public void published(String key) {
            keys.add(key);
        }

        @Override
        public void resynchronise(long connection) {
            resyncs.add(connection);
        }
    }
}
