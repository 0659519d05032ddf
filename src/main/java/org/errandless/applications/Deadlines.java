package org.errandless.applications;

import java.time.LocalDate;

import org.errandless.catalog.DueDates;

/**
 * The deadlines an application shows on a given day.
 *
 * <ul>
 * <li>DRAFT, SUPPLEMENT_REQUIRED: no clock runs (the clock is with the citizen): no due date, not overdue.</li>
 * <li>SUBMITTED: the acceptance due date runs.</li>
 * <li>ACCEPTED, APPROVED: the service's due date runs (APPROVED keeps it until hand-over).</li>
 * <li>SUSPENDED: the clock is stopped. The due date shown is the one that stood when it stopped (resuming moves it by
 * the suspended counting days), {@code remainingWorkingDays} is frozen at what was left on the suspension date, and
 * the application is never overdue while suspended.</li>
 * <li>COMPLETED, REJECTED, WITHDRAWN: the dates stay for the record; nothing remains and nothing is overdue.</li>
 * </ul>
 *
 * @param acceptanceDueDate the acceptance due date, null while none applies
 * @param dueDate the service due date, null before acceptance
 * @param provisional whether the shown deadline assumed weekdays for an uncovered year
 * @param remainingWorkingDays working days left on the running (or frozen) deadline; null where none
 * @param overdue from the day after the running deadline
 * @param warningLevel the running deadline's warning ({@link DeadlineWarnings}); NONE where no clock runs
 */
public record Deadlines(LocalDate acceptanceDueDate, LocalDate dueDate, boolean provisional,
        Integer remainingWorkingDays, boolean overdue, WarningLevel warningLevel) {

    /** The deadlines of {@code application} on {@code today}. */
    public static Deadlines of(Application application, DueDates calendar, LocalDate today) {
        return of(application.status, application.acceptanceDueDate, application.dueDate,
                application.dueDateProvisional, application.suspendedOn, calendar, today);
    }

    /** The deadlines of an application as read ({@link ApplicationSnapshot}) on {@code today}. */
    static Deadlines of(ApplicationSnapshot application, DueDates calendar, LocalDate today) {
        return of(application.status(), application.acceptanceDueDate(), application.dueDate(),
                application.dueDateProvisional(), application.suspendedOn(), calendar, today);
    }

    /** The deadlines of an application with these dates in this status on {@code today}. */
    static Deadlines of(ApplicationStatus status, LocalDate acceptanceDueDate, LocalDate dueDate, boolean provisional,
            LocalDate suspendedOn, DueDates calendar, LocalDate today) {
        return switch (status) {
            case DRAFT, SUPPLEMENT_REQUIRED -> new Deadlines(null, null, false, null, false, WarningLevel.NONE);
            case SUBMITTED -> running(acceptanceDueDate, null, acceptanceDueDate, provisional, calendar, today);
            case ACCEPTED, APPROVED -> running(dueDate, dueDate, acceptanceDueDate, provisional, calendar, today);
            case SUSPENDED -> new Deadlines(acceptanceDueDate, dueDate, provisional,
                    calendar.remainingWorkingDays(suspendedOn, dueDate), false, WarningLevel.NONE);
            case COMPLETED, REJECTED, WITHDRAWN -> new Deadlines(acceptanceDueDate, dueDate, provisional, null, false,
                    WarningLevel.NONE);
        };
    }

    private static Deadlines running(LocalDate deadline, LocalDate dueDate, LocalDate acceptanceDueDate,
            boolean provisional, DueDates calendar, LocalDate today) {
        return new Deadlines(acceptanceDueDate, dueDate, provisional, calendar.remainingWorkingDays(today, deadline),
                DueDates.isOverdue(deadline, today), DeadlineWarnings.level(deadline, today, calendar.calendar()));
    }
}
