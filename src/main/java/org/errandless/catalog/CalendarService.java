package org.errandless.catalog;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.errandless.audit.AuditActor;
import org.errandless.audit.AuditEntry;
import org.errandless.audit.AuditTrail;

import org.errandless.common.problem.Problem;
import org.errandless.common.problem.ProblemException;

/**
 * The working-day calendar: which years' holiday arrangements are known, and the deadline arithmetic over them.
 *
 * <p>Every call reads the calendar afresh (a few dozen rows), so a year an admin replaces on one instance counts on
 * all instances at once. Code that computes many deadlines together takes one {@link #dueDates()} and reuses it.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class CalendarService {

    private final EntityManager entityManager;

    @Inject
    AuditTrail audit;

    public CalendarService(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** The last calendar read, with the stamp of the years it was read at. */
    private record Cached(String stamp, CalendarSnapshot snapshot) {
    }

    private volatile Cached cached;

    /**
     * The calendar as it is now: every covered year with its holidays and make-up working days.
     *
     * <p>Every application read computes due dates, so the snapshot is kept while the stamp of the covered years
     * (each year with its {@code updated_at}, which every replacement sets) stays the same: one small query instead
     * of loading every day. A replacement committed by any instance changes the stamp, so the next read reloads.
     */
    public CalendarSnapshot calendar() {
        String stamp = (String) entityManager.createNativeQuery("SELECT coalesce(string_agg(year || '@' || "
                + "updated_at, ',' ORDER BY year), '') FROM calendar_year").getSingleResult();
        Cached last = cached;
        if (last != null && last.stamp().equals(stamp)) {
            return last.snapshot();
        }
        CalendarSnapshot snapshot = load();
        cached = new Cached(stamp, snapshot);
        return snapshot;
    }

    private CalendarSnapshot load() {
        CalendarSnapshot.Builder builder = CalendarSnapshot.builder();
        for (CalendarYear year : CalendarYear.<CalendarYear>listAll()) {
            builder.cover(year.year);
        }
        for (CalendarDay day : CalendarDay.<CalendarDay>listAll()) {
            if (day.kind == CalendarDay.Kind.HOLIDAY) {
                builder.holiday(day.day, day.name);
            } else {
                builder.makeUpWorkday(day.day);
            }
        }
        return builder.build();
    }

    /** Deadline arithmetic over the calendar as it is now. */
    public DueDates dueDates() {
        return new DueDates(calendar());
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
        if (!HolidayArrangement.isSupportedYear(year)) {
            throw ProblemException.validation(List.of(new Problem.InvalidParam("year",
                    "must be between " + HolidayArrangement.MIN_YEAR + " and " + HolidayArrangement.MAX_YEAR,
                    "out-of-range")));
        }
        CalendarYear known = CalendarYear.findById(year);
        if (known == null) {
            return new CalendarYearView(year, false, null, List.of(), List.of());
        }
        List<CalendarDay> days = CalendarDay.list("year = ?1 order by day", year);
        List<Holiday> holidays = new ArrayList<>();
        List<LocalDate> makeUpWorkdays = new ArrayList<>();
        Holiday current = null;
        for (CalendarDay day : days) {
            if (day.kind == CalendarDay.Kind.MAKE_UP_WORKDAY) {
                makeUpWorkdays.add(day.day);
                continue;
            }
            // consecutive days with the same name are one period, as the notice states them
            if (current != null && current.name().equals(day.name) && current.to().plusDays(1).equals(day.day)) {
                current = new Holiday(current.name(), current.from(), day.day);
                holidays.set(holidays.size() - 1, current);
            } else {
                current = new Holiday(day.name, day.day, day.day);
                holidays.add(current);
            }
        }
        return new CalendarYearView(year, true, known.source, holidays, makeUpWorkdays);
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
        return true;
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
