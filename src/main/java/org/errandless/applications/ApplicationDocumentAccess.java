package org.errandless.applications;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.errandless.catalog.CatalogService;
import org.errandless.common.security.Roles;
import org.errandless.documents.DocumentAccessPolicy;
import org.errandless.registry.RegistryService;
import org.errandless.registry.StationView;

/**
 * Staff read a citizen's document only as officers of the handling station of a submitted (not DRAFT) application
 * it is attached to; the grant names the applicant, whose access log then records the read. The citizen an
 * application was made for (by a guardian or an authorised agent) reads the documents it handed in, from its first
 * submission on, as they read the application itself.
 */
@ApplicationScoped
public class ApplicationDocumentAccess implements DocumentAccessPolicy {

    @Inject
    CatalogService catalog;
    @Inject
    RegistryService registry;

    @Override
    @Transactional
    public Optional<Grant> staffRead(StaffReader reader, DocumentRef document) {
        if (reader.station() == null || !reader.roles().contains(Roles.OFFICER)) {
            return Optional.empty();
        }
        List<Application> applications = Application.getEntityManager().createQuery("select a from Application a, "
                + "ApplicationMaterial m where m.applicationId = a.id and m.documentId = ?1 and a.status <> ?2 "
                + "and a.handlingStation = ?3 order by a.createdAt", Application.class).setParameter(1, document.id())
                .setParameter(2, ApplicationStatus.DRAFT).setParameter(3, reader.station()).getResultList();
        if (applications.isEmpty()) {
            return Optional.empty();
        }
        Application application = applications.get(0);
        String station = registry.station(reader.station()).map(StationView::name).orElse(reader.station());
        return Optional.of(new Grant(application.applicantPersonId, station + " 户籍民警",
                OfficerReads.purpose(catalog.service(application.serviceCode))));
    }

    /**
     * The document is evidence of an application its owner made for the reader's person (as guardian or agent) and
     * submitted at least once: the same rule as the subject's read of the application ({@code seenBySubject}).
     */
    @Override
    @Transactional
    public boolean subjectRead(UUID readerAccountId, DocumentRef document) {
        Object found = Application.getEntityManager().createNativeQuery("select exists (select 1 from application a "
                + "join application_material m on m.application_id = a.id where m.document_id = ?1 "
                + "and a.applicant_account_id = ?2 and " + ApplicationReadModel.subjectSees("?3") + ")")
                .setParameter(1, document.id())
                .setParameter(2, document.ownerAccountId()).setParameter(3, readerAccountId).getSingleResult();
        return Boolean.TRUE.equals(found);
    }
}
