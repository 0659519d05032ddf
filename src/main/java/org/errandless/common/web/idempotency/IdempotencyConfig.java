package org.errandless.common.web.idempotency;

import java.time.Duration;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the {@code Idempotency-Key} mechanism ({@link Idempotent}). */
@ConfigMapping(prefix = "errandless.idempotency")
public interface IdempotencyConfig {

    /** How long a key is remembered from its first use; afterwards it behaves as new (API.md: at least 24 h). */
    @WithDefault("24H")
    Duration retention();

    /**
     * How long a claim may stay in flight before another request with the same key may take it over: the request
     * holding it is presumed dead. Only the fallback: a claim whose instance is gone (its live-feed listener session
     * has ended) is taken over at once. Longer than the slowest idempotent request.
     */
    @WithDefault("60S")
    Duration inFlightTimeout();

    /**
     * How long a retry that meets a claim in flight whose holder still looks alive keeps looking before it answers
     * 409 {@code idempotency-key-in-flight}: the database needs a moment to end the session of an instance that has
     * just died (under load, tens of milliseconds after {@code kill -9}), and a first request that finishes meanwhile
     * is replayed instead of refused. The retry holds no connection while it waits. {@code 0} answers at once.
     */
    @WithDefault("500MS")
    Duration inFlightGrace();

    /** How often a waiting retry looks again, within {@link #inFlightGrace()}. */
    @WithDefault("50MS")
    Duration inFlightRecheck();

    /**
     * How long an answer that carries tokens or secrets ({@link SecretAnswer}) can be replayed: long enough to retry
     * a lost answer. Then its body is deleted from the database.
     */
    @WithDefault("60S")
    Duration secretRetryWindow();

    /**
     * How often secret answers past their retry window are deleted ({@code off} disables the job, e.g. in tests; a
     * retry that meets one deletes it too).
     */
    @WithDefault("10S")
    String forgetEvery();

    /** How often expired records are purged ({@code off} disables the job, e.g. in tests). */
    @WithDefault("1H")
    String purgeEvery();

    /**
     * How much of a request body goes into the request hash. Larger bodies (uploads) are hashed by their first
     * bytes and their length, so they need not be held in memory.
     */
    @WithDefault("1M")
    MemorySize maxHashedBodySize();
}
