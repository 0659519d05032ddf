package org.errandless.catalog;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.annotation.PostConstruct;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import org.errandless.audit.AuditActor;
import org.errandless.audit.AuditEntry;
import org.errandless.audit.AuditTrail;

import org.errandless.common.problem.Problem;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.live.LiveFeed;
import org.errandless.common.live.LiveMirror;
import org.errandless.common.web.PreparedBody;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The working-day calendar: which years' holiday arrangements are known, and the deadline arithmetic over them.
 *
 * <p>The calendar lives in memory on every instance (every application read computes deadlines), with each covered
 * year's answer prepared: replacing or loading a year calls {@link LiveMirror#changed()} in its transaction, and every
 * instance reads the calendar again after the commit (while the live feed does not listen, every use reads the
 * database). Code that computes many deadlines together takes one {@link #dueDates()} and reuses it.
 */
@ApplicationScoped
public class CalendarService {

    /** The live-feed key a change of the calendar publishes. */
    static final String LIVE_KEY = "catalog:calendar";

    private final EntityManager entityManager;

    @Inject
    AuditTrail audit;
    @Inject
    LiveFeed feed;
    @Inject
    TransactionSynchronizationRegistry transactions;
    @Inject
    ObjectMapper json;

    private LiveMirror<Calendar> mirror;

    public CalendarService(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** The calendar as read at one moment: the snapshot, its arithmetic, and each covered year's answer. */
    private record Calendar(CalendarSnapshot snapshot, DueDates dueDates, Map<Integer, CalendarYearView> years,
            Map<Integer, PreparedBody> answers) {
    }

    @PostConstruct
    void mirror() {
        mirror = new LiveMirror<>(feed, transactions, LIVE_KEY, this::load);
    }

    /** The calendar as it is now: every covered year with its holidays and make-up working days. */
    public CalendarSnapshot calendar() {
        return mirror.get().snapshot();
    }

    private Calendar load() {
        return QuarkusTransaction.joiningExisting().call(() -> {
            CalendarSnapshot.Builder builder = CalendarSnapshot.builder();
            Map<Integer, String> sources = new TreeMap<>();
            for (CalendarYear year : CalendarYear.<CalendarYear>listAll()) {
                builder.cover(year.year);
                sources.put(year.year, year.source);
            }
            Map<Integer, List<CalendarDay>> days = new TreeMap<>();
            for (CalendarDay day : CalendarDay.<CalendarDay>list("order by day")) {
                if (day.kind == CalendarDay.Kind.HOLIDAY) {
                    builder.holiday(day.day, day.name);
                } else {
                    builder.makeUpWorkday(day.day);
                }
                days.computeIfAbsent(day.year, ignored -> new ArrayList<>()).add(day);
            }
            CalendarSnapshot snapshot = builder.build();
            Map<Integer, CalendarYearView> years = new TreeMap<>();
            Map<Integer, PreparedBody> answers = new TreeMap<>();
            sources.forEach((year, source) -> {
                CalendarYearView view = yearView(year, source, days.getOrDefault(year, List.of()));
                years.put(year, view);
                answers.put(year, PreparedBody.of(json, view));
            });
            return new Calendar(snapshot, new DueDates(snapshot), Collections.unmodifiableMap(years),
                    Collections.unmodifiableMap(answers));
        });
    }

    /** Deadline arithmetic over the calendar as it is now (the same instance while the calendar is unchanged). */
    public DueDates dueDates() {
        return mirror.get().dueDates();
    }

    /** The due date of a time limit started on {@code from}; see {@link DueDates#dueDate}. */
    public DueDate dueDate(LocalDate from, int amount, CountingUnit unit) {
        return dueDates().dueDate(from, amount, unit);
    }

    /** The counting days in {@code [from, toExclusive)}; see {@link DueDates#countDays}. */
    public DayCount countDays(LocalDate from, LocalDate toExclusive, CountingUnit unit) {
        return dueDates().countDays(from, toExclusive, unit);
    }

    /** The due date moved by a suspension; see {@link DueDates#afterSuspension}. */
    public DueDate afterSuspension(DueDate dueDate, LocalDate suspendedOn, LocalDate resumedOn, CountingUnit unit) {
        return dueDates().afterSuspension(dueDate, suspendedOn, resumedOn, unit);
    }

    /** Overdue from the day after the due date. */
    public boolean isOverdue(LocalDate dueDate, LocalDate today) {
        return DueDates.isOverdue(dueDate, today);
    }

    /** Working days left until the due date; see {@link DueDates#remainingWorkingDays}. */
    public int remainingWorkingDays(LocalDate today, LocalDate dueDate) {
        return dueDates().remainingWorkingDays(today, dueDate);
    }

    /**
     * One year of the calendar; an uncovered year has {@code covered: false} and no days.
     *
     * @throws ProblemException 400 {@code validation-failed} for a year outside 1900..2200
     */
    public CalendarYearView year(int year) {
        requireSupported(year);
        CalendarYearView known = mirror.get().years().get(year);
        return known != null ? known : uncovered(year);
    }

    /**
     * {@code GET /calendar/{year}}: one year's answer, serialised and tagged (prepared once for a covered year).
     *
     * @throws ProblemException 400 {@code validation-failed} for a year outside 1900..2200
     */
    public PreparedBody preparedYear(int year) {
        requireSupported(year);
        PreparedBody known = mirror.get().answers().get(year);
        return known != null ? known : PreparedBody.of(json, uncovered(year));
    }

    private static void requireSupported(int year) {
        if (!HolidayArrangement.isSupportedYear(year)) {
            throw ProblemException.validation(List.of(new Problem.InvalidParam("year",
                    "must be between " + HolidayArrangement.MIN_YEAR + " and " + HolidayArrangement.MAX_YEAR,
                    "out-of-range")));
        }
    }

    private static CalendarYearView uncovered(int year) {
        return new CalendarYearView(year, false, null, List.of(), List.of());
    }

    /** A covered year as the notice states it: consecutive holidays with the same name are one period. */
    private static CalendarYearView yearView(int year, String source, List<CalendarDay> days) {
        List<Holiday> holidays = new ArrayList<>();
        List<LocalDate> makeUpWorkdays = new ArrayList<>();
        Holiday current = null;
        for (CalendarDay day : days) {
            if (day.kind == CalendarDay.Kind.MAKE_UP_WORKDAY) {
                makeUpWorkdays.add(day.day);
                continue;
            }
            if (current != null && current.name().equals(day.name) && current.to().plusDays(1).equals(day.day)) {
                current = new Holiday(current.name(), current.from(), day.day);
                holidays.set(holidays.size() - 1, current);
            } else {
                current = new Holiday(day.name, day.day, day.day);
                holidays.add(current);
            }
        }
        return new CalendarYearView(year, true, source, List.copyOf(holidays), List.copyOf(makeUpWorkdays));
    }

    /**
     * Replaces a year's holiday arrangement (the admin's {@code PUT /admin/calendar/{year}}); the year is covered
     * afterwards. Concurrent replacements of one year are serialized by the year's row lock.
     *
     * @param year the calendar year, 1900..2200
     * @param holidays holiday periods, all dates in the year, not overlapping
     * @param makeUpWorkdays weekend days of the year that are worked, not on a holiday
     * @throws ProblemException 400 {@code validation-failed} naming each bad field
     */
    @Transactional(Transactional.TxType.REQUIRED)
    public CalendarYearView replaceYear(int year, List<Holiday> holidays, List<LocalDate> makeUpWorkdays) {
        return replaceYear(new HolidayArrangement(null, year, holidays, makeUpWorkdays));
    }

    /** As {@link #replaceYear(int, List, List)}, keeping where the arrangement comes from. */
    @Transactional(Transactional.TxType.REQUIRED)
    public CalendarYearView replaceYear(HolidayArrangement arrangement) {
        validate(arrangement);
        // the upsert comes first: it takes the year's row lock before any day is touched
        entityManager.createNativeQuery("INSERT INTO calendar_year (year, source, updated_at) VALUES (?1, ?2, now()) "
                + "ON CONFLICT (year) DO UPDATE SET source = excluded.source, updated_at = now()")
                .setParameter(1, arrangement.year()).setParameter(2, arrangement.source()).executeUpdate();
        entityManager.createNativeQuery("DELETE FROM calendar_day WHERE year = ?1").setParameter(1, arrangement.year())
                .executeUpdate();
        insertDays(arrangement);
        entityManager.clear();
        mirror.changed();
        return year(arrangement.year());
    }

    /** An admin's replacement of a year, recorded in the audit trail. */
    @Transactional(Transactional.TxType.REQUIRED)
    public CalendarYearView replaceYear(HolidayArrangement arrangement, String adminId) {
        CalendarYearView replaced = replaceYear(arrangement);
        audit.record(AuditEntry.success(AuditActor.staff(adminId, "ADMIN"), "admin.calendar.replaced")
                .target("calendar-year", Integer.toString(arrangement.year())));
        return replaced;
    }

    /**
     * Loads a year's arrangement unless the year is already in the database (then it changes nothing, so an
     * admin's replacement survives restarts). Safe when several instances start together: the year row is inserted
     * with {@code ON CONFLICT DO NOTHING}, and only the transaction that inserted it adds the days.
     *
     * @return whether this call loaded the year
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean loadYearIfAbsent(HolidayArrangement arrangement) {
        validate(arrangement);
        int inserted = entityManager.createNativeQuery(
                "INSERT INTO calendar_year (year, source, updated_at) VALUES (?1, ?2, now()) ON CONFLICT (year) DO NOTHING")
                .setParameter(1, arrangement.year()).setParameter(2, arrangement.source()).executeUpdate();
        if (inserted == 0) {
            return false;
        }
        insertDays(arrangement);
        mirror.changed();
        return true;
    }

    /**
     * Call in a transaction that changes the calendar's tables other than through this service (an operator's tool,
     * a test): every instance reads the calendar again once it commits, this one at once.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void changed() {
        mirror.changed();
    }

    private static void validate(HolidayArrangement arrangement) {
        List<Problem.InvalidParam> problems = HolidayArrangement.problems(arrangement.year(), arrangement.source(),
                arrangement.holidays(), arrangement.makeUpWorkdays());
        if (!problems.isEmpty()) {
            throw ProblemException.validation(problems);
        }
    }

    private void insertDays(HolidayArrangement arrangement) {
        List<Object[]> rows = new ArrayList<>();
        for (Holiday holiday : arrangement.holidays()) {
            for (LocalDate date = holiday.from(); !date.isAfter(holiday.to()); date = date.plusDays(1)) {
                rows.add(new Object[] { date, CalendarDay.Kind.HOLIDAY.name(), holiday.name().strip() });
            }
        }
        for (LocalDate date : arrangement.makeUpWorkdays()) {
            rows.add(new Object[] { date, CalendarDay.Kind.MAKE_UP_WORKDAY.name(), null });
        }
        rows.sort(Comparator.comparing(row -> (LocalDate) row[0]));
        for (Object[] row : rows) {
            entityManager.createNativeQuery("INSERT INTO calendar_day (day, year, kind, name) VALUES (?1, ?2, ?3, ?4)")
                    .setParameter(1, row[0]).setParameter(2, arrangement.year()).setParameter(3, row[1])
                    .setParameter(4, row[2]).executeUpdate();
        }
    }
}
