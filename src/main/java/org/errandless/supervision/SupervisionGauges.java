package org.errandless.supervision;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.errandless.common.time.BusinessClock;
import org.errandless.registry.RegistryService;
import org.errandless.registry.StationView;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Prometheus gauges per station, tagged {@code station}: open applications
 * ({@code errandless_supervision_open_applications}), open applications overdue
 * ({@code errandless_supervision_open_red}) and the average counted satisfaction of the evaluations of the last 30
 * days ({@code errandless_supervision_satisfaction_30d}, NaN without any).
 *
 * <p>A scrape only reads the values the last refresh left: every {@code errandless.supervision.gauges.every} each
 * instance runs three grouped queries over supervision's indexed records. Every instance reports the same figures (of
 * the one database), so aggregate across instances with {@code max}, not {@code sum}.
 */
@ApplicationScoped
public class SupervisionGauges {

    static final String OPEN = "errandless.supervision.open.applications";
    static final String RED = "errandless.supervision.open.red";
    static final String SATISFACTION = "errandless.supervision.satisfaction.30d";

    /** The last values per station; gauges read them. */
    static final class StationValues {
        volatile double open;
        volatile double red;
        volatile double satisfaction = Double.NaN;
    }

    @Inject
    MeterRegistry meters;
    @Inject
    EntityManager entityManager;
    @Inject
    RegistryService registry;
    @Inject
    BusinessClock clock;

    private final Map<String, StationValues> stations = new ConcurrentHashMap<>();

    @Scheduled(identity = "supervision-gauges", every = "{errandless.supervision.gauges.every}",
            delayed = "{errandless.jobs.first-run-after}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        refresh();
    }

    /** Recomputes every station's values (three queries) and registers gauges for stations seen the first time. */
    public void refresh() {
        var today = clock.today();
        record Result(List<StationView> stations, Map<String, Double> open, Map<String, Double> red,
                Map<String, Double> satisfaction) {
        }
        Result result = QuarkusTransaction.requiringNew().call(() -> new Result(registry.stations(),
                grouped("select station_code, count(*) from supervised_application where status in ('SUBMITTED', "
                        + "'SUPPLEMENT_REQUIRED', 'ACCEPTED', 'SUSPENDED', 'APPROVED') group by station_code", null),
                grouped("select station_code, count(*) from deadline_warning where subject_kind = 'APPLICATION' "
                        + "and deadline < :day group by station_code", today),
                grouped("select station_code, avg(score) from supervised_application where evaluated_on >= :day "
                        + "and score is not null group by station_code", today.minusDays(30))));
        for (StationView station : result.stations()) {
            StationValues values = stations.computeIfAbsent(station.code(), this::register);
            values.open = result.open().getOrDefault(station.code(), 0d);
            values.red = result.red().getOrDefault(station.code(), 0d);
            values.satisfaction = result.satisfaction().getOrDefault(station.code(), Double.NaN);
        }
    }

    private StationValues register(String station) {
        StationValues values = new StationValues();
        Gauge.builder(OPEN, values, v -> v.open).tag("station", station)
                .description("Open applications of the station (SUBMITTED to APPROVED)").register(meters);
        Gauge.builder(RED, values, v -> v.red).tag("station", station)
                .description("Open applications of the station past their running deadline").register(meters);
        Gauge.builder(SATISFACTION, values, v -> v.satisfaction).tag("station", station)
                .description("Average counted evaluation score of the station over the last 30 days")
                .register(meters);
        return values;
    }

    private Map<String, Double> grouped(String sql, java.time.LocalDate day) {
        var query = entityManager.createNativeQuery(sql);
        if (day != null) {
            query.setParameter("day", day);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        Map<String, Double> values = new HashMap<>();
        for (Object[] row : rows) {
            values.put((String) row[0], ((Number) row[1]).doubleValue());
        }
        return values;
    }
}
