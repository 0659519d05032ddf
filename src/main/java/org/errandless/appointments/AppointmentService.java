package org.errandless.appointments;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.errandless.applications.ApplicationFacts;
import org.errandless.applications.ApplicationLookup;
import org.errandless.applications.ApplicationStatus;
import org.errandless.applications.ApplicationStatusChanged;
import org.errandless.applications.Caller;
import org.errandless.appointments.AppointmentRequests.Booking;
import org.errandless.appointments.AppointmentRequests.Schedule;
import org.errandless.appointments.AppointmentRequests.Session;
import org.errandless.appointments.AppointmentViews.AppointmentView;
import org.errandless.appointments.AppointmentViews.DayList;
import org.errandless.appointments.AppointmentViews.ScheduleView;
import org.errandless.appointments.AppointmentViews.SessionView;
import org.errandless.appointments.AppointmentViews.SlotList;
import org.errandless.appointments.AppointmentViews.SlotView;
import org.errandless.audit.AuditActor;
import org.errandless.audit.AuditEntry;
import org.errandless.audit.AuditTrail;
import org.errandless.catalog.CalendarService;
import org.errandless.catalog.CatalogService;
import org.errandless.catalog.ServiceItemView;
import org.errandless.catalog.WorkingDayCalendar;
import org.errandless.common.problem.Problem;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.time.BusinessClock;
import org.errandless.registry.RegistryService;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Appointments for the one visit of a hand-over step (最多跑一次): station schedules, free sessions, bookings,
 * cancellations, reschedules and the officer's record of attendance.
 *
 * <h2>Rules</h2>
 * <ul>
 * <li>A station publishes one schedule: a morning and an afternoon session (either may be absent), each with hours
 * and a capacity, offered on every working day of the calendar (holidays off, make-up working days on) from today to
 * {@link AppointmentsConfig#horizonWorkingDays()} working days ahead. Only its own officers may read or publish it.</li>
 * <li>The applicant books once the application is APPROVED and its service has a hand-over step (ID_CARD_RENEWAL:
 * the new card waits at the station), a session of the handling station; one active booking per application (a
 * partial unique index). Booking, cancelling and rescheduling are open until {@link AppointmentsConfig#changeCutoff()}
 * before the session starts (business clock).</li>
 * <li>Capacity is the database's: a booking raises the session's {@code booked} with a conditional UPDATE
 * ({@code booked < capacity}) under the row lock, so however many requests and instances race, a session takes no
 * more than its seats; the losers get 409 {@code slot-full}.</li>
 * <li>A schedule change never drops a booking: the hours of sessions already booked stay, fewer seats than booked
 * only stop new bookings, a session no longer offered keeps its bookings; the answer counts such bookings.</li>
 * <li>The officer records ATTENDED from the session's day on, NO_SHOW once the session has ended.</li>
 * <li>When the application is completed, withdrawn or rejected, a booking whose session has not begun is cancelled
 * (the seat is free again); one that has begun waits for the officer's record.</li>
 * </ul>
 * Every booking, cancellation, reschedule, attendance record and schedule is on the audit trail. Each change of a
 * booking publishes the application's change, so its representation (which shows the appointment) moves at once.
 */
@ApplicationScoped
public class AppointmentService {

    private static final Logger LOG = Logger.getLogger(AppointmentService.class);

    @Inject
    EntityManager entityManager;
    @Inject
    ApplicationLookup applications;
    @Inject
    CatalogService catalog;
    @Inject
    CalendarService calendar;
    @Inject
    RegistryService registry;
    @Inject
    BusinessClock clock;
    @Inject
    AuditTrail audit;
    @Inject
    AppointmentsConfig config;

    /** A station's schedule row; a null session is not offered. */
    record StoredSchedule(String stationCode, Session morning, Session afternoon, Instant updatedAt) {

        Session session(Period period) {
            return period == Period.MORNING ? morning : afternoon;
        }
    }

    /** A session as stored once booked. */
    record SlotRow(LocalDate day, Period period, Instant startsAt, Instant endsAt, int capacity, int booked) {
    }

    // ---- schedules ----------------------------------------------------------------------------------------------

    /** The station's schedule, for its own officers (404 for any other station, and for unknown ones). */
    public ScheduleView schedule(Caller officer, String stationCode) {
        requireOwnStation(officer, stationCode);
        return QuarkusTransaction.joiningExisting().call(() -> {
            StoredSchedule schedule = stored(stationCode);
            return view(stationCode, schedule, schedule == null ? 0 : keptBookings(stationCode, schedule));
        });
    }

    /** Publishes the station's schedule (replacing the last), keeping every booking; see the class comment. */
    public ScheduleView publish(Caller officer, String stationCode, Schedule request) {
        requireOwnStation(officer, stationCode);
        List<Problem.InvalidParam> invalid = new ArrayList<>();
        check("morning", request.morning(), invalid);
        check("afternoon", request.afternoon(), invalid);
        if (invalid.isEmpty() && request.morning() != null && request.afternoon() != null
                && request.morning().end().isAfter(request.afternoon().start())) {
            invalid.add(new Problem.InvalidParam("afternoon.start", "must not be before the morning's end",
                    "overlapping-sessions"));
        }
        if (!invalid.isEmpty()) {
            throw ProblemException.validation(invalid);
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = now();
            // the schedule row serialises publications of one station
            entityManager.createNativeQuery("insert into station_schedule (station_code, morning_start, morning_end, "
                    + "morning_capacity, afternoon_start, afternoon_end, afternoon_capacity, updated_at, updated_by) "
                    + "values (:station, cast(:ms as time), cast(:me as time), cast(:mc as integer), cast(:as as time), "
                    + "cast(:ae as time), cast(:ac as integer), :at, :by) on conflict (station_code) do update "
                    + "set morning_start = excluded.morning_start, morning_end = excluded.morning_end, "
                    + "morning_capacity = excluded.morning_capacity, afternoon_start = excluded.afternoon_start, "
                    + "afternoon_end = excluded.afternoon_end, afternoon_capacity = excluded.afternoon_capacity, "
                    + "updated_at = excluded.updated_at, updated_by = excluded.updated_by")
                    .setParameter("station", stationCode)
                    .setParameter("ms", start(request.morning())).setParameter("me", end(request.morning()))
                    .setParameter("mc", capacity(request.morning()))
                    .setParameter("as", start(request.afternoon())).setParameter("ae", end(request.afternoon()))
                    .setParameter("ac", capacity(request.afternoon()))
                    .setParameter("at", now).setParameter("by", officer.staffId()).executeUpdate();
            LocalDate today = clock.today();
            for (Period period : Period.values()) {
                Session session = period == Period.MORNING ? request.morning() : request.afternoon();
                // sessions to come: the new capacity (0 where no longer offered); new hours only where nobody booked
                entityManager.createNativeQuery("update appointment_slot set capacity = :capacity where "
                        + "station_code = :station and period = :period and day >= :today")
                        .setParameter("capacity", session == null ? 0 : session.capacity())
                        .setParameter("station", stationCode).setParameter("period", period.name())
                        .setParameter("today", today).executeUpdate();
                if (session != null) {
                    entityManager.createNativeQuery("update appointment_slot set starts_at = (day + cast(:start as "
                            + "time)) at time zone 'Asia/Shanghai', ends_at = (day + cast(:end as time)) at time zone "
                            + "'Asia/Shanghai' where station_code = :station and period = :period and day >= :today "
                            + "and booked = 0").setParameter("start", session.start().toString())
                            .setParameter("end", session.end().toString()).setParameter("station", stationCode)
                            .setParameter("period", period.name()).setParameter("today", today).executeUpdate();
                }
            }
            StoredSchedule schedule = stored(stationCode);
            long kept = keptBookings(stationCode, schedule);
            audit.record(AuditEntry.success(staff(officer), "appointment.schedule.publish")
                    .target("station", stationCode)
                    .detail("morning", describe(request.morning())).detail("afternoon", describe(request.afternoon()))
                    .detail("bookingsKept", Long.toString(kept)));
            return view(stationCode, schedule, kept);
        });
    }

    // ---- the applicant ------------------------------------------------------------------------------------------

    /** The free sessions the applicant may book for the application, soonest first. */
    public SlotList slots(Caller citizen, UUID applicationId) {
        ApplicationFacts application = bookable(citizen, applicationId);
        String station = application.handlingStation();
        return QuarkusTransaction.joiningExisting().call(() -> {
            StoredSchedule schedule = stored(station);
            List<SlotView> items = new ArrayList<>();
            if (schedule == null) {
                return new SlotList(station, items);
            }
            LocalDate today = clock.today();
            List<LocalDate> days = workingDays(today);
            Map<String, SlotRow> booked = new HashMap<>();
            for (SlotRow row : slotRows(station, days.get(0), days.get(days.size() - 1))) {
                booked.put(row.day() + "/" + row.period(), row);
            }
            Instant latestStart = now().plus(config.changeCutoff());
            for (LocalDate day : days) {
                for (Period period : Period.values()) {
                    Session session = schedule.session(period);
                    SlotRow row = booked.get(day + "/" + period);
                    if (session == null) {
                        continue;
                    }
                    Instant startsAt = row != null ? row.startsAt() : at(day, session.start());
                    Instant endsAt = row != null ? row.endsAt() : at(day, session.end());
                    int taken = row == null ? 0 : row.booked();
                    int free = session.capacity() - taken;
                    if (free > 0 && startsAt.isAfter(latestStart)) {
                        items.add(new SlotView(day, period, startsAt, endsAt, session.capacity(), free));
                    }
                }
            }
            return new SlotList(station, items);
        });
    }

    /** The application's appointment: the active booking, else the latest with an outcome; 404 when none. */
    public AppointmentView get(Caller caller, UUID applicationId) {
        ApplicationFacts application = applications.visible(caller, applicationId);
        return QuarkusTransaction.joiningExisting().call(() -> latest(application.id(), false))
                .orElseThrow(() -> ProblemException.notFound("appointment"));
    }

    /** Books a session for the application: 409 {@code slot-full}, {@code appointment-exists}; see the class. */
    public AppointmentView book(Caller citizen, UUID applicationId, Booking request) {
        return inTransaction(() -> {
            ApplicationFacts application = bookable(citizen, applicationId);
            if (active(application.id()) != null) {
                throw ProblemException.conflict("appointment-exists", "This application has an appointment already: "
                        + "reschedule it (PUT) or cancel it (DELETE)");
            }
            UUID id = UUID.randomUUID();
            SlotRow slot = take(application.handlingStation(), request);
            insert(id, application, request, now());
            audit.record(AuditEntry.success(AuditActor.citizen(citizen.accountId().toString()), "appointment.book")
                    .target("application", application.id().toString()).detail("appointment", id.toString())
                    .detail("station", application.handlingStation()).detail("date", slot.day().toString())
                    .detail("period", slot.period().name()));
            applications.changed(application.id());
            return find(id);
        });
    }

    /** Moves the booking to another session in one transaction: a full session leaves the old booking as it was. */
    public AppointmentView reschedule(Caller citizen, UUID applicationId, Booking request) {
        return inTransaction(() -> {
            ApplicationFacts application = bookable(citizen, applicationId);
            AppointmentView old = active(application.id());
            if (old == null) {
                throw ProblemException.notFound("appointment");
            }
            requireChangeable(old);
            if (old.date().equals(request.date()) && old.period() == request.period()) {
                return old;
            }
            UUID id = UUID.randomUUID();
            // both sessions' rows in one order, so two reschedules crossing each other cannot deadlock
            boolean newFirst = key(application.handlingStation(), request.date(), request.period())
                    .compareTo(key(old.stationCode(), old.date(), old.period())) < 0;
            if (newFirst) {
                take(application.handlingStation(), request);
                release(old, "RESCHEDULED");
            } else {
                release(old, "RESCHEDULED");
                take(application.handlingStation(), request);
            }
            insert(id, application, request, now());
            entityManager.createNativeQuery("update appointment set replaced_by = :id where id = :old")
                    .setParameter("id", id).setParameter("old", old.id()).executeUpdate();
            audit.record(AuditEntry.success(AuditActor.citizen(citizen.accountId().toString()),
                    "appointment.reschedule").target("application", application.id().toString())
                    .detail("appointment", id.toString()).detail("replaces", old.id().toString())
                    .detail("date", request.date().toString()).detail("period", request.period().name()));
            applications.changed(application.id());
            return find(id);
        });
    }

    /** Cancels the active booking (its seat is free again). */
    public void cancel(Caller citizen, UUID applicationId) {
        inTransaction(() -> {
            ApplicationFacts application = applications.visible(citizen, applicationId);
            AppointmentView old = active(application.id());
            if (old == null) {
                throw ProblemException.notFound("appointment");
            }
            requireChangeable(old);
            release(old, "CANCELLED");
            audit.record(AuditEntry.success(AuditActor.citizen(citizen.accountId().toString()), "appointment.cancel")
                    .target("application", application.id().toString()).detail("appointment", old.id().toString())
                    .detail("date", old.date().toString()).detail("period", old.period().name()));
            applications.changed(application.id());
            return null;
        });
    }

    // ---- the station --------------------------------------------------------------------------------------------

    /** Records what happened at the counter: ATTENDED from the session's day, NO_SHOW once it has ended. */
    public AppointmentView recordOutcome(Caller officer, UUID applicationId, AppointmentStatus outcome) {
        return recordOutcome(officer, applicationId, outcome, now());
    }

    AppointmentView recordOutcome(Caller officer, UUID applicationId, AppointmentStatus outcome, Instant now) {
        if (outcome != AppointmentStatus.ATTENDED && outcome != AppointmentStatus.NO_SHOW) {
            throw new IllegalArgumentException("An outcome is ATTENDED or NO_SHOW");
        }
        return inTransaction(() -> {
            ApplicationFacts application = applications.visible(officer, applicationId);
            AppointmentView booked = active(application.id());
            if (booked == null) {
                latest(application.id(), false).ifPresent(closed -> {
                    throw ProblemException.conflict("appointment-not-booked", "The outcome of this appointment is "
                            + "recorded already (" + closed.status() + ")");
                });
                throw ProblemException.notFound("appointment");
            }
            boolean early = outcome == AppointmentStatus.ATTENDED
                    ? now.atZone(BusinessClock.ZONE).toLocalDate().isBefore(booked.date())
                    : now.isBefore(booked.endsAt());
            if (early) {
                throw ProblemException.conflict("attendance-too-early", outcome == AppointmentStatus.ATTENDED
                        ? "Attendance can be recorded from the appointment's day on"
                        : "A no-show can be recorded once the session has ended");
            }
            entityManager.createNativeQuery("update appointment set status = :status, outcome_at = :at, "
                    + "outcome_by = :by where id = :id").setParameter("status", outcome.name())
                    .setParameter("at", now.truncatedTo(ChronoUnit.MICROS)).setParameter("by", officer.staffId())
                    .setParameter("id", booked.id()).executeUpdate();
            audit.record(AuditEntry.success(staff(officer), "appointment.outcome")
                    .target("application", application.id().toString()).detail("appointment", booked.id().toString())
                    .detail("outcome", outcome.name()));
            applications.changed(application.id());
            return find(booked.id());
        });
    }

    /** The station's bookings of a day (active and with an outcome), by session; for its own officers. */
    public DayList day(Caller officer, String stationCode, LocalDate day) {
        requireOwnStation(officer, stationCode);
        LocalDate date = day == null ? clock.today() : day;
        return QuarkusTransaction.joiningExisting().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = entityManager.createNativeQuery(SELECT + " where ap.station_code = :station "
                    + "and ap.day = :day and ap.status <> 'CANCELLED' order by s.starts_at, ap.booked_at, ap.id")
                    .setParameter("station", stationCode).setParameter("day", date).getResultList();
            return new DayList(stationCode, date, rows.stream().map(this::view).toList());
        });
    }

    /** Cancels a booking whose session has not begun when its application closes; in the transition's transaction. */
    void onClosed(@Observes ApplicationStatusChanged change) {
        if (change.to() != ApplicationStatus.COMPLETED && change.to() != ApplicationStatus.WITHDRAWN
                && change.to() != ApplicationStatus.REJECTED) {
            return;
        }
        AppointmentView booked = active(change.applicationId());
        if (booked != null && now().isBefore(booked.startsAt())) {
            release(booked, "APPLICATION_CLOSED");
            LOG.infof("Appointment %s of application %s cancelled: the application is %s", booked.id(),
                    change.applicationId(), change.to());
        }
    }

    // ---- rules and rows -----------------------------------------------------------------------------------------

    private static final String SELECT = "select ap.id, ap.application_id, ap.station_code, ap.day, ap.period, "
            + "s.starts_at, s.ends_at, ap.status, ap.booked_at, ap.reminded_at, ap.outcome_at from appointment ap "
            + "join appointment_slot s on s.station_code = ap.station_code and s.day = ap.day and s.period = ap.period";

    /** The application if the citizen may book for it now: their own, APPROVED, of a service with a hand-over. */
    private ApplicationFacts bookable(Caller citizen, UUID applicationId) {
        ApplicationFacts application = applications.visible(citizen, applicationId);
        ServiceItemView service = catalog.findService(application.serviceCode()).orElse(null);
        if (service == null || !service.handOverStep()) {
            throw ProblemException.conflict("appointment-not-open", "This service is handled without a visit: "
                    + "nothing to book");
        }
        if (application.status() != ApplicationStatus.APPROVED) {
            throw ProblemException.conflict("appointment-not-open", "An appointment for the hand-over can be booked "
                    + "once the application is APPROVED (it is " + application.status() + ")");
        }
        return application;
    }

    /** Takes a seat of the session (creating its row at the first booking); 422 or 409 when it cannot. */
    private SlotRow take(String station, Booking request) {
        StoredSchedule schedule = stored(station);
        Session session = schedule == null ? null : schedule.session(request.period());
        LocalDate today = clock.today();
        List<LocalDate> days = workingDays(today);
        if (session == null || !days.contains(request.date())) {
            throw unavailable("The station offers no " + request.period() + " session on " + request.date()
                    + " (sessions are offered on working days from today to " + days.get(days.size() - 1) + ")");
        }
        entityManager.createNativeQuery("insert into appointment_slot (station_code, day, period, starts_at, ends_at, "
                + "capacity, booked) values (:station, :day, :period, :starts, :ends, :capacity, 0) "
                + "on conflict (station_code, day, period) do nothing").setParameter("station", station)
                .setParameter("day", request.date()).setParameter("period", request.period().name())
                .setParameter("starts", at(request.date(), session.start()))
                .setParameter("ends", at(request.date(), session.end()))
                .setParameter("capacity", session.capacity()).executeUpdate();
        // the seat: one conditional update under the row's lock settles every race, on any number of instances
        @SuppressWarnings("unchecked")
        List<Object[]> taken = entityManager.createNativeQuery("update appointment_slot set booked = booked + 1 "
                + "where station_code = :station and day = :day and period = :period and booked < capacity "
                + "returning day, period, starts_at, ends_at, capacity, booked").setParameter("station", station)
                .setParameter("day", request.date()).setParameter("period", request.period().name()).getResultList();
        if (taken.isEmpty()) {
            throw ProblemException.conflict("slot-full", "This session is fully booked; choose another one");
        }
        SlotRow slot = slotRow(taken.get(0));
        if (now().isAfter(slot.startsAt().minus(config.changeCutoff()))) {
            throw unavailable("This session starts too soon to be booked");
        }
        return slot;
    }

    /** Cancels a booking and frees its seat. */
    private void release(AppointmentView booking, String reason) {
        entityManager.createNativeQuery("update appointment set status = 'CANCELLED', cancelled_at = :at, "
                + "cancel_reason = :reason where id = :id").setParameter("at", now()).setParameter("reason", reason)
                .setParameter("id", booking.id()).executeUpdate();
        entityManager.createNativeQuery("update appointment_slot set booked = booked - 1 where station_code = "
                + ":station and day = :day and period = :period").setParameter("station", booking.stationCode())
                .setParameter("day", booking.date()).setParameter("period", booking.period().name()).executeUpdate();
    }

    private void insert(UUID id, ApplicationFacts application, Booking request, Instant now) {
        entityManager.createNativeQuery("insert into appointment (id, application_id, account_id, station_code, day, "
                + "period, status, booked_at) values (:id, :application, :account, :station, :day, :period, "
                + "'BOOKED', :at)").setParameter("id", id).setParameter("application", application.id())
                .setParameter("account", application.applicantAccountId())
                .setParameter("station", application.handlingStation()).setParameter("day", request.date())
                .setParameter("period", request.period().name()).setParameter("at", now).executeUpdate();
    }

    private void requireChangeable(AppointmentView booking) {
        if (now().isAfter(booking.changeableUntil())) {
            throw ProblemException.conflict("appointment-too-late", "The appointment starts at " + booking.startsAt()
                    + ": it can no longer be changed or cancelled online (until " + booking.changeableUntil() + ")");
        }
    }

    /** The active booking, its row locked; null when none. */
    private AppointmentView active(UUID applicationId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery(SELECT + " where ap.application_id = :application "
                + "and ap.status = 'BOOKED' for update of ap").setParameter("application", applicationId)
                .getResultList();
        return rows.isEmpty() ? null : view(rows.get(0));
    }

    private java.util.Optional<AppointmentView> latest(UUID applicationId, boolean lock) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery(SELECT + " where ap.application_id = :application "
                + "and ap.status <> 'CANCELLED' order by ap.booked_at desc, ap.id limit 1"
                + (lock ? " for update of ap" : "")).setParameter("application", applicationId).getResultList();
        return rows.stream().findFirst().map(this::view);
    }

    private AppointmentView find(UUID id) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery(SELECT + " where ap.id = :id").setParameter("id", id)
                .getResultList();
        return view(rows.get(0));
    }

    private StoredSchedule stored(String station) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("select morning_start, morning_end, morning_capacity, "
                + "afternoon_start, afternoon_end, afternoon_capacity, updated_at from station_schedule "
                + "where station_code = :station").setParameter("station", station).getResultList();
        if (rows.isEmpty()) {
            return null;
        }
        Object[] row = rows.get(0);
        return new StoredSchedule(station, session(row[0], row[1], row[2]), session(row[3], row[4], row[5]),
                instant(row[6]));
    }

    /** Bookings of sessions to come that the schedule no longer offers as they were booked. */
    private long keptBookings(String station, StoredSchedule schedule) {
        long kept = 0;
        LocalDate today = clock.today();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("select day, period, starts_at, ends_at, capacity, "
                + "booked from appointment_slot where station_code = :station and day >= :today and booked > 0")
                .setParameter("station", station).setParameter("today", today).getResultList();
        for (Object[] values : rows) {
            SlotRow row = slotRow(values);
            Session session = schedule.session(row.period());
            if (session == null) {
                kept += row.booked();
            } else if (!row.startsAt().equals(at(row.day(), session.start()))
                    || !row.endsAt().equals(at(row.day(), session.end()))) {
                kept += row.booked();
            } else if (row.booked() > session.capacity()) {
                kept += row.booked() - session.capacity();
            }
        }
        return kept;
    }

    private List<SlotRow> slotRows(String station, LocalDate from, LocalDate to) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("select day, period, starts_at, ends_at, capacity, "
                + "booked from appointment_slot where station_code = :station and day between :from and :to")
                .setParameter("station", station).setParameter("from", from).setParameter("to", to).getResultList();
        return rows.stream().map(AppointmentService::slotRow).toList();
    }

    /** Today (when a working day) and the next {@code horizonWorkingDays} working days. */
    List<LocalDate> workingDays(LocalDate today) {
        WorkingDayCalendar workingDays = calendar.calendar();
        List<LocalDate> days = new ArrayList<>();
        if (workingDays.isWorkingDay(today)) {
            days.add(today);
        }
        LocalDate day = today;
        for (int found = 0; found < config.horizonWorkingDays();) {
            day = day.plusDays(1);
            if (workingDays.isWorkingDay(day)) {
                days.add(day);
                found++;
            }
        }
        return days;
    }

    private void requireOwnStation(Caller officer, String stationCode) {
        if (stationCode == null || officer.station() == null || !officer.station().equals(stationCode)
                || registry.station(stationCode).isEmpty()) {
            throw ProblemException.notFound("station");
        }
    }

    private ScheduleView view(String station, StoredSchedule schedule, long kept) {
        return new ScheduleView(station, schedule == null ? null : sessionView(schedule.morning()),
                schedule == null ? null : sessionView(schedule.afternoon()), config.horizonWorkingDays(),
                schedule == null ? null : schedule.updatedAt(), kept);
    }

    private AppointmentView view(Object[] row) {
        Instant startsAt = instant(row[5]);
        return new AppointmentView((UUID) row[0], (UUID) row[1], (String) row[2], date(row[3]),
                Period.valueOf((String) row[4]), startsAt, instant(row[6]), AppointmentStatus.valueOf((String) row[7]),
                instant(row[8]), startsAt.minus(config.changeCutoff()), instant(row[9]), instant(row[10]));
    }

    private static SlotRow slotRow(Object[] row) {
        return new SlotRow(date(row[0]), Period.valueOf((String) row[1]), instant(row[2]), instant(row[3]),
                ((Number) row[4]).intValue(), ((Number) row[5]).intValue());
    }

    private static SessionView sessionView(Session session) {
        return session == null ? null : new SessionView(hhmm(session.start()), hhmm(session.end()),
                session.capacity());
    }

    private static String hhmm(LocalTime time) {
        return String.format("%02d:%02d", time.getHour(), time.getMinute());
    }

    private static Session session(Object start, Object end, Object capacity) {
        return start == null ? null : new Session(time(start), time(end), ((Number) capacity).intValue());
    }

    private static void check(String name, Session session, List<Problem.InvalidParam> invalid) {
        if (session != null && session.start() != null && session.end() != null
                && !session.start().isBefore(session.end())) {
            invalid.add(new Problem.InvalidParam(name + ".end", "must be after the start", "session-empty"));
        }
    }

    private static ProblemException unavailable(String detail) {
        return ProblemException.unprocessable("slot-unavailable", detail);
    }

    private static String key(String station, LocalDate day, Period period) {
        return station + "/" + day + "/" + period.ordinal();
    }

    private static String describe(Session session) {
        return session == null ? "none" : session.start() + "-" + session.end() + " x" + session.capacity();
    }

    private static AuditActor staff(Caller officer) {
        return AuditActor.staff(officer.staffId(), "OFFICER @ " + officer.station());
    }

    private static String start(Session session) {
        return session == null ? null : session.start().toString();
    }

    private static String end(Session session) {
        return session == null ? null : session.end().toString();
    }

    private static String capacity(Session session) {
        return session == null ? null : session.capacity().toString();
    }

    /** The instant a session time of a business date is. */
    static Instant at(LocalDate day, LocalTime time) {
        return day.atTime(time).atZone(BusinessClock.ZONE).toInstant();
    }

    private Instant now() {
        return clock.now().truncatedTo(ChronoUnit.MICROS);
    }

    /** Runs a change in a transaction of its own; two bookings racing for the one active row answer 409. */
    private <T> T inTransaction(Supplier<T> work) {
        try {
            return QuarkusTransaction.requiringNew().call(work::get);
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof ProblemException problem) {
                    throw problem;
                }
                if (cause instanceof org.hibernate.exception.ConstraintViolationException violation
                        && "appointment_one_active".equals(violation.getConstraintName())) {
                    throw ProblemException.conflict("appointment-exists", "This application has an appointment "
                            + "already");
                }
            }
            throw e;
        }
    }

    static LocalDate date(Object value) {
        return value instanceof LocalDate date ? date : ((java.sql.Date) value).toLocalDate();
    }

    static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        return ((Timestamp) value).toInstant();
    }

    private static LocalTime time(Object value) {
        return value instanceof LocalTime time ? time : ((java.sql.Time) value).toLocalTime();
    }
}
