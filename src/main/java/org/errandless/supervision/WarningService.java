package org.errandless.supervision;

import java.sql.Date;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.errandless.applications.DeadlineWarnings;
import org.errandless.applications.WarningLevel;
import org.errandless.catalog.CalendarService;
import org.errandless.catalog.CatalogService;
import org.errandless.catalog.LocalisedText;
import org.errandless.catalog.ServiceItemView;
import org.errandless.catalog.WorkingDayCalendar;
import org.errandless.common.time.BusinessClock;
import org.errandless.identity.staff.StaffDirectory;
import org.errandless.notifications.MessagePurpose;
import org.errandless.notifications.Outbox;
import org.errandless.registry.RegistryService;
import org.errandless.registry.StationView;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The warning levels of running deadlines (电子监察) and the staff notifications of their changes.
 *
 * <p>Levels come from {@link DeadlineWarnings}, the rule the officer's queue and the application view use. They move
 * in two ways: {@link #track} in the transaction of every change of a deadline (a transition, an evaluation's
 * rectification task), and {@link #sweep} when the business date has moved on (the scheduled job). Both lock the
 * warning's row, so a transition and the job serialise on it, and the job claims its rows with
 * {@code FOR UPDATE SKIP LOCKED}, so jobs on several instances share the work and never move the same row twice.
 *
 * <p>Each change to YELLOW or RED is recorded once in {@code deadline_warning_change}, keyed by (subject, level, the
 * business date it was entered); the staff are notified in the transaction whose insert of that row succeeded, so
 * exactly once however many instances or observers get there: the handling officers of the station and the
 * supervisors whose scope covers it for an application, the supervisors for a rectification task. Texts name the
 * station, the service and the date, never a person. Nothing here calls another system: messages go to the outbox.
 */
@ApplicationScoped
public class WarningService {

    private static final Logger LOG = Logger.getLogger(WarningService.class);
    private static final DateTimeFormatter MONTH_DAY = DateTimeFormatter.ofPattern("M月d日");

    @Inject
    EntityManager entityManager;
    @Inject
    CalendarService calendar;
    @Inject
    CatalogService catalog;
    @Inject
    RegistryService registry;
    @Inject
    StaffDirectory staff;
    @Inject
    Outbox outbox;
    @Inject
    BusinessClock clock;
    @Inject
    SupervisionConfig config;

    /** A warning's row as the job and {@link #track} read it. */
    private record Row(WarningSubject kind, UUID subjectId, UUID applicationId, String stationCode,
            String serviceCode, LocalDate deadline, WarningLevel level, LocalDate since) {
    }

    /**
     * Follows a deadline that just changed, in the caller's transaction: starts, moves or ends the warning of the
     * subject and, when its level turns YELLOW or RED, notifies the staff (once).
     *
     * @param kind what the deadline belongs to
     * @param subjectId the application, or the evaluation of a rectification task
     * @param applicationId the application concerned
     * @param stationCode the handling station
     * @param serviceCode the application's service
     * @param deadline the running deadline; null when no clock runs any more
     */
    public void track(WarningSubject kind, UUID subjectId, UUID applicationId, String stationCode, String serviceCode,
            LocalDate deadline) {
        if (deadline == null) {
            entityManager.createNativeQuery("delete from deadline_warning where subject_kind = :kind "
                    + "and subject_id = :id").setParameter("kind", kind.name()).setParameter("id", subjectId)
                    .executeUpdate();
            return;
        }
        LocalDate today = clock.today();
        WarningLevel level = DeadlineWarnings.level(deadline, today, calendar.calendar());
        Row old = locked(kind, subjectId);
        if (old == null) {
            int inserted = entityManager.createNativeQuery("insert into deadline_warning (subject_kind, subject_id, "
                    + "application_id, station_code, division_code, service_code, deadline, level, since) values "
                    + "(:kind, :id, :application, :station, :division, :service, :deadline, :level, "
                    + "case when :level = 'NONE' then null else cast(:today as date) end) "
                    + "on conflict (subject_kind, subject_id) do nothing").setParameter("kind", kind.name())
                    .setParameter("id", subjectId).setParameter("application", applicationId)
                    .setParameter("station", stationCode).setParameter("division", divisionOf(stationCode))
                    .setParameter("service", serviceCode).setParameter("deadline", deadline)
                    .setParameter("level", level.name()).setParameter("today", today).executeUpdate();
            if (inserted == 1) {
                if (level != WarningLevel.NONE) {
                    raise(new Row(kind, subjectId, applicationId, stationCode, serviceCode, deadline, level, today));
                }
                return;
            }
            old = locked(kind, subjectId);
        }
        move(old, deadline, level, today);
    }

    /**
     * Moves every level the business date {@code today} has changed, in transactions of at most
     * {@code errandless.supervision.warnings.batch-size} warnings, each claimed with {@code FOR UPDATE SKIP LOCKED}
     * (run it on any number of instances at once: each warning moves once, each change notifies once). Holds no
     * transaction between batches.
     *
     * @return the warnings whose level moved
     */
    public int sweep(LocalDate today) {
        int moved = 0;
        int batch = config.warnings().batchSize();
        while (true) {
            int done = QuarkusTransaction.requiringNew().call(() -> sweepBatch(today, batch));
            moved += done;
            if (done < batch) {
                return moved;
            }
        }
    }

    private int sweepBatch(LocalDate today, int batch) {
        WorkingDayCalendar workingDays = calendar.calendar();
        LocalDate yellowBefore = DeadlineWarnings.yellowBefore(today, workingDays);
        // a level the date has moved: overdue but not RED; within a working day but not YELLOW; further off but
        // flagged (a calendar change can lower a level)
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("select subject_kind, subject_id, application_id, "
                + "station_code, service_code, deadline, level, since from deadline_warning "
                + "where (level <> 'RED' and deadline < :today) "
                + "or (level <> 'YELLOW' and deadline >= :today and deadline < :yellowBefore) "
                + "or (level <> 'NONE' and deadline >= :yellowBefore) "
                + "order by deadline, subject_kind, subject_id limit :batch for update skip locked")
                .setParameter("today", today).setParameter("yellowBefore", yellowBefore)
                .setParameter("batch", batch).getResultList();
        for (Object[] values : rows) {
            Row row = row(values);
            move(row, row.deadline(), DeadlineWarnings.level(row.deadline(), today, workingDays), today);
        }
        return rows.size();
    }

    private void move(Row old, LocalDate deadline, WarningLevel level, LocalDate today) {
        if (old.level() == level && old.deadline().equals(deadline)) {
            return;
        }
        // since: kept while the level stays, today when it changes, none for NONE
        entityManager.createNativeQuery("update deadline_warning set deadline = :deadline, since = case when :level "
                + "= 'NONE' then null when level = :level then since else cast(:today as date) end, level = :level "
                + "where subject_kind = :kind and subject_id = :id")
                .setParameter("deadline", deadline).setParameter("level", level.name())
                .setParameter("today", today).setParameter("kind", old.kind().name())
                .setParameter("id", old.subjectId()).executeUpdate();
        if (level != WarningLevel.NONE && level != old.level()) {
            raise(new Row(old.kind(), old.subjectId(), old.applicationId(), old.stationCode(), old.serviceCode(),
                    deadline, level, today));
        }
    }

    /** Records the change once and, if this transaction recorded it, notifies the staff responsible. */
    private void raise(Row change) {
        String division = divisionOf(change.stationCode());
        List<UUID> recipients = change.kind() == WarningSubject.APPLICATION
                ? staff.responsibleFor(change.stationCode(), division)
                : staff.supervisorsCovering(change.stationCode(), division);
        int inserted = entityManager.createNativeQuery("insert into deadline_warning_change (id, subject_kind, "
                + "subject_id, application_id, station_code, service_code, level, since, deadline, recipients, "
                + "created_at) values (:id, :kind, :subject, :application, :station, :service, :level, :since, "
                + ":deadline, :recipients, :at) on conflict on constraint deadline_warning_change_once do nothing")
                .setParameter("id", UUID.randomUUID()).setParameter("kind", change.kind().name())
                .setParameter("subject", change.subjectId()).setParameter("application", change.applicationId())
                .setParameter("station", change.stationCode()).setParameter("service", change.serviceCode())
                .setParameter("level", change.level().name()).setParameter("since", change.since())
                .setParameter("deadline", change.deadline()).setParameter("recipients", recipients.size())
                .setParameter("at", clock.now().truncatedTo(ChronoUnit.MICROS)).executeUpdate();
        if (inserted == 0) {
            return;
        }
        String text = text(change);
        for (UUID recipient : recipients) {
            outbox.notifyStaff(recipient, change.subjectId(), MessagePurpose.DEADLINE_WARNING, text);
        }
        LOG.infof("Deadline warning %s of %s %s (station %s, due %s): %d staff notified", change.level(),
                change.kind(), change.subjectId(), change.stationCode(), change.deadline(), recipients.size());
    }

    /** The staff message: station, service, date; never a person. */
    String text(Row change) {
        String station = registry.station(change.stationCode()).map(StationView::name).orElse(change.stationCode());
        String service = catalog.findService(change.serviceCode()).map(ServiceItemView::name).map(LocalisedText::zh)
                .orElse(change.serviceCode());
        String date = MONTH_DAY.format(change.deadline());
        boolean red = change.level() == WarningLevel.RED;
        String prefix = red ? "【红色预警】" : "【黄色预警】";
        if (change.kind() == WarningSubject.RECTIFICATION) {
            return prefix + station + " " + service + "差评整改任务" + (red ? "已超期（期限" + date + "），请尽快办结。"
                    : "将于" + date + "到期，请及时办结。");
        }
        return prefix + station + " " + service + "办件" + (red ? "已超期（期限" + date + "），请尽快办理。"
                : "将于" + date + "到期（剩余不超过1个工作日），请及时办理。");
    }

    private Row locked(WarningSubject kind, UUID subjectId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("select subject_kind, subject_id, application_id, "
                + "station_code, service_code, deadline, level, since from deadline_warning where subject_kind = :kind "
                + "and subject_id = :id for update").setParameter("kind", kind.name()).setParameter("id", subjectId)
                .getResultList();
        return rows.isEmpty() ? null : row(rows.get(0));
    }

    private static Row row(Object[] values) {
        return new Row(WarningSubject.valueOf((String) values[0]), (UUID) values[1], (UUID) values[2],
                (String) values[3], (String) values[4], date(values[5]), WarningLevel.valueOf((String) values[6]),
                date(values[7]));
    }

    static LocalDate date(Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof LocalDate date ? date : ((Date) value).toLocalDate();
    }

    /** A station's division: its code's first six digits (the register's station table guarantees it). */
    static String divisionOf(String stationCode) {
        return stationCode.substring(0, 6);
    }
}
