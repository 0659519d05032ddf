package org.errandless.supervision;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.errandless.catalog.CatalogService;
import org.errandless.common.problem.Problem;
import org.errandless.common.problem.ProblemException;
import org.errandless.evaluation.SupervisorScope;
import org.errandless.registry.RegistryService;
import org.errandless.registry.StationView;

/**
 * The stations a supervision query covers: the supervisor's scope narrowed by the request's optional station,
 * division and service. At most one of {@code station} and {@code division} is set; neither means the whole city.
 *
 * @param station only this station
 * @param division only the stations of this division
 * @param service only this service
 */
record ScopeFilter(String station, String division, String service) {

    private static final Pattern STATION = Pattern.compile("[0-9]{8}");
    private static final Pattern DIVISION = Pattern.compile("[0-9]{6}");

    /**
     * The filter for a supervisor's request.
     *
     * @throws ProblemException 400 {@code validation-failed} for a malformed station or division code, an unknown
     *         service, or a station outside the division asked for; 404 {@code not-found} for a station or a division
     *         the supervisor does not oversee (or that does not exist)
     */
    static ScopeFilter resolve(SupervisorScope scope, String stationCode, String divisionCode, String serviceCode,
            RegistryService registry, CatalogService catalog) {
        List<Problem.InvalidParam> invalid = new ArrayList<>();
        if (stationCode != null && !STATION.matcher(stationCode).matches()) {
            invalid.add(new Problem.InvalidParam("stationCode", "must be 8 digits", "pattern"));
        }
        if (divisionCode != null && !DIVISION.matcher(divisionCode).matches()) {
            invalid.add(new Problem.InvalidParam("divisionCode", "must be 6 digits (GB/T 2260)", "pattern"));
        }
        if (serviceCode != null && catalog.findService(serviceCode).isEmpty()) {
            invalid.add(new Problem.InvalidParam("serviceCode", "is not a service of the catalogue", "invalid"));
        }
        if (!invalid.isEmpty()) {
            throw ProblemException.validation(invalid);
        }
        if (stationCode != null) {
            StationView station = registry.station(stationCode).orElse(null);
            if (station == null || !scope.covers(station.code(), station.divisionCode())) {
                throw new ProblemException(404, "not-found", "No such station in your scope");
            }
            if (divisionCode != null && !divisionCode.equals(station.divisionCode())) {
                throw ProblemException.validation(List.of(new Problem.InvalidParam("stationCode",
                        "is not a station of divisionCode " + divisionCode, "invalid")));
            }
            return new ScopeFilter(station.code(), null, serviceCode);
        }
        if (divisionCode != null) {
            boolean covered = scope.cityWide() || divisionCode.equals(scope.division());
            if (!covered || registry.division(divisionCode).isEmpty()) {
                throw new ProblemException(404, "not-found", "No such division in your scope");
            }
            return new ScopeFilter(null, divisionCode, serviceCode);
        }
        return new ScopeFilter(scope.station(), scope.station() == null ? scope.division() : null, serviceCode);
    }

    /** The SQL condition (with {@code :station}, {@code :division}, {@code :service}) on a table's columns. */
    String where(String alias) {
        StringBuilder sql = new StringBuilder();
        if (station != null) {
            sql.append(" and ").append(alias).append(".station_code = :station");
        }
        if (division != null) {
            sql.append(" and ").append(alias).append(".division_code = :division");
        }
        if (service != null) {
            sql.append(" and ").append(alias).append(".service_code = :service");
        }
        return sql.toString();
    }

    /** Binds the parameters {@link #where} uses. */
    void bind(jakarta.persistence.Query query) {
        if (station != null) {
            query.setParameter("station", station);
        }
        if (division != null) {
            query.setParameter("division", division);
        }
        if (service != null) {
            query.setParameter("service", service);
        }
    }
}
