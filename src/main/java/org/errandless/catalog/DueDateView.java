package org.errandless.catalog;

import java.time.LocalDate;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A computed due date.
 *
 * @param from the start date (does not count itself)
 * @param amount counting days
 * @param unit how days count
 * @param dueDate the due date
 * @param covered false when weekdays were assumed for a year whose holiday arrangement is unknown (provisional)
 */
@Schema(name = "DueDate", description = "The due date of a time limit started on `from`")
public record DueDateView(
        @Schema(example = "2026-09-30", required = true) LocalDate from,
        @Schema(example = "5", required = true) int amount,
        @Schema(example = "WORKING_DAYS", required = true) CountingUnit unit,
        @Schema(example = "2026-10-13", required = true) LocalDate dueDate,
        @Schema(description = "false: a year the computation touches has no known holiday arrangement, weekdays "
                + "were assumed and the due date is provisional; always true for CALENDAR_DAYS",
                example = "true", required = true) boolean covered) {
}
