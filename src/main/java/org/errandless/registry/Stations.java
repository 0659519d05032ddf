package org.errandless.registry;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** The police stations. */
@ApplicationScoped
class Stations implements PanacheRepositoryBase<Station, String> {

    List<Station> inDivision(String divisionCode) {
        return list("divisionCode = ?1 order by code", divisionCode);
    }

    List<Station> all() {
        return list("order by code");
    }
}
