package org.errandless.registry;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** The administrative divisions (reference data). */
@ApplicationScoped
class Divisions implements PanacheRepositoryBase<Division, String> {

    List<Division> all() {
        return list("order by code");
    }
}
