package org.errandless.common.ratelimit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import org.errandless.common.crypto.PersonalDataProtector;
import org.errandless.common.time.BusinessClock;
import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;

/**
 * Fixed-window rate limits kept in PostgreSQL, so every instance of the application shares them.
 *
 * <p>Each (limit, subject, window) has one counter row in {@code rate_limit_counter}. An acquisition is a single
 * {@code INSERT ... ON CONFLICT DO UPDATE ... WHERE hits < permits RETURNING hits}: the row lock makes concurrent
 * acquisitions count one by one, and a refused acquisition does not count, so a client that keeps knocking is let in
 * again as soon as the window ends. Windows are aligned to the epoch (a one-hour window runs from the full hour), so
 * a burst straddling two windows may get up to twice the permits; limits that must hold in any sliding window are
 * kept by their feature (the OTP codes per phone are counted from the challenges themselves).
 *
 * <p>An acquisition is that one statement, committed on its own (autocommit): a request that fails afterwards has still
 * used its permit, and the counter's row lock is never held for the rest of the caller's work. It must be called with
 * no transaction open ({@code TxType.NEVER}, else {@code TransactionalException}): inside one, the caller would hold
 * its own pooled connection while this took a second, and a burst of such requests could take every connection of the
 * pool and wait for more forever. Subjects (addresses, phone numbers) are stored only as a keyed hash, so the table
 * reveals nobody. Counters of ended windows are purged periodically.
 */
@ApplicationScoped
public class RateLimiter {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class);

    private static final String ACQUIRE = "insert into rate_limit_counter (bucket, window_start, hits, expires_at) "
            + "values (?, ?, 1, ?) on conflict (bucket, window_start) do update set hits = rate_limit_counter.hits + 1 "
            + "where rate_limit_counter.hits < ? returning hits";

    @Inject
    AgroalDataSource dataSource;
    @Inject
    BusinessClock clock;

    private final SecretKeySpec subjectKey;

    @Inject
    public RateLimiter(PersonalDataProtector protector) {
        byte[] key = protector.deriveKey("rate-limit-subjects", 32);
        this.subjectKey = new SecretKeySpec(key, "HmacSHA256");
        Arrays.fill(key, (byte) 0);
    }

    /**
     * Takes one permit of {@code limit} for {@code subject} in the current window, if one is left.
     *
     * @param limit the limit
     * @param subject who is limited, e.g. a client address or a phone number; only its keyed hash is stored
     * @return allowed with what remains, or refused with the seconds until the window ends
     * @throws jakarta.transaction.TransactionalException when called inside a transaction
     */
    @Transactional(TxType.NEVER)
    public RateDecision acquire(RateLimit limit, String subject) {
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(subject, "subject");
        Instant now = clock.now();
        long windowMillis = limit.window().toMillis();
        long alignment = Math.floorMod(limit.alignment().toMillis(), windowMillis);
        Instant windowStart = Instant.ofEpochMilli(
                Math.floorDiv(now.toEpochMilli() - alignment, windowMillis) * windowMillis + alignment);
        Instant windowEnd = windowStart.plus(limit.window());
        try (Connection connection = dataSource.getConnection();
                PreparedStatement acquire = connection.prepareStatement(ACQUIRE)) {
            acquire.setString(1, limit.name() + ":" + hash(subject));
            acquire.setObject(2, OffsetDateTime.ofInstant(windowStart, ZoneOffset.UTC));
            acquire.setObject(3, OffsetDateTime.ofInstant(windowEnd, ZoneOffset.UTC));
            acquire.setInt(4, limit.permits());
            try (ResultSet rows = acquire.executeQuery()) {
                if (rows.next()) {
                    return new RateDecision(true, Math.max(0, limit.permits() - rows.getInt(1)), 0);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not count against the rate limit " + limit.name(), e);
        }
        return new RateDecision(false, 0, secondsUntil(now, windowEnd));
    }

    /** Deletes the counters of windows that have ended. */
    @Scheduled(identity = "rate-limit-purge", every = "{errandless.rate-limits.purge-every}",
            delayed = "{errandless.jobs.first-run-after}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void purgeEndedWindows() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement purge = connection.prepareStatement(
                        "delete from rate_limit_counter where expires_at <= ?")) {
            purge.setObject(1, OffsetDateTime.ofInstant(clock.now(), ZoneOffset.UTC));
            int purged = purge.executeUpdate();
            if (purged > 0) {
                LOG.debugf("Purged %d rate-limit counters of ended windows", purged);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not purge rate-limit counters", e);
        }
    }

    /** Whole seconds from {@code now} until {@code end}, rounded up, at least 1. */
    static long secondsUntil(Instant now, Instant end) {
        Duration left = Duration.between(now, end);
        long seconds = left.getSeconds() + (left.getNano() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }

    private String hash(String subject) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(subjectKey);
            byte[] digest = mac.doFinal(subject.getBytes(StandardCharsets.UTF_8));
            // 128 bits tell subjects apart well enough and keep the key short
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
