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
 * The lockout state per normalised username. Every attempt is counted before its password is checked ({@link #admit}),
 * serialised per username with a row lock, so a burst of concurrent attempts gets no more password checks than the
 * limit allows.
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
     * Counts a sign-in attempt as a failure before its password is checked, committed at once, unless a lockout is in
     * force. Only an admitted attempt may check its password: of any number of concurrent attempts at most the
     * policy's {@code maxFailures} are admitted before a lockout, whatever their passwords, and the attempt that takes
     * the last one starts the lockout at once (it still checks its own password). A wrong password needs nothing
     * further; a right one clears the count ({@link #clearAfterSuccess}).
     *
     * @return admitted (with the lockout this attempt started, if it did), or refused with the lockout in force
     */
    @Transactional(TxType.REQUIRES_NEW)
    public Attempt admit(String username, Instant now) {
        LoginThrottle row = lockedRow(username, now);
        Optional<Instant> locked = policy.lockedUntil(row.state(), now);
        if (locked.isPresent()) {
            return new Attempt(false, locked);
        }
        row.apply(policy.afterFailure(row.state(), now));
        return new Attempt(true, Optional.ofNullable(row.lockedUntil));
    }

    /**
     * A sign-in attempt as {@link #admit} decided it.
     *
     * @param admitted whether it may check its password (it is counted as a failure until it succeeds)
     * @param lockedUntil when refused: the lockout in force; when admitted: the lockout this attempt started, which
     *        holds if its password is wrong
     */
    public record Attempt(boolean admitted, Optional<Instant> lockedUntil) {
    }

    /**
     * Clears the failures of a successful sign-in, in the caller's transaction: an admitted attempt with the right
     * password signs in even where the other attempts of a burst have used up the count meanwhile (each of them was
     * a guess the limit allowed).
     */
    @Transactional(TxType.MANDATORY)
    public void clearAfterSuccess(String username) {
        LoginThrottle.deleteById(username);
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
            delayed = "{errandless.jobs.first-run-after}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purge() {
        purgeForgotten(clock.now());
    }

    private LoginThrottle lockedRow(String username, Instant now) {
        while (true) {
            // make sure the row exists without racing a concurrent first failure, then lock it. The lock may find
            // it gone: a concurrent attempt that held it signed in and deleted it (clearAfterSuccess) while this one
            // waited; then this attempt counts from a new row, like one that came just after the success
            entityManager.createNativeQuery("insert into staff_login_throttle (username, failed_count, last_failed_at) "
                    + "values (?1, 0, ?2) on conflict (username) do nothing")
                    .setParameter(1, username).setParameter(2, now).executeUpdate();
            LoginThrottle row = entityManager.find(LoginThrottle.class, username, LockModeType.PESSIMISTIC_WRITE);
            if (row != null) {
                return row;
            }
        }
    }
}
