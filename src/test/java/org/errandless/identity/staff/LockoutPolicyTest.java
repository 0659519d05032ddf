package org.errandless.identity.staff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.errandless.common.security.Roles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The lockout rule, on instants chosen by the test (no clock involved). */
class LockoutPolicyTest {

    private static final Duration FIFTEEN_MINUTES = Duration.ofMinutes(15);
    private static final LockoutPolicy POLICY = new LockoutPolicy(5, FIFTEEN_MINUTES);
    private static final Instant T0 = Instant.parse("2026-09-30T02:00:00Z");

    @Test
    void fifthFailureInARowLocksForTheDuration() {
        LockoutPolicy.State state = LockoutPolicy.State.CLEAN;
        for (int i = 1; i <= 4; i++) {
            state = POLICY.afterFailure(state, T0.plusSeconds(i));
            assertEquals(i, state.failedCount());
            assertTrue(POLICY.lockedUntil(state, T0.plusSeconds(i)).isEmpty());
        }
        state = POLICY.afterFailure(state, T0.plusSeconds(5));
        Instant end = T0.plusSeconds(5).plus(FIFTEEN_MINUTES);
        assertEquals(Optional.of(end), POLICY.lockedUntil(state, T0.plusSeconds(5)));
        assertEquals(Optional.of(end), POLICY.lockedUntil(state, end.minusNanos(1)));
        assertTrue(POLICY.lockedUntil(state, end).isEmpty(), "the lockout ends at its end");
    }

    @Test
    void failuresAfterAnExpiredLockoutStartAfresh() {
        LockoutPolicy.State state = LockoutPolicy.State.CLEAN;
        for (int i = 0; i < 5; i++) {
            state = POLICY.afterFailure(state, T0);
        }
        Instant later = T0.plus(FIFTEEN_MINUTES);
        state = POLICY.afterFailure(state, later);
        assertEquals(1, state.failedCount());
        assertTrue(POLICY.lockedUntil(state, later).isEmpty());
    }

    @Test
    void aQuietPeriodForgetsEarlierFailures() {
        LockoutPolicy.State state = LockoutPolicy.State.CLEAN;
        for (int i = 0; i < 4; i++) {
            state = POLICY.afterFailure(state, T0);
        }
        assertEquals(1, POLICY.afterFailure(state, T0.plus(FIFTEEN_MINUTES)).failedCount());
        assertEquals(5, POLICY.afterFailure(state, T0.plus(FIFTEEN_MINUTES).minusNanos(1)).failedCount());
    }

    @ParameterizedTest
    @CsvSource({ "0, 1", "1, 1", "999, 1", "1000, 1", "1001, 2", "900000, 900", "899001, 900" })
    void retryAfterRoundsUpToWholeSeconds(long millis, long seconds) {
        assertEquals(seconds, LockoutPolicy.retryAfterSeconds(T0.plusMillis(millis), T0));
    }

    @Test
    void refusesNonsenseSettings() {
        assertThrows(IllegalArgumentException.class, () -> new LockoutPolicy(0, FIFTEEN_MINUTES));
        assertThrows(IllegalArgumentException.class, () -> new LockoutPolicy(5, Duration.ZERO));
    }

    @Test
    void staffRolesAreTheTokenRoles() {
        assertEquals(Roles.OFFICER, StaffRole.OFFICER.name());
        assertEquals(Roles.SUPERVISOR, StaffRole.SUPERVISOR.name());
        assertEquals(Roles.ADMIN, StaffRole.ADMIN.name());
    }

    static Stream<Long> seeds() {
        return LongStream.range(0, 2000).map(seed -> seed * 7919 + 20261128).boxed();
    }

    /**
     * Random attempt sequences against a plain restatement of the rule: an attempt is refused while locked;
     * otherwise the username locks exactly when it completes a run of {@code max} failures, each less than the
     * duration after the one before, none before the end of an earlier lockout.
     */
    @ParameterizedTest
    @MethodSource("seeds")
    void agreesWithAPlainRestatement(long seed) {
        Random random = new Random(seed);
        int max = 1 + random.nextInt(6);
        Duration duration = Duration.ofSeconds(1 + random.nextInt(1200));
        LockoutPolicy policy = new LockoutPolicy(max, duration);

        LockoutPolicy.State state = LockoutPolicy.State.CLEAN;
        List<Instant> run = new ArrayList<>();
        Instant lockEnd = null;
        Instant now = T0;
        for (int attempt = 0; attempt < 40; attempt++) {
            now = now.plusMillis(random.nextInt((int) duration.toMillis() * 2 / Math.max(1, max) + 1));
            boolean expectLocked = lockEnd != null && now.isBefore(lockEnd);
            assertEquals(expectLocked, policy.lockedUntil(state, now).isPresent(), "seed " + seed);
            if (expectLocked) {
                continue;
            }
            boolean success = random.nextInt(5) == 0;
            if (success) {
                // a success deletes the row
                state = LockoutPolicy.State.CLEAN;
                run.clear();
                lockEnd = null;
                continue;
            }
            if (lockEnd != null || (!run.isEmpty() && !run.get(run.size() - 1).plus(duration).isAfter(now))) {
                run.clear();
                lockEnd = null;
            }
            run.add(now);
            state = policy.afterFailure(state, now);
            assertEquals(run.size(), state.failedCount(), "seed " + seed);
            if (run.size() >= max) {
                lockEnd = now.plus(duration);
                assertEquals(Optional.of(lockEnd), policy.lockedUntil(state, now), "seed " + seed);
            } else {
                assertFalse(policy.lockedUntil(state, now).isPresent(), "seed " + seed);
            }
        }
    }
}
