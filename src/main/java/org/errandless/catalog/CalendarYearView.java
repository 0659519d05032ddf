package org.errandless.catalog;

import java.time.LocalDate;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One year of the working-day calendar as clients see it.
 *
 * @param year the calendar year
 * @param covered whether the year's holiday arrangement is known; if not, deadlines in it assume weekdays
 * @param source where the arrangement comes from, or null
 * @param holidays holiday periods in date order (empty when not covered)
 * @param makeUpWorkdays make-up working days (调休) in date order (empty when not covered)
 */
@Schema(name = "CalendarYear", description = "The national holiday arrangement of one year")
public record CalendarYearView(
        @Schema(example = "2026", required = true) int year,
        @Schema(description = "Whether the year's holiday arrangement is known; if not, deadlines falling in it "
                + "assume Monday to Friday and are provisional", example = "true", required = true) boolean covered,
        @Schema(example = "State Council General Office notice on the 2026 holiday arrangement, issued 2025-11-04",
                nullable = true) String source,
        @Schema(required = true) List<Holiday> holidays,
        @Schema(required = true, description = "Weekend days that are working days (调休)", example = "[\"2026-10-10\"]")
        List<LocalDate> makeUpWorkdays) {
}
