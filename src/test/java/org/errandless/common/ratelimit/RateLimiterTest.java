package org.errandless.common.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The limiter against real PostgreSQL. The business clock stands at 2026-09-30T02:00:00Z, the start of an hour, so a
 * one-hour window never rolls during a test; every test uses its own subjects.
 */
@QuarkusTest
class RateLimiterTest {

    @Inject
    RateLimiter limiter;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void allowsThePermitsThenRefusesUntilTheWindowEnds() {
        RateLimit limit = new RateLimit("test-hourly", 3, Duration.ofHours(1));
        String subject = UUID.randomUUID().toString();
        assertEquals(new RateDecision(true, 2, 0), limiter.acquire(limit, subject));
        assertEquals(new RateDecision(true, 1, 0), limiter.acquire(limit, subject));
        assertEquals(new RateDecision(true, 0, 0), limiter.acquire(limit, subject));
        RateDecision refused = limiter.acquire(limit, subject);
        assertFalse(refused.allowed());
        // the window is 02:00-03:00 and the clock stands at 02:00
        assertEquals(3600, refused.retryAfterSeconds());
        assertFalse(limiter.acquire(limit, subject).allowed());
    }

    @Test
    void aDailyLimitRunsFromMidnightToMidnightInChongqing() {
        RateLimit limit = RateLimit.perDay("test-daily-shanghai", 1, java.time.ZoneOffset.ofHours(8));
        String subject = UUID.randomUUID().toString();
        assertTrue(limiter.acquire(limit, subject).allowed());
        RateDecision refused = limiter.acquire(limit, subject);
        assertFalse(refused.allowed());
        // 02:00Z is 10:00 in Chongqing; the day ends at midnight there (16:00Z), 14 hours on, not at 00:00Z
        assertEquals(14 * 3600, refused.retryAfterSeconds());
    }

    @Test
    void subjectsAndLimitsCountApart() {
        RateLimit first = new RateLimit("test-apart-a", 1, Duration.ofMinutes(10));
        RateLimit second = new RateLimit("test-apart-b", 1, Duration.ofMinutes(10));
        String subject = UUID.randomUUID().toString();
        assertTrue(limiter.acquire(first, subject).allowed());
        assertFalse(limiter.acquire(first, subject).allowed());
        assertTrue(limiter.acquire(first, UUID.randomUUID().toString()).allowed());
        assertTrue(limiter.acquire(second, subject).allowed());
    }

    @Test
    void concurrentAcquisitionsNeverExceedThePermits() throws Exception {
        RateLimit limit = new RateLimit("test-concurrent", 10, Duration.ofHours(1));
        String subject = UUID.randomUUID().toString();
        int threads = 6;
        int perThread = 5;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> allowed = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                allowed.add(pool.submit(() -> {
                    start.await();
                    int count = 0;
                    for (int i = 0; i < perThread; i++) {
                        if (limiter.acquire(limit, subject).allowed()) {
                            count++;
                        }
                    }
                    return count;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> future : allowed) {
                total += future.get(60, TimeUnit.SECONDS);
            }
            assertEquals(10, total);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theSubjectIsStoredOnlyAsAKeyedHash() throws Exception {
        RateLimit limit = new RateLimit("test-stored", 5, Duration.ofHours(1));
        String subject = "198.51.100.77";
        limiter.acquire(limit, subject);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "select bucket, hits from rate_limit_counter where bucket like 'test-stored:%'")) {
            try (ResultSet rows = select.executeQuery()) {
                assertTrue(rows.next());
                assertFalse(rows.getString(1).contains(subject));
                assertTrue(rows.getInt(2) >= 1);
            }
        }
    }

    @Test
    void retryAfterRoundsUpToWholeSeconds() {
        Instant now = Instant.parse("2026-09-30T02:00:00.200Z");
        assertEquals(60, RateLimiter.secondsUntil(now, Instant.parse("2026-09-30T02:01:00Z")));
        assertEquals(1, RateLimiter.secondsUntil(now, now));
        assertEquals(1, RateLimiter.secondsUntil(now, now.plusMillis(1)));
    }

    @Test
    void limitsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new RateLimit("Bad Name", 1, Duration.ofHours(1)));
        assertThrows(IllegalArgumentException.class, () -> new RateLimit("zero", 0, Duration.ofHours(1)));
        assertThrows(IllegalArgumentException.class, () -> new RateLimit("short", 1, Duration.ofMillis(10)));
    }
}
