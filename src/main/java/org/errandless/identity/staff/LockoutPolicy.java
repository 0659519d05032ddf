package org.errandless.identity.staff;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The lockout rule: {@code maxFailures} failed sign-ins in a row lock a username for {@code duration}.
 *
 * <p>"In a row" means without a successful sign-in between them and none more than {@code duration} after the
 * previous one: older failures are forgotten, as are those before an expired lockout. The failure that reaches the
 * limit is itself answered as a lockout. Attempts during a lockout change nothing (they are refused unchecked).
 */
public record LockoutPolicy(int maxFailures, Duration duration) {

    public LockoutPolicy {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("errandless.staff.lockout.max-failures must be at least 1");
        }
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("errandless.staff.lockout.duration must be positive");
        }
    }

    /**
     * What a username's throttle row holds.
     *
     * @param failedCount failed sign-ins counted so far
     * @param lastFailedAt the latest of them
     * @param lockedUntil end of the lockout, if one was set (it may have expired)
     */
    public record State(int failedCount, Instant lastFailedAt, Instant lockedUntil) {

        /** No failures at all. */
        public static final State CLEAN = new State(0, null, null);
    }

    /** The end of the lockout in force at {@code now}, if any. */
    public Optional<Instant> lockedUntil(State state, Instant now) {
        return state.lockedUntil() != null && state.lockedUntil().isAfter(now) ? Optional.of(state.lockedUntil())
                : Optional.empty();
    }

    /** The state after a failed sign-in at {@code now}; call only when not locked at {@code now}. */
    public State afterFailure(State state, Instant now) {
        boolean forgotten = state.failedCount() == 0
                || state.lockedUntil() != null
                || state.lastFailedAt() == null
                || !state.lastFailedAt().plus(duration).isAfter(now);
        int count = forgotten ? 1 : state.failedCount() + 1;
        return new State(count, now, count >= maxFailures ? now.plus(duration) : null);
    }

    /** Whole seconds until the lockout ends, at least 1: the {@code Retry-After} value. */
    public static long retryAfterSeconds(Instant lockedUntil, Instant now) {
        long millis = Duration.between(now, lockedUntil).toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }
}
