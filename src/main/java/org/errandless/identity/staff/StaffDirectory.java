package org.errandless.identity.staff;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * Who among the staff is responsible for a station, for features that must tell them something (deadline warnings):
 * the enabled officers of the station and the enabled supervisors whose scope covers it (the station's own, its
 * division's, the city-wide ones). Joins the caller's transaction.
 */
@ApplicationScoped
public class StaffDirectory {

    @Inject
    EntityManager entityManager;

    /** The enabled officers of a station, in id order. */
    public List<UUID> officersOf(String stationCode) {
        return ids("select distinct a.id from staff_account a join staff_account_role r on r.staff_account_id = a.id "
                + "where r.role = 'OFFICER' and not a.disabled and a.station_code = :station order by a.id",
                stationCode, null);
    }

    /**
     * The enabled supervisors whose scope covers a station of {@code divisionCode}: those of the station, those of
     * the division, and the city-wide ones (neither set); in id order.
     */
    public List<UUID> supervisorsCovering(String stationCode, String divisionCode) {
        return ids("select distinct a.id from staff_account a join staff_account_role r on r.staff_account_id = a.id "
                + "where r.role = 'SUPERVISOR' and not a.disabled and (a.station_code = :station "
                + "or a.division_code = :division or (a.station_code is null and a.division_code is null)) "
                + "order by a.id", stationCode, divisionCode == null ? "" : divisionCode);
    }

    /** Officers of the station and supervisors covering it, each once. */
    public List<UUID> responsibleFor(String stationCode, String divisionCode) {
        Set<UUID> all = new LinkedHashSet<>(officersOf(stationCode));
        all.addAll(supervisorsCovering(stationCode, divisionCode));
        return new ArrayList<>(all);
    }

    private List<UUID> ids(String sql, String station, String division) {
        var query = entityManager.createNativeQuery(sql, UUID.class).setParameter("station", station);
        if (division != null) {
            query.setParameter("division", division);
        }
        @SuppressWarnings("unchecked")
        List<UUID> rows = query.getResultList();
        return rows;
    }
}
