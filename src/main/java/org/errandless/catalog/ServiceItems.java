package org.errandless.catalog;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** The service items of the catalogue, fetched with their materials in one query. */
@ApplicationScoped
public class ServiceItems implements PanacheRepositoryBase<ServiceItem, String> {

    private static final String WITH_MATERIALS = "select s from ServiceItem s left join fetch s.materials m "
            + "left join fetch m.material";

    /** Every service item in catalogue order. */
    public List<ServiceItem> listWithMaterials() {
        return find(WITH_MATERIALS + " order by s.sortOrder").list();
    }

    /** One service item by its code (exact, case-sensitive). */
    public Optional<ServiceItem> findWithMaterials(String code) {
        return find(WITH_MATERIALS + " where s.code = ?1", code).singleResultOptional();
    }
}
