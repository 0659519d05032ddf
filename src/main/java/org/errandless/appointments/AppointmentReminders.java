package org.errandless.appointments;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.errandless.catalog.CalendarService;
import org.errandless.catalog.WorkingDayCalendar;
import org.errandless.common.time.BusinessClock;
import org.errandless.identity.citizen.CitizenAccount;
import org.errandless.identity.citizen.CitizenAccounts;
import org.errandless.notifications.MessagePurpose;
import org.errandless.notifications.Outbox;
import org.errandless.registry.RegistryService;
import org.errandless.registry.StationView;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Reminds each applicant of their appointment on the working day before it (the calendar's: the Friday before a
 * Monday, the last working day before a holiday), by SMS and push through the outbox; a booking made later than that
 * is reminded at once. Run it on any number of instances at once: the bookings are claimed with
 * {@code FOR UPDATE SKIP LOCKED} and marked reminded in the transaction that queues the message, so each is reminded
 * exactly once. Nothing here calls another system.
 */
@ApplicationScoped
public class AppointmentReminders {

    private static final Logger LOG = Logger.getLogger(AppointmentReminders.class);
    private static final DateTimeFormatter MONTH_DAY = DateTimeFormatter.ofPattern("M月d日");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    @Inject
    EntityManager entityManager;
    @Inject
    CalendarService calendar;
    @Inject
    CitizenAccounts accounts;
    @Inject
    Outbox outbox;
    @Inject
    RegistryService registry;
    @Inject
    BusinessClock clock;
    @Inject
    AppointmentsConfig config;

    /** The next working day after {@code today}. */
    static LocalDate nextWorkingDay(LocalDate today, WorkingDayCalendar workingDays) {
        LocalDate day = today.plusDays(1);
        while (!workingDays.isWorkingDay(day)) {
            day = day.plusDays(1);
        }
        return day;
    }

    /**
     * Reminds of every booking due a reminder on the business date {@code today}: those of the days after today up
     * to the next working day, not reminded yet; in transactions of at most the batch size.
     *
     * @return the bookings reminded
     */
    public int send(LocalDate today) {
        LocalDate until = nextWorkingDay(today, calendar.calendar());
        int sent = 0;
        int batch = config.reminders().batchSize();
        while (true) {
            int done = QuarkusTransaction.requiringNew().call(() -> sendBatch(today, until, batch));
            sent += done;
            if (done < batch) {
                return sent;
            }
        }
    }

    private int sendBatch(LocalDate today, LocalDate until, int batch) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("select ap.id, ap.application_id, ap.account_id, "
                + "ap.station_code, s.starts_at from appointment ap join appointment_slot s on s.station_code = "
                + "ap.station_code and s.day = ap.day and s.period = ap.period where ap.status = 'BOOKED' "
                + "and ap.reminded_at is null and ap.day > :today and ap.day <= :until "
                + "order by ap.day, ap.id limit :batch for update of ap skip locked").setParameter("today", today)
                .setParameter("until", until).setParameter("batch", batch).getResultList();
        for (Object[] row : rows) {
            UUID id = (UUID) row[0];
            UUID applicationId = (UUID) row[1];
            Optional<CitizenAccount> account = accounts.byId((UUID) row[2]);
            if (account.isPresent()) {
                String station = registry.station((String) row[3]).map(StationView::name).orElse((String) row[3]);
                var startsAt = AppointmentService.instant(row[4]).atZone(BusinessClock.ZONE);
                String text = "提醒：您已预约" + MONTH_DAY.format(startsAt) + " " + TIME.format(startsAt) + "到" + station
                        + "办理领取，请携带本人有效证件准时前往。如需改约或取消，请在APP中操作。";
                outbox.notifyCitizen(account.get().id, accounts.phoneOf(account.get()), applicationId,
                        MessagePurpose.APPOINTMENT_REMINDER, text);
            } else {
                LOG.warnf("Appointment %s: applicant account not found, no reminder", id);
            }
            entityManager.createNativeQuery("update appointment set reminded_at = :at where id = :id")
                    .setParameter("at", clock.now().truncatedTo(ChronoUnit.MICROS)).setParameter("id", id)
                    .executeUpdate();
        }
        return rows.size();
    }
}
