package org.errandless.registry;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** The register's change history (append-only). */
@ApplicationScoped
class RegisterChanges implements PanacheRepositoryBase<RegisterChange, UUID> {

    List<RegisterChange> ofPerson(UUID personId) {
        return list("personId = ?1 order by seq", personId);
    }

    List<RegisterChange> ofHousehold(UUID householdId) {
        return list("householdId = ?1 order by seq", householdId);
    }

    List<RegisterChange> ofApplication(UUID applicationId) {
        return list("applicationId = ?1 order by seq", applicationId);
    }

    List<RegisterChange> ofImport(UUID importId) {
        return list("importId = ?1 order by seq", importId);
    }
}
