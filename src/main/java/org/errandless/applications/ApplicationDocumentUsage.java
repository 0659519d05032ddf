package org.errandless.applications;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.errandless.common.time.BusinessClock;
import org.errandless.documents.DocumentUsage;

/**
 * A document is in use while attached to an application that is neither DRAFT nor WITHDRAWN.
 *
 * <p>The check is serialised with submission through the applications' rows: {@link #inUse} locks every application
 * the document is attached to (in id order), and {@link #release} moves the version of the drafts it detaches it from.
 * A submission that got there first has its row locked until it commits, so the check then sees it SUBMITTED (409
 * {@code document-in-use}); one that comes later finds a version that moved (412 {@code stale}) or, on a fresh read,
 * the material missing. The foreign key from materials to documents no longer cascades: whatever still points at the
 * document makes its deletion fail rather than silently take evidence with it.
 */
@ApplicationScoped
public class ApplicationDocumentUsage implements DocumentUsage {

    @Inject
    EntityManager entityManager;
    @Inject
    BusinessClock clock;

    @Override
    @Transactional
    public boolean inUse(UUID documentId) {
        @SuppressWarnings("unchecked")
        List<String> statuses = entityManager.createNativeQuery("select a.status from application a where a.id in "
                + "(select m.application_id from application_material m where m.document_id = :document) "
                + "order by a.id for update of a").setParameter("document", documentId).getResultList();
        return statuses.stream().anyMatch(status -> !ApplicationStatus.DRAFT.name().equals(status)
                && !ApplicationStatus.WITHDRAWN.name().equals(status));
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void release(UUID documentId) {
        Instant now = clock.now().truncatedTo(ChronoUnit.MICROS);
        // drafts drop the material (the citizen uploads another); their representation changed, so does their version
        entityManager.createNativeQuery("update application set version = version + 1, updated_at = :now "
                + "where status = 'DRAFT' and id in (select application_id from application_material "
                + "where document_id = :document)").setParameter("now", now).setParameter("document", documentId)
                .executeUpdate();
        entityManager.createNativeQuery("delete from application_material where document_id = :document "
                + "and application_id in (select id from application where status = 'DRAFT')")
                .setParameter("document", documentId).executeUpdate();
        // withdrawn applications keep their evidence row, marked as deleted by its owner
        entityManager.createNativeQuery("update application_material set document_id = null, "
                + "document_deleted_at = :now, updated_at = :now where document_id = :document "
                + "and application_id in (select id from application where status = 'WITHDRAWN')")
                .setParameter("now", now).setParameter("document", documentId).executeUpdate();
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void expire(UUID documentId) {
        release(documentId);
        // closed applications keep their evidence row; the purge's rule let only those through
        entityManager.createNativeQuery("update application_material set document_id = null, "
                + "document_deleted_at = :now, updated_at = :now where document_id = :document")
                .setParameter("now", clock.now().truncatedTo(ChronoUnit.MICROS)).setParameter("document", documentId)
                .executeUpdate();
    }
}
