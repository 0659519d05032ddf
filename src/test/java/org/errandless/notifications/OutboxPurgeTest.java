package org.errandless.notifications;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.errandless.common.time.BusinessClock;
import org.errandless.support.TestCitizens;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/** Delivered and failed messages go after the retention; messages still owed stay, however old. */
@QuarkusTest
class OutboxPurgeTest {

    @Inject
    Outbox outbox;
    @Inject
    OutboxDispatcher dispatcher;
    @Inject
    NotificationsConfig config;
    @Inject
    BusinessClock clock;
    @Inject
    EntityManager entityManager;

    @Test
    void finishedMessagesPastTheRetentionGoPendingAndRecentOnesStay() {
        Instant old = clock.now().minus(config.retention()).minus(Duration.ofMinutes(1));
        UUID sentOld = queued("SENT", old);
        UUID failedOld = queued("FAILED", old);
        UUID pendingOld = queued("PENDING", old);
        UUID sentRecent = queued("SENT", clock.now().minus(Duration.ofDays(1)));

        assertTrue(dispatcher.purgeFinished(clock.now()) >= 2);

        List<?> left = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                "select cast(id as text) from outbox_message where id in (?1, ?2, ?3, ?4)").setParameter(1, sentOld)
                .setParameter(2, failedOld).setParameter(3, pendingOld).setParameter(4, sentRecent).getResultList());
        assertEquals(2, left.size(), "left: " + left);
        assertTrue(left.contains(pendingOld.toString()), "a message still owed was deleted");
        assertTrue(left.contains(sentRecent.toString()), "a message within the retention was deleted");
    }

    private UUID queued(String status, Instant createdAt) {
        return QuarkusTransaction.requiringNew().call(() -> {
            UUID id = outbox.enqueueSms(TestCitizens.newPhone(), "purge test", MessagePurpose.OTP);
            // far in the future, so no dispatcher of another test claims it meanwhile
            entityManager.createNativeQuery("update outbox_message set status = ?1, created_at = ?2, "
                    + "next_attempt_at = ?3 where id = ?4").setParameter(1, status).setParameter(2, createdAt)
                    .setParameter(3, clock.now().plus(Duration.ofDays(3650))).setParameter(4, id).executeUpdate();
            return id;
        });
    }
}
