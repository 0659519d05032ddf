package org.errandless.supervision;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.errandless.applications.WarningLevel;
import org.errandless.catalog.CalendarService;
import org.errandless.catalog.CatalogService;
import org.errandless.catalog.DueDates;
import org.errandless.common.problem.Problem;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.time.BusinessClock;
import org.errandless.common.web.Cursors;
import org.errandless.common.web.Page;
import org.errandless.evaluation.SupervisorScope;
import org.errandless.registry.RegistryService;
import org.errandless.registry.StationView;

/**
 * The open deadline warnings in a supervisor's scope: RED first, then YELLOW, each by deadline; cursor pages. Items
 * carry no personal data (station, service, dates), so listing them is no read of anybody's data.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class AlertService {

    @Inject
    EntityManager entityManager;
    @Inject
    RegistryService registry;
    @Inject
    CatalogService catalog;
    @Inject
    CalendarService calendar;
    @Inject
    BusinessClock clock;

    /**
     * One page of open warnings.
     *
     * @throws ProblemException 400 {@code validation-failed} for malformed filters, a level other than YELLOW or RED,
     *         a foreign cursor or a bad limit; 404 for a station outside the scope
     */
    public Page<AlertView> list(SupervisorScope scope, String stationCode, String serviceCode, String level,
            String kind, String cursor, Integer limit) {
        int size = Cursors.limit(limit);
        WarningLevel wanted = parse(WarningLevel.class, "level", level);
        if (wanted == WarningLevel.NONE) {
            throw ProblemException.validation(List.of(new Problem.InvalidParam("level", "must be YELLOW or RED",
                    "invalid")));
        }
        WarningSubject subject = parse(WarningSubject.class, "kind", kind);
        ScopeFilter filter = ScopeFilter.resolve(scope, stationCode, null, serviceCode, registry, catalog);
        Object[] after = null;
        if (cursor != null) {
            String[] keys = Cursors.decode(cursor, 4);
            try {
                after = new Object[] { Integer.parseInt(keys[0]), LocalDate.parse(keys[1]),
                        WarningSubject.valueOf(keys[2]).name(), UUID.fromString(keys[3]) };
            } catch (RuntimeException e) {
                throw ProblemException.validation(List.of(new Problem.InvalidParam("cursor",
                        "is not a cursor this API issued", "invalid")));
            }
        }
        StringBuilder sql = new StringBuilder("select w.subject_kind, w.subject_id, w.application_id, "
                + "w.station_code, w.service_code, w.deadline, w.level, w.since, "
                + "case w.level when 'RED' then 0 else 1 end as rank from deadline_warning w where w.level <> 'NONE'")
                .append(filter.where("w"));
        if (wanted != null) {
            sql.append(" and w.level = :level");
        }
        if (subject != null) {
            sql.append(" and w.subject_kind = :kind");
        }
        if (after != null) {
            sql.append(" and (case w.level when 'RED' then 0 else 1 end, w.deadline, w.subject_kind, w.subject_id) "
                    + "> (:rank, :deadline, :afterKind, :afterId)");
        }
        sql.append(" order by rank, w.deadline, w.subject_kind, w.subject_id limit :limit");
        var query = entityManager.createNativeQuery(sql.toString()).setParameter("limit", size + 1);
        filter.bind(query);
        if (wanted != null) {
            query.setParameter("level", wanted.name());
        }
        if (subject != null) {
            query.setParameter("kind", subject.name());
        }
        if (after != null) {
            query.setParameter("rank", after[0]).setParameter("deadline", after[1]).setParameter("afterKind", after[2])
                    .setParameter("afterId", after[3]);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        LocalDate today = clock.today();
        DueDates dueDates = calendar.dueDates();
        List<AlertView> items = new ArrayList<>();
        for (int i = 0; i < Math.min(size, rows.size()); i++) {
            Object[] row = rows.get(i);
            String station = (String) row[3];
            String service = (String) row[4];
            LocalDate deadline = WarningService.date(row[5]);
            items.add(new AlertView(WarningSubject.valueOf((String) row[0]), (UUID) row[1], (UUID) row[2], station,
                    registry.station(station).map(StationView::name).orElse(null), service,
                    catalog.service(service).name(), WarningLevel.valueOf((String) row[6]),
                    WarningService.date(row[7]), deadline, dueDates.remainingWorkingDays(today, deadline)));
        }
        if (rows.size() <= size) {
            return Page.last(items);
        }
        Object[] last = rows.get(size - 1);
        return new Page<>(items, Cursors.encode(String.valueOf(((Number) last[8]).intValue()),
                WarningService.date(last[5]).toString(), (String) last[0], last[1].toString()));
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            List<String> allowed = new ArrayList<>();
            for (E constant : type.getEnumConstants()) {
                allowed.add(constant.name());
            }
            throw ProblemException.validation(List.of(new Problem.InvalidParam(name,
                    "must be one of " + String.join(", ", allowed), "invalid")));
        }
    }
}
