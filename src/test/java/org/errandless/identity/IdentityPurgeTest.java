package org.errandless.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.errandless.common.time.BusinessClock;
import org.errandless.identity.staff.LoginThrottles;
import org.errandless.identity.staff.StaffConfig;
import org.errandless.identity.verification.VerificationAttempts;
import org.errandless.support.TestCitizens;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/** The clean-up of throttling state the rules no longer read; rows still in force stay. */
@QuarkusTest
class IdentityPurgeTest {

    @Inject
    LoginThrottles throttles;
    @Inject
    VerificationAttempts attempts;
    @Inject
    StaffConfig staffConfig;
    @Inject
    BusinessClock clock;
    @Inject
    EntityManager entityManager;

    @Test
    void forgottenLoginFailuresGoWhileLockoutsAndRecentFailuresStay() {
        Duration lockout = staffConfig.lockout().duration();
        Instant now = clock.now();
        String old = "purge-old-" + UUID.randomUUID().toString().substring(0, 8);
        String recent = "purge-recent-" + UUID.randomUUID().toString().substring(0, 8);
        String locked = "purge-locked-" + UUID.randomUUID().toString().substring(0, 8);
        QuarkusTransaction.requiringNew().run(() -> {
            insertThrottle(old, now.minus(lockout).minusSeconds(1), null);
            insertThrottle(recent, now.minusSeconds(5), null);
            // a lockout still in force stays, however old the failure that started it
            insertThrottle(locked, now.minus(lockout.multipliedBy(2)), now.plusSeconds(60));
        });

        assertTrue(throttles.purgeForgotten(now) >= 1);

        List<?> left = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                "select username from staff_login_throttle where username in (?1, ?2, ?3)")
                .setParameter(1, old).setParameter(2, recent).setParameter(3, locked).getResultList());
        assertFalse(left.contains(old));
        assertTrue(left.contains(recent));
        assertTrue(left.contains(locked));
    }

    @Test
    void pastDaysVerificationFailuresGoTodaysStay() {
        UUID account = TestCitizens.signIn().accountId();
        LocalDate today = clock.today();
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                "insert into identity_verification_failure (account_id, business_date, failures) values "
                        + "(?1, ?2, 3), (?1, ?3, 1)")
                .setParameter(1, account).setParameter(2, today.minusDays(1)).setParameter(3, today)
                .executeUpdate());

        assertTrue(attempts.purgePastDays() >= 1);

        List<?> days = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                "select business_date from identity_verification_failure where account_id = ?1")
                .setParameter(1, account).getResultList());
        assertEquals(1, days.size());
        assertEquals(today, days.get(0));
    }

    private void insertThrottle(String username, Instant lastFailedAt, Instant lockedUntil) {
        entityManager.createNativeQuery("insert into staff_login_throttle (username, failed_count, last_failed_at, "
                + "locked_until) values (?1, 2, ?2, ?3)").setParameter(1, username).setParameter(2, lastFailedAt)
                .setParameter(3, lockedUntil).executeUpdate();
    }
}
