package org.errandless.catalog;

import java.time.LocalDate;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.errandless.common.problem.Problem;
import org.errandless.common.security.Roles;

/** Admins load a year's holiday arrangement once the State Council publishes it. */
@Path("/api/v1/admin/calendar")
@Tag(name = "Calendar")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class AdminCalendarResource {

    private static final String REQUEST_EXAMPLE = """
            {"source": "State Council General Office notice on the 2027 holiday arrangement",
             "holidays": [{"name": "New Year", "from": "2027-01-01", "to": "2027-01-03"},
                          {"name": "National Day", "from": "2027-10-01", "to": "2027-10-07"}],
             "makeUpWorkdays": ["2027-09-26", "2027-10-09"]}""";

    private final CalendarService calendar;
    private final JsonWebToken caller;

    public AdminCalendarResource(CalendarService calendar, JsonWebToken caller) {
        this.calendar = calendar;
        this.caller = caller;
    }

    /** A year's holiday arrangement as an admin enters it. */
    @Schema(name = "HolidayArrangementRequest")
    public record ArrangementRequest(
            @Size(max = HolidayArrangement.MAX_SOURCE_LENGTH) @Schema(description = "Where it comes from",
                    example = "State Council General Office notice on the 2027 holiday arrangement") String source,
            @NotNull @Size(max = 50) List<@NotNull @Valid Holiday> holidays,
            @NotNull @Size(max = 50) @Schema(description = "Weekend days worked instead (调休)")
            List<@NotNull LocalDate> makeUpWorkdays) {
    }

    @PUT
    @Path("{year}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "replaceCalendar",
            summary = "Load or replace a year's holiday arrangement", description = "Replaces the holidays and "
            + "make-up working days (调休) of one year; every deadline computed from then on, on every instance, "
            + "counts with them. Dates must lie in the year, periods must not overlap, make-up working days must "
            + "be weekend days outside the holidays.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ArrangementRequest.class),
            examples = @ExampleObject(name = "2027", value = REQUEST_EXAMPLE)))
    @APIResponse(responseCode = "200", description = "The year as now stored",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = CalendarYearView.class)))
    @APIResponse(responseCode = "400", description = "`validation-failed`: a bad year, date, overlap or "
            + "make-up day; `invalidParams` names each", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    public CalendarYearView replace(
            @Parameter(description = "Calendar year, " + HolidayArrangement.MIN_YEAR + " to "
                    + HolidayArrangement.MAX_YEAR, example = "2027",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1900", maximum = "2200"))
            @PathParam("year") String year,
            @Valid @NotNull ArrangementRequest request) {
        return calendar.replaceYear(new HolidayArrangement(request.source(), CalendarResource.parseYear(year),
                request.holidays(), request.makeUpWorkdays()), caller.getSubject());
    }
}
