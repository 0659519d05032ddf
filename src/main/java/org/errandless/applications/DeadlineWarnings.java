package org.errandless.applications;

import java.time.LocalDate;
import java.util.Objects;

import org.errandless.catalog.DueDates;
import org.errandless.catalog.WorkingDayCalendar;

/**
 * The warning level of a running deadline (电子监察), as a pure function of the deadline data and the business date
 * over the working-day calendar: the one rule the officer's queue, the application view and supervision share.
 *
 * <ul>
 * <li>Only a running clock is flagged: the acceptance due date while SUBMITTED, the service's due date from ACCEPTED
 * (APPROVED keeps it until hand-over). SUSPENDED (clock stopped), SUPPLEMENT_REQUIRED (clock with the citizen), DRAFT
 * and decided applications are always {@link WarningLevel#NONE}.</li>
 * <li>{@link WarningLevel#RED} from the day after the due date (the overdue rule of {@link DueDates#isOverdue}).</li>
 * <li>{@link WarningLevel#YELLOW} while at most one working day is left: {@link DueDates#remainingWorkingDays} ≤ 1,
 * i.e. the due date falls before the second working day after today. On a Friday a Monday due date is YELLOW; on a
 * Thursday it is not; holidays and make-up working days (调休) count as the calendar says.</li>
 * </ul>
 *
 * <p>Because the level only grows as the due date nears, ordering by due date orders by level too: a list sorted by
 * running deadline lists RED, then YELLOW, then NONE ({@link #yellowBefore} is the one boundary between them).
 */
public final class DeadlineWarnings {

    private DeadlineWarnings() {
    }

    /** Whether the status has a running clock (SUBMITTED, ACCEPTED, APPROVED). */
    public static boolean clockRuns(ApplicationStatus status) {
        return status == ApplicationStatus.SUBMITTED || status == ApplicationStatus.ACCEPTED
                || status == ApplicationStatus.APPROVED;
    }

    /**
     * The running deadline of an application in {@code status}: the acceptance due date while SUBMITTED, the service's
     * due date while ACCEPTED or APPROVED, null otherwise.
     */
    public static LocalDate runningDeadline(ApplicationStatus status, LocalDate acceptanceDueDate, LocalDate dueDate) {
        return switch (status) {
            case SUBMITTED -> acceptanceDueDate;
            case ACCEPTED, APPROVED -> dueDate;
            default -> null;
        };
    }

    /** The level of an application in {@code status} whose running deadline is {@code deadline}, on {@code today}. */
    public static WarningLevel level(ApplicationStatus status, LocalDate deadline, LocalDate today,
            WorkingDayCalendar calendar) {
        return clockRuns(status) ? level(deadline, today, calendar) : WarningLevel.NONE;
    }

    /**
     * The level of any deadline (an application's running deadline, a rectification task's due date) on
     * {@code today}; NONE for a null deadline (no clock).
     */
    public static WarningLevel level(LocalDate deadline, LocalDate today, WorkingDayCalendar calendar) {
        Objects.requireNonNull(today, "today");
        if (deadline == null) {
            return WarningLevel.NONE;
        }
        if (DueDates.isOverdue(deadline, today)) {
            return WarningLevel.RED;
        }
        return deadline.isBefore(yellowBefore(today, calendar)) ? WarningLevel.YELLOW : WarningLevel.NONE;
    }

    /**
     * The second working day after {@code today}: a deadline on {@code today} or later but before this date has at
     * most one working day left (YELLOW); one on or after it has two or more (NONE). Lets a query compute levels over
     * many rows: {@code deadline < today} RED, {@code deadline < yellowBefore} YELLOW, otherwise NONE.
     */
    public static LocalDate yellowBefore(LocalDate today, WorkingDayCalendar calendar) {
        Objects.requireNonNull(calendar, "calendar");
        LocalDate date = today;
        int working = 0;
        while (working < 2) {
            date = date.plusDays(1);
            if (calendar.isWorkingDay(date)) {
                working++;
            }
        }
        return date;
    }
}
