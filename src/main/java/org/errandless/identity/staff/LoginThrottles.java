package org.errandless.identity.staff;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import org.errandless.common.time.BusinessClock;

import io.quarkus.scheduler.Scheduled;

/**
 * The lockout state per normalised username. Counting is serialised per username with a row lock, so concurrent
 * wrong passwords cannot slip past the limit.
 */
@ApplicationScoped
public class LoginThrottles {

    @Inject
    EntityManager entityManager;
    @Inject
    BusinessClock clock;

    private final LockoutPolicy policy;

    @Inject
    public LoginThrottles(StaffConfig config) {
        this.policy = new LockoutPolicy(config.lockout().maxFailures(), config.lockout().duration());
    }

    /** The end of the lockout of this username in force at {@code now}, if any. */
    @Transactional(TxType.SUPPORTS)
    public Optional<Instant> lockedUntil(String username, Instant now) {
        LoginThrottle row = LoginThrottle.findById(username);
        return row == null ? Optional.empty() : policy.lockedUntil(row.state(), now);
    }

    /** Lockouts in force at {@code now} of several usernames (for listing accounts). */
    @Transactional(TxType.SUPPORTS)
    public Map<String, Instant> lockedUntil(Collection<String> usernames, Instant now) {
        if (usernames.isEmpty()) {
            return Map.of();
        }
        List<LoginThrottle> rows = LoginThrottle.list("username in ?1 and lockedUntil > ?2", usernames, now);
        return rows.stream().collect(Collectors.toMap(row -> row.username, row -> row.lockedUntil,
                (a, b) -> a));
    }

    /**
     * Counts a failed sign-in, committed at once (the caller's refusal must not roll it back).
     *
     * @return the lockout in force after it, if any, and whether this failure started it
     */
    @Transactional(TxType.REQUIRES_NEW)
    public Failure registerFailure(String username, Instant now) {
        LoginThrottle row = lockedRow(username, now);
        Optional<Instant> locked = policy.lockedUntil(row.state(), now);
        if (locked.isPresent()) {
            // a concurrent failure locked it meanwhile; that one started the lockout
            return new Failure(locked, false);
        }
        row.apply(policy.afterFailure(row.state(), now));
        return new Failure(Optional.ofNullable(row.lockedUntil), row.lockedUntil != null);
    }

    /**
     * The outcome of counting a failed sign-in.
     *
     * @param lockedUntil the end of the lockout in force, if any
     * @param lockoutStarted whether this very failure started it
     */
    public record Failure(Optional<Instant> lockedUntil, boolean lockoutStarted) {
    }

    /**
     * Clears the failures of a successful sign-in, in the caller's transaction.
     *
     * @return the lockout that a concurrent failure started meanwhile, if any: then the sign-in must be refused
     */
    @Transactional(TxType.MANDATORY)
    public Optional<Instant> clearAfterSuccess(String username, Instant now) {
        LoginThrottle row = entityManager.find(LoginThrottle.class, username, LockModeType.PESSIMISTIC_WRITE);
        if (row == null) {
            return Optional.empty();
        }
        Optional<Instant> locked = policy.lockedUntil(row.state(), now);
        if (locked.isEmpty()) {
            row.delete();
        }
        return locked;
    }

    /** Forgets every failure and any lockout of this username (an admin set a new password). */
    @Transactional(TxType.MANDATORY)
    public void clear(String username) {
        LoginThrottle.deleteById(username);
    }

    /**
     * Deletes the rows the policy no longer reads: no lockout in force and the last failure longer ago than a lockout
     * lasts (the failures are forgotten then anyway), so guessed usernames do not pile up.
     *
     * @return how many rows went
     */
    @Transactional
    public int purgeForgotten(Instant now) {
        Instant quietSince = now.minus(policy.duration());
        return (int) LoginThrottle.delete("(lockedUntil is null or lockedUntil <= ?1) and lastFailedAt < ?2", now,
                quietSince);
    }

    @Scheduled(identity = "staff-login-throttle-purge", every = "{errandless.identity.purge-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purge() {
        purgeForgotten(clock.now());
    }

    private LoginThrottle lockedRow(String username, Instant now) {
        // make sure the row exists without racing a concurrent first failure, then lock it
        entityManager.createNativeQuery("insert into staff_login_throttle (username, failed_count, last_failed_at) "
                + "values (?1, 0, ?2) on conflict (username) do nothing")
                .setParameter(1, username).setParameter(2, now).executeUpdate();
        return entityManager.find(LoginThrottle.class, username, LockModeType.PESSIMISTIC_WRITE);
    }
}
