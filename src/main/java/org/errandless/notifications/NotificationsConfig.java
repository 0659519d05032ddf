package org.errandless.notifications;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the outbox dispatcher works through the outbox. */
@ConfigMapping(prefix = "errandless.notifications")
public interface NotificationsConfig {

    /**
     * How often the dispatcher looks for due messages (a Quarkus scheduler interval such as {@code 1s}); {@code off}
     * leaves dispatching to explicit calls (tests).
     */
    @WithDefault("1s")
    String dispatchEvery();

    /** How often SENT and FAILED messages past the {@link #retention()} are deleted; {@code off} in tests. */
    @WithDefault("1h")
    String purgeEvery();

    /**
     * Messages claimed at once. Times the longest send of a channel's gateway (every try at its connect plus read
     * timeout, and the pauses between tries: 40.5 s with the default HTTP settings) it must stay under
     * {@link #claimLease()}, or the application refuses to start.
     */
    @WithDefault("5")
    int batchSize();

    /** Delivery attempts before a message is FAILED. */
    @WithDefault("5")
    int maxAttempts();

    /** Wait after the first failed attempt; doubled after each further one. */
    @WithDefault("30S")
    Duration retryBackoff();

    /** Longest wait between attempts. */
    @WithDefault("30M")
    Duration maxRetryBackoff();

    /**
     * How long claimed messages are reserved for the dispatcher that claimed them, counted from the moment of the claim
     * on the database's clock. If that instance dies mid-batch, its messages are due again after this (and go out
     * under their idempotency keys); it must exceed the time one batch can take ({@link #batchSize()} times the
     * longest send).
     */
    @WithDefault("4M")
    Duration claimLease();

    /**
     * How long SENT and FAILED messages stay in the outbox (for operators and the admin view); older ones are deleted.
     * The citizen's own list of status-change messages is kept apart and is not affected.
     */
    @WithDefault("90D")
    Duration retention();
}
