package org.errandless.identity.verification;

import java.time.Duration;
import java.time.LocalDate;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.errandless.common.time.BusinessClock;

import io.quarkus.scheduler.Scheduled;

/**
 * Failed identity verifications per account and business day (Asia/Shanghai). A failure is counted in a transaction
 * of its own, so the refusal that follows cannot roll it back.
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

    /** Whether the account has used up today's failures. */
    @Transactional
    public boolean exhausted(UUID accountId) {
        Number failures = (Number) entityManager.createNativeQuery("select failures from "
                + "identity_verification_failure where account_id = ?1 and business_date = ?2")
                .setParameter(1, accountId).setParameter(2, clock.today()).getResultStream().findFirst().orElse(0);
        return failures.intValue() >= maxFailuresPerDay;
    }

    /** Counts a failure of today. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void recordFailure(UUID accountId) {
        entityManager.createNativeQuery("insert into identity_verification_failure (account_id, business_date, "
                + "failures) values (?1, ?2, 1) on conflict (account_id, business_date) do update set failures = "
                + "identity_verification_failure.failures + 1").setParameter(1, accountId)
                .setParameter(2, clock.today()).executeUpdate();
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
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purge() {
        purgePastDays();
    }

    public int maxFailuresPerDay() {
        return maxFailuresPerDay;
    }
}
