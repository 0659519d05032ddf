package org.errandless.applications;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.errandless.documents.DocumentUsage;

/** A document is in use while attached to an application that is neither DRAFT nor WITHDRAWN. */
@ApplicationScoped
public class ApplicationDocumentUsage implements DocumentUsage {

    @Override
    @Transactional
    public boolean inUse(UUID documentId) {
        return ApplicationMaterial.getEntityManager().createQuery("select count(m) from ApplicationMaterial m, "
                + "Application a where m.applicationId = a.id and m.documentId = ?1 and a.status not in (?2, ?3)",
                Long.class).setParameter(1, documentId).setParameter(2, ApplicationStatus.DRAFT)
                .setParameter(3, ApplicationStatus.WITHDRAWN).getSingleResult() > 0;
    }
}
