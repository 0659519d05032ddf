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
        return switch (application.status) {
            case DRAFT, SUPPLEMENT_REQUIRED -> new Deadlines(null, null, false, null, false, WarningLevel.NONE);
            case SUBMITTED -> running(application.acceptanceDueDate, null, application, calendar, today);
            case ACCEPTED, APPROVED -> running(application.dueDate, application.dueDate, application, calendar, today);
            case SUSPENDED -> new Deadlines(application.acceptanceDueDate, application.dueDate,
                    application.dueDateProvisional,
                    calendar.remainingWorkingDays(application.suspendedOn, application.dueDate), false,
                    WarningLevel.NONE);
            case COMPLETED, REJECTED, WITHDRAWN -> new Deadlines(application.acceptanceDueDate, application.dueDate,
                    application.dueDateProvisional, null, false, WarningLevel.NONE);
        };
    }

    private static Deadlines running(LocalDate deadline, LocalDate dueDate, Application application,
            DueDates calendar, LocalDate today) {
        return new Deadlines(application.acceptanceDueDate, dueDate, application.dueDateProvisional,
                calendar.remainingWorkingDays(today, deadline), DueDates.isOverdue(deadline, today),
                DeadlineWarnings.level(deadline, today, calendar.calendar()));
    }
}
