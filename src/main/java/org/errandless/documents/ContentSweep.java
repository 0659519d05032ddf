package org.errandless.documents;

import java.io.IOException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Removes bytes in the content store that no row refers to: a document whose row was never written (an instance
 * died between storing and recording), bytes whose removal failed after a delete, leftovers of uploads (a tail or a
 * multipart upload of an instance that died). Every instance runs it; running it twice at once is harmless (a
 * second delete finds nothing), and bytes younger than {@code errandless.documents.sweep.grace} are never touched,
 * so an upload or a document being written right now is safe. File times and object times are the real clock's,
 * not the business clock's.
 */
@ApplicationScoped
public class ContentSweep {

    private static final Logger LOG = Logger.getLogger(ContentSweep.class);

    @Inject
    ContentStore store;
    @Inject
    DocumentsConfig config;
    @Inject
    EntityManager entityManager;

    @Scheduled(identity = "content-sweep", every = "{errandless.documents.sweep.every}", delayed = "10m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        sweep(Instant.now().minus(config.sweep().grace()));
    }

    /**
     * Sweeps bytes older than {@code olderThan} that no document or upload refers to. No transaction is open while
     * the store is listed or deleted from; each batch of candidates is checked against the rows in a short one.
     *
     * @return how many files or objects were removed
     */
    public int sweep(Instant olderThan) {
        try {
            int removed = store.sweep(olderThan, this::referenced);
            if (removed > 0) {
                LOG.infof("Swept %d unreferenced files or objects from the document store", removed);
            }
            return removed;
        } catch (IOException e) {
            LOG.errorf(e, "The sweep of the document store failed; the next run tries again");
            return 0;
        }
    }

    private Set<UUID> referenced(Collection<UUID> ids) {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<UUID> found = entityManager.createNativeQuery("""
                    select id from document where id in (:ids)
                    union select id from resumable_upload where id in (:ids)""", UUID.class)
                    .setParameter("ids", List.copyOf(ids)).getResultList();
            return new HashSet<>(found);
        });
    }
}
