package org.errandless.identity.verification;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.errandless.common.time.BusinessClock;

import io.quarkus.scheduler.Scheduled;

/**
 * Failed identity verifications per account and business day (Asia/Shanghai), counted so that a burst of parallel
 * attempts cannot get past the limit.
 *
 * <p>An attempt first {@linkplain #reserve reserves} a failure: one conditional upsert adds 1 to the day's count
 * unless the count has reached the limit, and answers whether it did. Only an attempt holding a reservation may ask a
 * provider, so of any number of concurrent attempts at most the day's remaining failures reach one. The rule counts
 * failures only, so an attempt that does not fail (it passed, the provider gave no verdict, the identity is bound to
 * another account, the photo was unusable, ...) {@linkplain #release gives its reservation back}; one that fails keeps
 * it, and so the failure is counted before the provider has even answered, in a transaction of its own that the
 * refusal cannot roll back. While attempts are in flight the count therefore includes them: the sixth of six parallel
 * attempts is refused even if one of the first five then passes (and an instance that dies mid-attempt leaves its
 * reservation counted until the day ends: it errs on the side of the limit).
 *
 * <p>Both statements commit on their own; call them with no transaction open.
 */
@ApplicationScoped
public class VerificationAttempts {

    @Inject
    EntityManager entityManager;
    @Inject
    BusinessClock clock;

    /** Failures an account may have in a day; the next attempt that day is refused. */
    @ConfigProperty(name = "errandless.identity-verification.max-failures-per-day", defaultValue = "5")
    int maxFailuresPerDay;

    /**
     * A failure counted in advance for an attempt in flight.
     *
     * @param businessDate the day it counts against (a release after midnight gives it back to that day)
     */
    public record Reservation(UUID accountId, LocalDate businessDate) {
    }

    /**
     * Counts a failure of today in advance, unless today's failures are used up.
     *
     * @return the reservation, or empty when the account must wait for tomorrow
     */
    @Transactional(TxType.REQUIRES_NEW)
    public Optional<Reservation> reserve(UUID accountId) {
        LocalDate today = clock.today();
        boolean reserved = !entityManager.createNativeQuery("insert into identity_verification_failure (account_id, "
                + "business_date, failures) values (?1, ?2, 1) on conflict (account_id, business_date) do update set "
                + "failures = identity_verification_failure.failures + 1 where identity_verification_failure.failures "
                + "< ?3 returning failures").setParameter(1, accountId).setParameter(2, today)
                .setParameter(3, maxFailuresPerDay).getResultList().isEmpty();
        return reserved ? Optional.of(new Reservation(accountId, today)) : Optional.empty();
    }

    /** Gives a reservation back: the attempt did not fail. */
    @Transactional(TxType.REQUIRES_NEW)
    public void release(Reservation reservation) {
        entityManager.createNativeQuery("update identity_verification_failure set failures = failures - 1 where "
                + "account_id = ?1 and business_date = ?2 and failures > 0")
                .setParameter(1, reservation.accountId()).setParameter(2, reservation.businessDate()).executeUpdate();
    }

    /** Seconds until the next business day begins, when the count starts afresh. */
    public long secondsUntilTomorrow() {
        LocalDate tomorrow = clock.today().plusDays(1);
        return Math.max(1, Duration.between(clock.now(), tomorrow.atStartOfDay(BusinessClock.ZONE)).getSeconds());
    }

    /**
     * Deletes the counts of past days, which are no longer read (the audit trail keeps each failure).
     *
     * @return how many rows went
     */
    @Transactional
    public int purgePastDays() {
        return entityManager.createNativeQuery("delete from identity_verification_failure where business_date < ?1")
                .setParameter(1, clock.today()).executeUpdate();
    }

    @Scheduled(identity = "identity-verification-failure-purge", every = "{errandless.identity.purge-every}",
            delayed = "{errandless.jobs.first-run-after}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purge() {
        purgePastDays();
    }

    public int maxFailuresPerDay() {
        return maxFailuresPerDay;
    }
}
