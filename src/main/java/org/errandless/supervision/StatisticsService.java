package org.errandless.supervision;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.errandless.catalog.CatalogService;
import org.errandless.common.problem.Problem;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.time.BusinessClock;
import org.errandless.evaluation.SupervisorScope;
import org.errandless.registry.RegistryService;
import org.errandless.registry.StationView;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Statistics of a period (电子监察统计), computed in SQL over supervision's own indexed records: one grouped query for
 * the period's figures (totals and per station × service in one pass, {@code GROUPING SETS}), two for what is open and
 * overdue now. Working days between submission and decision are differences of {@link WorkingDayOrdinals}.
 *
 * <p>Which applications a figure counts: received = first submitted in the period; accepted, refused (rejected while
 * SUBMITTED, 不予受理), rejected (after acceptance), completed, withdrawn = that happened in the period; decided =
 * approved, refused or rejected in the period, with the late ones, the working days from first submission to decision
 * (median and 90th percentile), the share that had a supplement request; the share of completions with nothing
 * uploaded; satisfaction of the evaluations given in the period (a re-rating counts instead of the first score, an
 * upheld appeal takes a review out). Open and overdue are counted today, whatever the period.
 */
@ApplicationScoped
public class StatisticsService {

    private static final String OPEN = "('SUBMITTED', 'SUPPLEMENT_REQUIRED', 'ACCEPTED', 'SUSPENDED', 'APPROVED')";
    private static final String IN_PERIOD = " between :from and :to";

    @Inject
    EntityManager entityManager;
    @Inject
    RegistryService registry;
    @Inject
    CatalogService catalog;
    @Inject
    BusinessClock clock;
    @Inject
    WorkingDayOrdinals ordinals;
    @Inject
    SupervisionConfig config;

    /** A station × service, or the totals (both null). */
    private record Key(String station, String service) {
    }

    /** The counts of one group, in the order of the main query's columns. */
    private static final class Counts {
        final long[] period = new long[16];
        Double median;
        Double p90;
        Double average;
        long open;
        long overdue;
    }

    /**
     * The statistics of {@code from}..{@code to} in the supervisor's scope, narrowed by the optional filters.
     *
     * @throws ProblemException 400 {@code validation-failed} for missing or malformed dates, {@code from} after
     *         {@code to}, a longer period than allowed, malformed codes or an unknown service; 404 for a station or
     *         division outside the scope
     */
    public StatisticsReport report(SupervisorScope scope, String fromParam, String toParam, String stationCode,
            String divisionCode, String serviceCode) {
        LocalDate from = date("from", fromParam);
        LocalDate to = date("to", toParam);
        if (to.isBefore(from)) {
            throw ProblemException.validation(List.of(new Problem.InvalidParam("to", "must not be before from",
                    "invalid")));
        }
        long days = ChronoUnit.DAYS.between(from, to) + 1;
        if (days > config.statistics().maxDays()) {
            throw ProblemException.validation(List.of(new Problem.InvalidParam("to", "the period may have at most "
                    + config.statistics().maxDays() + " days", "out-of-range")));
        }
        ScopeFilter filter = ScopeFilter.resolve(scope, stationCode, divisionCode, serviceCode, registry, catalog);
        ordinals.ensureCurrent();
        LocalDate today = clock.today();
        Map<Key, Counts> groups = QuarkusTransaction.requiringNew().call(() -> {
            Map<Key, Counts> found = new TreeMap<>((a, b) -> compare(a, b));
            period(filter, from, to, found);
            now(filter, today, found);
            return found;
        });
        Counts totals = groups.getOrDefault(new Key(null, null), new Counts());
        List<StatisticsReport.Row> rows = new ArrayList<>();
        Map<String, String> stationNames = new LinkedHashMap<>();
        for (Map.Entry<Key, Counts> group : groups.entrySet()) {
            Key key = group.getKey();
            if (key.station() == null) {
                continue;
            }
            String name = stationNames.computeIfAbsent(key.station(),
                    code -> registry.station(code).map(StationView::name).orElse(null));
            rows.add(new StatisticsReport.Row(key.station(), name, key.service(), figures(group.getValue())));
        }
        return new StatisticsReport(from, to, today, filter.station(), filter.division(), filter.service(),
                figures(totals), rows);
    }

