package org.errandless.catalog;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

import org.errandless.common.time.BusinessClock;

/**
 * The deadline rules of DOMAIN.md, as pure arithmetic over a {@link WorkingDayCalendar}.
 *
 * <ul>
 * <li>Deadlines are dates in Asia/Shanghai ({@link #businessDate}).</li>
 * <li>The start day itself does not count: the due date is the day on which the {@code amount}-th counting day after
 * the start is reached. Working days follow the calendar (weekends off unless a make-up working day, holidays off);
 * calendar days are every day. Amount 0 is the start date itself.</li>
 * <li>A suspension moves the due date by the number of counting days from the suspension date up to, not including,
 * the resume date.</li>
 * <li>Overdue from the day after the due date.</li>
 * <li>Where the calendar does not cover a year the computation touches, weekdays are assumed and the result says
 * {@code covered: false}; never for calendar-day counting, which needs no calendar.</li>
 * </ul>
 */
public final class DueDates {

    private final WorkingDayCalendar calendar;

    public DueDates(WorkingDayCalendar calendar) {
        this.calendar = Objects.requireNonNull(calendar, "calendar");
    }

    /** The business date (Asia/Shanghai) of an instant, e.g. of an acceptance. */
    public static LocalDate businessDate(Instant instant) {
        return LocalDate.ofInstant(instant, BusinessClock.ZONE);
    }

    /** Whether a date counts towards a time limit in this unit. */
    public boolean isCountingDay(LocalDate date, CountingUnit unit) {
        return unit == CountingUnit.CALENDAR_DAYS || calendar.isWorkingDay(date);
    }

    /**
     * The due date of a time limit started on {@code from}.
     *
     * @param from the start date (acceptance or submission date); it does not count itself
     * @param amount the number of counting days, 0 or more (0 = {@code from} itself)
     * @param unit how days count
     */
    public DueDate dueDate(LocalDate from, int amount, CountingUnit unit) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(unit, "unit");
        if (amount < 0) {
            throw new IllegalArgumentException("amount must not be negative: " + amount);
        }
        if (unit == CountingUnit.CALENDAR_DAYS) {
            return new DueDate(from.plusDays(amount), true);
        }
        LocalDate date = from;
        int counted = 0;
        while (counted < amount) {
            date = date.plusDays(1);
            if (calendar.isWorkingDay(date)) {
                counted++;
            }
        }
        // amount 0 consults no day but the start, whose year is then the one the due date falls in
        LocalDate firstTouched = amount == 0 ? from : from.plusDays(1);
        return new DueDate(date, coversYears(firstTouched, date));
    }

    /**
     * The counting days in {@code [from, toExclusive)}: e.g. the days a suspension stopped the clock, from the
     * suspension date up to, not including, the resume date. An empty range counts 0.
     *
     * @throws IllegalArgumentException when {@code toExclusive} is before {@code from}
     */
    public DayCount countDays(LocalDate from, LocalDate toExclusive, CountingUnit unit) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(toExclusive, "toExclusive");
        Objects.requireNonNull(unit, "unit");
        if (toExclusive.isBefore(from)) {
            throw new IllegalArgumentException("range ends (" + toExclusive + ") before it starts (" + from + ")");
        }
        if (unit == CountingUnit.CALENDAR_DAYS) {
            return new DayCount(Math.toIntExact(ChronoUnit.DAYS.between(from, toExclusive)), true);
        }
        int days = 0;
        for (LocalDate date = from; date.isBefore(toExclusive); date = date.plusDays(1)) {
            if (calendar.isWorkingDay(date)) {
                days++;
            }
        }
        return new DayCount(days, from.equals(toExclusive) || coversYears(from, toExclusive.minusDays(1)));
    }

    /**
     * The due date after a suspension: {@code dueDate} moved on by the counting days from {@code suspendedOn} up to,
     * not including, {@code resumedOn}. Provisional if the old due date, the suspended range or the move is.
     */
    public DueDate afterSuspension(DueDate dueDate, LocalDate suspendedOn, LocalDate resumedOn, CountingUnit unit) {
        Objects.requireNonNull(dueDate, "dueDate");
        DayCount suspended = countDays(suspendedOn, resumedOn, unit);
        DueDate moved = dueDate(dueDate.date(), suspended.days(), unit);
        return new DueDate(moved.date(), dueDate.covered() && suspended.covered() && moved.covered());
    }

    /** Whether work due on {@code dueDate} is overdue on {@code today}: from the day after the due date. */
    public static boolean isOverdue(LocalDate dueDate, LocalDate today) {
        return today.isAfter(dueDate);
    }

    /**
     * Working days left until the due date: the working days after {@code today} up to and including the due date
     * (0 on the due date itself). Once overdue, the negative number of working days after the due date up to and
     * including today (so it can be 0 on a weekend right after the due date: check {@link #isOverdue} for that).
     */
    public int remainingWorkingDays(LocalDate today, LocalDate dueDate) {
        if (!today.isAfter(dueDate)) {
            return countDays(today.plusDays(1), dueDate.plusDays(1), CountingUnit.WORKING_DAYS).days();
        }
        return -countDays(dueDate.plusDays(1), today.plusDays(1), CountingUnit.WORKING_DAYS).days();
    }

    /** The calendar this arithmetic uses. */
    public WorkingDayCalendar calendar() {
        return calendar;
    }

    private boolean coversYears(LocalDate first, LocalDate last) {
        for (int year = first.getYear(); year <= last.getYear(); year++) {
            if (!calendar.covers(year)) {
                return false;
            }
        }
        return true;
    }
}
