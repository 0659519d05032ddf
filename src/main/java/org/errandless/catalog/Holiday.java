package org.errandless.catalog;

import java.time.LocalDate;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A named public holiday period, both ends included. A period across New Year is given in each calendar year's part.
 *
 * @param name e.g. "National Day"
 * @param from first day off
 * @param to last day off
 */
@Schema(name = "Holiday", description = "A public holiday period, both ends included")
public record Holiday(
        @Schema(example = "National Day", required = true, maxLength = HolidayArrangement.MAX_NAME_LENGTH) String name,
        @Schema(example = "2026-10-01", required = true) LocalDate from,
        @Schema(example = "2026-10-07", required = true) LocalDate to) {
}