    private void period(ScopeFilter filter, LocalDate from, LocalDate to, Map<Key, Counts> groups) {
        String decided = "s.decided_on" + IN_PERIOD;
        String evaluated = "s.evaluated_on" + IN_PERIOD;
        String sql = "select s.station_code, s.service_code, grouping(s.station_code, s.service_code), "
                + "count(*) filter (where s.received_on" + IN_PERIOD + "), "
                + "count(*) filter (where s.accepted_on" + IN_PERIOD + "), "
                + "count(*) filter (where s.outcome = 'REFUSED' and " + decided + "), "
                + "count(*) filter (where s.outcome = 'REJECTED' and " + decided + "), "
                + "count(*) filter (where s.completed_on" + IN_PERIOD + "), "
                + "count(*) filter (where s.withdrawn_on" + IN_PERIOD + "), "
                + "count(*) filter (where " + decided + "), "
                + "count(*) filter (where " + decided + " and s.decided_late), "
                + "count(*) filter (where " + decided + " and s.supplement_requested), "
                + "count(*) filter (where s.completed_on" + IN_PERIOD + " and not s.uploaded), "
                + "count(s.score) filter (where " + evaluated + "), "
                + "count(*) filter (where " + evaluated + " and s.score = 1), "
                + "count(*) filter (where " + evaluated + " and s.score = 2), "
                + "count(*) filter (where " + evaluated + " and s.score = 3), "
                + "count(*) filter (where " + evaluated + " and s.score = 4), "
                + "count(*) filter (where " + evaluated + " and s.score = 5), "
                + "percentile_cont(0.5) within group (order by d.ordinal - r.ordinal) filter (where " + decided
                + "), percentile_cont(0.9) within group (order by d.ordinal - r.ordinal) filter (where " + decided
                + "), cast(avg(s.score) filter (where " + evaluated + ") as double precision) "
                + "from supervised_application s "
                + "left join working_day_ordinal r on r.day = s.received_on "
                + "left join working_day_ordinal d on d.day = s.decided_on "
                + "where (s.received_on" + IN_PERIOD + " or s.accepted_on" + IN_PERIOD + " or " + decided
                + " or s.completed_on" + IN_PERIOD + " or s.withdrawn_on" + IN_PERIOD + " or " + evaluated + ")"
                + filter.where("s") + " group by grouping sets ((), (s.station_code, s.service_code))";
        var query = entityManager.createNativeQuery(sql).setParameter("from", from).setParameter("to", to);
        filter.bind(query);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        for (Object[] row : rows) {
            Counts counts = groups.computeIfAbsent(key(row), ignored -> new Counts());
            for (int i = 0; i < counts.period.length; i++) {
                counts.period[i] = ((Number) row[3 + i]).longValue();
            }
            counts.median = number(row[19]);
            counts.p90 = number(row[20]);
            counts.average = number(row[21]);
        }
    }

    private void now(ScopeFilter filter, LocalDate today, Map<Key, Counts> groups) {
        var open = entityManager.createNativeQuery("select s.station_code, s.service_code, "
                + "grouping(s.station_code, s.service_code), count(*) from supervised_application s "
                + "where s.status in " + OPEN + filter.where("s")
                + " group by grouping sets ((), (s.station_code, s.service_code))");
        filter.bind(open);
        @SuppressWarnings("unchecked")
        List<Object[]> openRows = open.getResultList();
        for (Object[] row : openRows) {
            groups.computeIfAbsent(key(row), ignored -> new Counts()).open = ((Number) row[3]).longValue();
        }
        var overdue = entityManager.createNativeQuery("select w.station_code, w.service_code, "
                + "grouping(w.station_code, w.service_code), count(*) from deadline_warning w "
                + "where w.subject_kind = 'APPLICATION' and w.deadline < :today" + filter.where("w")
                + " group by grouping sets ((), (w.station_code, w.service_code))").setParameter("today", today);
        filter.bind(overdue);
        @SuppressWarnings("unchecked")
        List<Object[]> overdueRows = overdue.getResultList();
        for (Object[] row : overdueRows) {
            groups.computeIfAbsent(key(row), ignored -> new Counts()).overdue = ((Number) row[3]).longValue();
        }
    }

    private static StatisticsReport.Figures figures(Counts counts) {
        long[] p = counts.period;
        long decided = p[6];
        Map<String, Long> distribution = new LinkedHashMap<>();
        for (int score = 1; score <= 5; score++) {
            distribution.put(Integer.toString(score), p[10 + score]);
        }
        return new StatisticsReport.Figures(p[0], p[1], p[2], p[3], p[4], p[5], counts.open, counts.overdue, decided,
                p[7], rate(p[7], decided), round(counts.median), round(counts.p90), rate(p[8], decided),
                rate(p[9], p[4]), new StatisticsReport.Satisfaction(p[10], round(counts.average), distribution));
    }

    private static Key key(Object[] row) {
        boolean total = ((Number) row[2]).intValue() != 0;
        return total ? new Key(null, null) : new Key((String) row[0], (String) row[1]);
    }

    private static int compare(Key a, Key b) {
        if (a.station() == null || b.station() == null) {
            return a.station() == null ? (b.station() == null ? 0 : -1) : 1;
        }
        int byStation = a.station().compareTo(b.station());
        return byStation != 0 ? byStation : a.service().compareTo(b.service());
    }

    private static Double rate(long part, long whole) {
        return whole == 0 ? null : round((double) part / whole);
    }

    private static Double round(Double value) {
        return value == null ? null : Math.round(value * 10_000d) / 10_000d;
    }

    private static Double number(Object value) {
        return value == null ? null : ((Number) value).doubleValue();
    }

    private static LocalDate date(String name, String value) {
        if (value == null || value.isBlank()) {
            throw ProblemException.validation(List.of(new Problem.InvalidParam(name, "is required (YYYY-MM-DD)",
                    "required")));
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ProblemException.validation(List.of(new Problem.InvalidParam(name, "must be a date (YYYY-MM-DD)",
                    "wrong-type")));
        }
    }
}
