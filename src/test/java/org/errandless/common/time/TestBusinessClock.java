package org.errandless.common.time;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.Priority;
import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The business clock of the tests: the configured fixed instant (2026-09-30T02:00:00Z), which a test may move forward
 * by whole days to watch deadlines pass ({@link #advanceDays}) or by any duration ({@link #advance}), and must put
 * back with {@link #reset} (in a
 * {@code finally} or {@code @AfterEach}). Tests run one at a time, so the shift never leaks into another test that
 * resets it. A {@code @Singleton} (no client proxy: the production class has no no-args constructor). Only {@link #now()} and {@link #today()} move; the {@code java.time.Clock} the production class
 * produces stays fixed.
 */
@Alternative
@Priority(1)
@Singleton
public class TestBusinessClock extends BusinessClock {

    private static final AtomicReference<Duration> SHIFT = new AtomicReference<>(Duration.ZERO);

    @Inject
    public TestBusinessClock(@ConfigProperty(name = "errandless.clock.fixed") Optional<Instant> fixed) {
        super(fixed);
    }

    /** Moves "now" (and "today") forward by whole days from the fixed instant. */
    public static void advanceDays(int days) {
        SHIFT.set(Duration.ofDays(days));
    }

    /** Moves "now" forward by any duration from the fixed instant (minutes for session limits, seconds for TOTP). */
    public static void advance(Duration shift) {
        SHIFT.set(shift);
    }

    /** Back to the configured fixed instant. */
    public static void reset() {
        SHIFT.set(Duration.ZERO);
    }

    @Override
    public Instant now() {
        return super.now().plus(SHIFT.get());
    }

    @Override
    public LocalDate today() {
        return LocalDate.ofInstant(now(), ZONE);
    }
}
