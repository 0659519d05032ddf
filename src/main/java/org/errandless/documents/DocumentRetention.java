package org.errandless.documents;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Deletion of documents whose retention has run out, for the retention purge of a higher feature (which knows what
 * documents are kept for). Whether a document may go is decided by the caller's rule, asked again under the
 * document's row lock, so a document attached meanwhile (an insert into {@code application_material} waits for that
 * lock) is kept; two purges at once skip each other's rows.
 */
@ApplicationScoped
public class DocumentRetention {

    private static final Logger LOG = Logger.getLogger(DocumentRetention.class);

    /** A document's id and when it was uploaded: a position in the walk by age. */
    public record Aged(UUID id, Instant createdAt) {
    }

    @Inject
    EntityManager entityManager;
    @Inject
    ContentStore store;
    @Inject
    DocumentUsage usage;

    /** Documents uploaded before {@code cutoff}, oldest first, after {@code after} (null: from the oldest). */
    @Transactional
    public List<Aged> createdBefore(Instant cutoff, Aged after, int limit) {
        var query = entityManager.createNativeQuery("select id, created_at from document where created_at < :cutoff"
                + (after == null ? "" : " and (created_at, id) > (:at, :after)") + " order by created_at, id limit :limit")
                .setParameter("cutoff", cutoff).setParameter("limit", limit);
        if (after != null) {
            query.setParameter("at", after.createdAt()).setParameter("after", after.id());
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        return rows.stream().map(row -> new Aged((UUID) row[0], instant(row[1]))).toList();
    }

    /**
     * Deletes a document, row and bytes, if {@code mayGo} still says so while the row is locked. A row another
     * transaction holds is skipped (it is in use right now; the next run looks again). The row goes in a short
     * transaction; the bytes are removed after the commit, and where that fails the content sweep removes them.
     *
     * @param mayGo asked with the document's id inside the deleting transaction; it may read (joining that transaction)
     * @return whether it was deleted
     * @throws jakarta.transaction.TransactionalException when called inside a transaction
     */
    @Transactional(TxType.NEVER)
    public boolean purge(UUID id, Predicate<UUID> mayGo) {
        boolean deleted = QuarkusTransaction.requiringNew().call(() -> {
            List<?> locked = entityManager.createNativeQuery("select id from document where id = :id "
                    + "for update skip locked").setParameter("id", id).getResultList();
            if (locked.isEmpty() || !mayGo.test(id)) {
                return false;
            }
            usage.expire(id);
            return entityManager.createNativeQuery("delete from document where id = :id").setParameter("id", id)
                    .executeUpdate() == 1;
        });
        if (deleted) {
            try {
                store.delete(id);
            } catch (IOException | RuntimeException e) {
                LOG.warnf("Could not remove the bytes of purged document %s (%s); the content sweep will", id,
                        e.getClass().getSimpleName());
            }
        }
        return deleted;
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof java.time.OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant();
        }
        throw new IllegalStateException("Unexpected timestamp type " + value.getClass());
    }
}
