package org.errandless.applications;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The electronic-supervision (电子监察) warning of a running deadline, as {@link DeadlineWarnings} computes it.
 */
@Schema(name = "WarningLevel", description = "NONE: more than one working day left, or no clock running (suspended, "
        + "supplement required, decided); YELLOW: at most one working day left (the due date is today or the next "
        + "working day); RED: overdue")
public enum WarningLevel {
    /** More than one working day left, or no clock runs. */
    NONE,
    /** At most one working day left: the due date is today or before the second working day from today. */
    YELLOW,
    /** Overdue: from the day after the due date. */
    RED
}
