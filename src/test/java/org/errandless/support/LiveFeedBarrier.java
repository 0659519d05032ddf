package org.errandless.support;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.errandless.common.live.LiveFeed;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Waits until this instance's live-feed listener has handed on every notification committed before the call: it
 * publishes a key of its own and waits for it to come back. PostgreSQL delivers notifications in commit order and the
 * listener hands each to the followers before waking the key's waiters, so when the own key is heard, every earlier
 * change has reached the in-memory mirrors (answers kept, profiles). For tests whose next step depends on a mirror
 * being settled: a read expected to be kept must not race the echo of the change before it.
 */
public final class LiveFeedBarrier {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private LiveFeedBarrier() {
    }

    /** Returns once the listener heard everything committed so far; fails the test when it does not in a minute. */
    public static void await(LiveFeed feed) {
        String key = "test:barrier:" + UUID.randomUUID();
        CompletableFuture<Boolean> heard = feed.register(key, PATIENCE);
        QuarkusTransaction.requiringNew().run(() -> feed.publish(key));
        try {
            assertTrue(heard.get(PATIENCE.toSeconds() + 10, TimeUnit.SECONDS),
                    "the live feed did not deliver its own notification within " + PATIENCE);
        } catch (Exception e) {
            throw new AssertionError("waiting for the live feed", e);
        }
    }
}
