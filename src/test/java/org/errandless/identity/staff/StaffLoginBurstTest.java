package org.errandless.identity.staff;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.errandless.identity.staff.StaffFixtures.Account;
import org.errandless.support.Bursts;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Issue 11 item 5: the staff lockout holds under a burst. A hasher that holds every password check until the whole
 * burst has settled (each attempt either at the check or answered) shows how many guesses were actually checked: on a
 * check-then-act lockout all 20 would be, and one right password among them could sign in past the limit.
 */
@QuarkusTest
class StaffLoginBurstTest {

    private static final int BURST = 20;
    private static final int MAX_FAILURES = 5;

    /** Counts password checks and holds each until released. */
    static final class HoldingHasher extends PasswordHasher {

        final AtomicInteger checks = new AtomicInteger();
        final CountDownLatch settled;
        final CountDownLatch release = new CountDownLatch(1);

        HoldingHasher(CountDownLatch settled) {
            super(4);
            this.settled = settled;
        }

        @Override
        public boolean matches(String password, String storedHash) {
            checks.incrementAndGet();
            settled.countDown();
            Bursts.awaitQuietly(release);
            return super.matches(password, storedHash);
        }
    }

    @Test
    void twentyParallelWrongPasswordsGetFivePasswordChecks() throws Exception {
        Account officer = StaffFixtures.officer("50010301");
        CountDownLatch settled = new CountDownLatch(BURST);
        HoldingHasher hasher = new HoldingHasher(settled);
        QuarkusMock.installMockForType(hasher, PasswordHasher.class);

        Bursts.Burst<Integer> burst = Bursts.start(BURST, () -> {
            int status = StaffFixtures.login(officer.username(), "wrong-password-burst").statusCode();
            settled.countDown();
            return status;
        });
        Bursts.await(settled, "every attempt is at the password check or answered");
        int checked = hasher.checks.get();
        hasher.release.countDown();
        List<Integer> statuses = burst.results();

        assertEquals(MAX_FAILURES, checked, "password checks; answers " + statuses);
        assertEquals(MAX_FAILURES - 1, Collections.frequency(statuses, 401), statuses.toString());
        assertEquals(BURST - MAX_FAILURES + 1, Collections.frequency(statuses, 423), statuses.toString());
        // locked: the right password is not even checked
        StaffFixtures.login(officer.username(), StaffFixtures.PASSWORD).then().statusCode(423)
                .body("code", equalTo("account-locked"));
        assertEquals(MAX_FAILURES, hasher.checks.get());
    }

    /** An admitted attempt with the right password signs in and clears the count its burst had used. */
    @Test
    void aRightPasswordAmongTheAdmittedSignsInAndClearsTheCount() throws Exception {
        Account officer = StaffFixtures.officer("50010301");
        for (int i = 0; i < MAX_FAILURES - 1; i++) {
            StaffFixtures.login(officer.username(), "wrong-password-" + i).then().statusCode(401);
        }
        StaffFixtures.login(officer.username(), StaffFixtures.PASSWORD).then().statusCode(200);
        for (int i = 0; i < MAX_FAILURES - 1; i++) {
            StaffFixtures.login(officer.username(), "wrong-password-again-" + i).then().statusCode(401);
        }
        StaffFixtures.login(officer.username(), "wrong-password-last").then().statusCode(423);
    }
}
