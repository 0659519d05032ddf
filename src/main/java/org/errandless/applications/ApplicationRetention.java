package org.errandless.applications;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * What the retention of documents needs to know about applications: which documents are attached, and which belong
 * only to applications that closed (COMPLETED, REJECTED, WITHDRAWN) long enough ago. An application counts as closed
 * at its last change ({@code updated_at}): nothing changes a closed application after the transition that closed it.
 * Reads only; the purge itself goes through the documents feature.
 */
@ApplicationScoped
public class ApplicationRetention {

    private static final String CLOSED = "('COMPLETED', 'REJECTED', 'WITHDRAWN')";

    @Inject
    EntityManager entityManager;

    /**
     * Documents attached to at least one application, every one of which closed before {@code closedBefore}, in id
     * order after {@code after} (null: from the start).
     */
    @Transactional
    public List<UUID> documentsOnlyOfApplicationsClosedBefore(Instant closedBefore, UUID after, int limit) {
        @SuppressWarnings("unchecked")
        List<UUID> ids = entityManager.createNativeQuery("select distinct m.document_id from application a "
                + "join application_material m on m.application_id = a.id where a.status in " + CLOSED
                + " and a.updated_at < :cutoff and m.document_id is not null and m.document_id > :after "
                + "and not exists (select 1 from application_material other join application holder "
                + "on holder.id = other.application_id where other.document_id = m.document_id "
                + "and not (holder.status in " + CLOSED + " and holder.updated_at < :cutoff)) "
                + "order by m.document_id limit :limit", UUID.class)
                .setParameter("cutoff", closedBefore).setParameter("after", after == null ? new UUID(0, 0) : after)
                .setParameter("limit", limit).getResultList();
        return ids;
    }

    /**
     * Whether the document is attached to at least one application and every application it is attached to closed
     * before {@code closedBefore}. Joins the caller's transaction, so a purge can decide under the document's lock.
     */
    @Transactional
    public boolean onlyOfApplicationsClosedBefore(UUID documentId, Instant closedBefore) {
        Object[] counts = (Object[]) entityManager.createNativeQuery("select count(*), count(*) filter (where "
                + "a.status in " + CLOSED + " and a.updated_at < :cutoff) from application_material m "
                + "join application a on a.id = m.application_id where m.document_id = :document")
                .setParameter("document", documentId).setParameter("cutoff", closedBefore).getSingleResult();
        long attached = ((Number) counts[0]).longValue();
        return attached > 0 && attached == ((Number) counts[1]).longValue();
    }

    /** Those of the documents that are attached to any application, open or closed. */
    @Transactional
    public Set<UUID> attachedAmong(Collection<UUID> documentIds) {
        if (documentIds.isEmpty()) {
            return Set.of();
        }
        @SuppressWarnings("unchecked")
        List<UUID> attached = entityManager.createNativeQuery("select distinct document_id from application_material "
                + "where document_id in (:ids)", UUID.class).setParameter("ids", documentIds).getResultList();
        return new HashSet<>(attached);
    }

    /** Whether the document is attached to any application. Joins the caller's transaction. */
    @Transactional
    public boolean attached(UUID documentId) {
        return !attachedAmong(List.of(documentId)).isEmpty();
    }
}
