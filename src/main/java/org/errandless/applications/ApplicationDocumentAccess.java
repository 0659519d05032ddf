package org.errandless.applications;

import java.util.List;
import java.util.Optional;

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
 * it is attached to; the grant names the applicant, whose access log then records the read.
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
}
