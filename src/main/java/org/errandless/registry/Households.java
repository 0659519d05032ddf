package org.errandless.registry;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** The registered households. */
@ApplicationScoped
class Households implements PanacheRepositoryBase<Household, UUID> {

    /** The household with this household number (户号), exactly as registered. */
    Optional<Household> byNumber(String householdNumber) {
        return find("householdNumber", householdNumber).firstResultOptional();
    }
}
