package org.errandless.applications.forms;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** The card orders of ID card renewals, one per application. */
@ApplicationScoped
class IdCardOrders implements PanacheRepositoryBase<IdCardOrder, UUID> {

    Optional<IdCardOrder> ofApplication(UUID applicationId) {
        return findByIdOptional(applicationId);
    }
}
