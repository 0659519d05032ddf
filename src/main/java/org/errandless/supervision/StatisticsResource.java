package org.errandless.supervision;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Variant;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.errandless.common.problem.Problem;
import org.errandless.common.security.Roles;
import org.errandless.evaluation.SupervisorScope;

/** Statistics for supervisors (电子监察统计), as JSON or CSV. */
@Path("/api/v1/supervision/stats")
@Tag(name = "Supervision")
public class StatisticsResource {

    static final String CSV = "text/csv";
    static final String FIGURES = """
            {"received": 3, "accepted": 2, "refused": 1, "rejected": 0, "completed": 1, "withdrawn": 0, "open": 1,
             "overdue": 1, "decided": 2, "decidedLate": 1, "decidedLateRate": 0.5, "medianWorkingDaysToDecision": 4.5,
             "p90WorkingDaysToDecision": 7.3, "supplementRequestRate": 0.5, "completedWithoutUploadShare": 0.0,
             "satisfaction": {"ratings": 1, "average": 4.0, "distribution": {"1": 0, "2": 0, "3": 0, "4": 1, "5": 0}}}""";
    static final String EXAMPLE = "{\"from\": \"2026-10-01\", \"to\": \"2026-10-31\", \"asOf\": \"2026-11-02\", "
            + "\"stationCode\": null, \"divisionCode\": \"500108\", \"serviceCode\": null, \"totals\": " + FIGURES
            + ", \"rows\": [{\"stationCode\": \"50010801\", \"stationName\": \"南岸区南坪派出所(demo)\", "
            + "\"serviceCode\": \"ADDRESS_CHANGE\", \"figures\": " + FIGURES + "}]}";
    static final String CSV_EXAMPLE = "from,to,stationCode,stationName,serviceCode,received,accepted,refused,rejected,"
            + "completed,withdrawn,open,overdue,decided,decidedLate,decidedLateRate,medianWorkingDaysToDecision,"
            + "p90WorkingDaysToDecision,supplementRequestRate,completedWithoutUploadShare,ratings,satisfactionAverage,"
            + "score1,score2,score3,score4,score5\r\n"
            + "2026-10-01,2026-10-31,50010801,南岸区南坪派出所(demo),ADDRESS_CHANGE,3,2,1,0,1,0,1,1,2,1,0.5,4.5,7.3,0.5,0.0,"
            + "1,4.0,0,0,0,1,0\r\n";

    @Inject
    StatisticsService statistics;
    @Inject
    JsonWebToken jwt;

    @GET
    @Produces({ MediaType.APPLICATION_JSON, CSV })
    @RolesAllowed(Roles.SUPERVISOR)
    @Operation(operationId = "getSupervisionStatistics",
            summary = "Statistics in scope", description = "Figures of the period `from`..`to` (business dates, "
            + "inclusive, at most a year) for the stations the supervisor oversees, optionally one station, one "
            + "division (district) or one service: received (first submitted in the period), accepted, refused "
            + "(不予受理: rejected while SUBMITTED), rejected (after acceptance), completed, withdrawn; decided with "
            + "those decided late (after the deadline that ran) and the rate; the median and 90th percentile of the "
            + "working days from first submission to decision; the share of decisions whose application needed a "
            + "supplement; the share of completions with nothing uploaded (the data-sharing dividend); satisfaction "
            + "(average and distribution of the evaluations given in the period; a re-rating counts instead of the "
            + "first score, a review whose appeal was upheld not at all). `open` and `overdue` are counted today. "
            + "Totals and one row per station × service; `Accept: text/csv` answers the rows as CSV (UTF-8, one line "
            + "per station × service).")
    @APIResponse(responseCode = "200", description = "The statistics", headers = @Header(
            name = "Content-Disposition", description = "With the CSV only: an attachment named after the period",
            schema = @Schema(type = SchemaType.STRING,
                    example = "attachment; filename=\"statistics-2026-09-01-2026-09-30.csv\"")), content = {
            @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = StatisticsReport.class),
                    examples = @ExampleObject(name = "division", value = EXAMPLE)),
            @Content(mediaType = CSV, schema = @Schema(type = SchemaType.STRING),
                    examples = @ExampleObject(name = "csv", value = CSV_EXAMPLE)) })
    @APIResponse(responseCode = "400", description = "Missing or malformed dates, `to` before `from`, a period longer "
            + "than allowed, a malformed code, an unknown service, or a station outside the division asked for "
            + "(`validation-failed`)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not a supervisor (`forbidden`)", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "A station or division the supervisor does not oversee "
            + "(`not-found`)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "406", description = "Neither JSON nor CSV acceptable (`not-acceptable`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response stats(
            @Parameter(description = "First day (YYYY-MM-DD)", required = true, example = "2026-10-01")
            @QueryParam("from") String from,
            @Parameter(description = "Last day, inclusive (YYYY-MM-DD)", required = true, example = "2026-10-31")
            @QueryParam("to") String to,
            @Parameter(description = "Only this station (in scope)", example = "50010801") @QueryParam("stationCode")
            String stationCode,
            @Parameter(description = "Only the stations of this division (in scope)", example = "500108")
            @QueryParam("divisionCode") String divisionCode,
            @Parameter(description = "Only this service", example = "ADDRESS_CHANGE") @QueryParam("serviceCode")
            String serviceCode,
            @Context Request request) {
        Variant chosen = request.selectVariant(Variant.mediaTypes(MediaType.APPLICATION_JSON_TYPE,
                MediaType.valueOf(CSV)).build());
        StatisticsReport report = statistics.report(SupervisorScope.of(jwt), from, to, stationCode, divisionCode,
                serviceCode);
        if (chosen != null && chosen.getMediaType().isCompatible(MediaType.valueOf(CSV))) {
            return Response.ok(StatisticsCsv.of(report), CSV + "; charset=UTF-8")
                    .header("Content-Disposition", "attachment; filename=\"statistics-" + report.from() + "-"
                            + report.to() + ".csv\"").build();
        }
        return Response.ok(report, MediaType.APPLICATION_JSON_TYPE).build();
    }
}
