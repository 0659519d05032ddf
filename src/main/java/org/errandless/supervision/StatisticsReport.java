package org.errandless.supervision;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The statistics of a period in a supervisor's scope: the totals and one row per station × service.
 *
 * @param from first day of the period (business date, inclusive)
 * @param to last day of the period (inclusive)
 * @param asOf the business date of {@code open} and {@code overdue}
 * @param stationCode the station filter applied (the request's, or the supervisor's own station), or null
 * @param divisionCode the division filter applied, or null
 * @param serviceCode the service filter applied, or null
 * @param totals the figures of everything in scope
 * @param rows per station and service, by station then service code
 */
@Schema(name = "SupervisionStatistics", description = "Statistics of a period in the supervisor's scope")
public record StatisticsReport(
        @Schema(example = "2026-10-01", required = true) LocalDate from,
        @Schema(example = "2026-10-31", required = true) LocalDate to,
        @Schema(example = "2026-11-02", required = true, description = "The day `open` and `overdue` are counted on "
                + "(today)") LocalDate asOf,
        @Schema(example = "50010801", nullable = true) String stationCode,
        @Schema(example = "500108", nullable = true) String divisionCode,
        @Schema(example = "ADDRESS_CHANGE", nullable = true) String serviceCode,
        @Schema(required = true) Figures totals,
        @Schema(required = true) List<Row> rows) {

    /** The figures of one station × service. */
    @Schema(name = "SupervisionStatisticsRow")
    public record Row(
            @Schema(example = "50010801", required = true) String stationCode,
            @Schema(example = "南岸区南坪派出所(demo)", nullable = true) String stationName,
            @Schema(example = "ADDRESS_CHANGE", required = true) String serviceCode,
            @Schema(required = true) Figures figures) {
    }

    /**
     * The figures.
     *
     * @param received applications first submitted in the period
     * @param accepted accepted in the period
     * @param refused refused (不予受理: rejected while SUBMITTED) in the period
     * @param rejected rejected after acceptance in the period
     * @param completed completed in the period
     * @param withdrawn withdrawn in the period
     * @param open open now (SUBMITTED, SUPPLEMENT_REQUIRED, ACCEPTED, SUSPENDED, APPROVED)
     * @param overdue open now with their running deadline past
     * @param decided decided (approved, refused or rejected) in the period
     * @param decidedLate of those, decided after the deadline that ran at the decision
     * @param decidedLateRate decidedLate / decided; null without decisions
     * @param medianWorkingDaysToDecision median working days from first submission to decision, of decisions in the
     *        period
     * @param p90WorkingDaysToDecision 90th percentile of the same
     * @param supplementRequestRate share of the decisions in the period whose application had a supplement request
     * @param completedWithoutUploadShare share of the completions in the period with no document uploaded at all
     * @param satisfaction the evaluations given in the period
     */
    @Schema(name = "SupervisionFigures")
    public record Figures(
            @Schema(example = "120", required = true) long received,
            @Schema(example = "95", required = true) long accepted,
            @Schema(example = "6", required = true) long refused,
            @Schema(example = "2", required = true) long rejected,
            @Schema(example = "88", required = true) long completed,
            @Schema(example = "4", required = true) long withdrawn,
            @Schema(example = "31", required = true) long open,
            @Schema(example = "1", required = true) long overdue,
            @Schema(example = "101", required = true) long decided,
            @Schema(example = "3", required = true) long decidedLate,
            @Schema(example = "0.0297", nullable = true) Double decidedLateRate,
            @Schema(example = "2.0", nullable = true) Double medianWorkingDaysToDecision,
            @Schema(example = "6.0", nullable = true) Double p90WorkingDaysToDecision,
            @Schema(example = "0.1188", nullable = true) Double supplementRequestRate,
            @Schema(example = "0.6364", nullable = true, description = "The data-sharing dividend: completed with "
                    + "nothing uploaded (everything shared by a department or held in the register)")
            Double completedWithoutUploadShare,
            @Schema(required = true) Satisfaction satisfaction) {
    }

    /**
     * Satisfaction (好差评) of the evaluations given in the period: a re-rating counts instead of the first score; a
     * review whose appeal was upheld does not count.
     *
     * @param ratings evaluations counted
     * @param average their average score; null without any
     * @param distribution how many of each score, "1" to "5"
     */
    @Schema(name = "SupervisionSatisfaction")
    public record Satisfaction(
            @Schema(example = "40", required = true) long ratings,
            @Schema(example = "4.35", nullable = true) Double average,
            @Schema(example = "{\"1\": 1, \"2\": 1, \"3\": 2, \"4\": 14, \"5\": 22}", required = true)
            Map<String, Long> distribution) {
    }
}
