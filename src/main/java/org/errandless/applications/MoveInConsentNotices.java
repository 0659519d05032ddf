package org.errandless.applications;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Tells each head of a household of a consent request whose SMS is still due ({@code notice_due}: the requests the
 * V20261206_1101 migration made for MOVE_IN applications submitted before consent was asked), every
 * {@code errandless.move-in-consent.notices.every} on every instance. The rows are claimed with
 * {@code FOR UPDATE SKIP LOCKED} and the flag is cleared in the transaction that queues the SMS in the outbox, so
 * each head is told once however many instances run it; a request closed before its turn is not told. Nothing here
 * calls another system (the outbox delivers).
 */
@ApplicationScoped
public class MoveInConsentNotices {

    private static final Logger LOG = Logger.getLogger(MoveInConsentNotices.class);

    @Inject
    EntityManager entityManager;
    @Inject
    MoveInConsents consents;
    @Inject
    ConsentNoticeConfig config;

    @Scheduled(identity = "move-in-consent-notices", every = "{errandless.move-in-consent.notices.every}",
            delayed = "{errandless.jobs.first-run-after}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        int told = send();
        if (told > 0) {
            LOG.infof("Consent requests: %d heads told by SMS", told);
        }
    }

    /**
     * Sends every SMS still due, in transactions of at most the batch size.
     *
     * @return the requests whose notice was due and is now done (told, or closed before and so not told)
     */
    public int send() {
        int done = 0;
        int batch = config.batchSize();
        while (true) {
            int claimed = QuarkusTransaction.requiringNew().call(() -> sendBatch(batch));
            done += claimed;
            if (claimed < batch) {
                return done;
            }
        }
    }

    private int sendBatch(int batch) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("select id, application_id, head_person_id, "
                + "applicant_name, state from move_in_consent where notice_due order by asked_at, id limit ?1 "
                + "for update skip locked").setParameter(1, batch).getResultList();
        for (Object[] row : rows) {
            UUID id = (UUID) row[0];
            if (MoveInConsents.State.PENDING.name().equals(row[4])) {
                consents.tellHead(id, (UUID) row[1], (UUID) row[2], (String) row[3]);
            }
            entityManager.createNativeQuery("update move_in_consent set notice_due = false where id = ?1")
                    .setParameter(1, id).executeUpdate();
        }
        return rows.size();
    }
}
