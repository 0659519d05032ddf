package org.errandless.catalog;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.errandless.common.problem.Problem;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.web.ETags;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The public working-day calendar and due-date calculator.
 *
 * <p>Parameters arrive as strings and are parsed here: JAX-RS would answer 404 for an unparsable query or path
 * parameter, where the contract wants 400 {@code validation-failed} naming each bad parameter.
 */
@Path("/api/v1/calendar")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Calendar", description = "The national holiday arrangement (holidays and make-up working days 调休) "
        + "that deadlines count working days by, and a due-date calculator following the deadline rules.")
public class CalendarResource {

    /** Largest amount the calculator accepts (about ten years of days). */
    static final int MAX_AMOUNT = 3650;

    static final String YEAR_EXAMPLE = """
            {"year": 2026, "covered": true,
             "source": "State Council General Office notice on the 2026 holiday arrangement, issued 2025-11-04",
             "holidays": [
               {"name": "New Year", "from": "2026-01-01", "to": "2026-01-03"},
               {"name": "Spring Festival", "from": "2026-02-15", "to": "2026-02-23"},
               {"name": "Qingming", "from": "2026-04-04", "to": "2026-04-06"},
               {"name": "Labour Day", "from": "2026-05-01", "to": "2026-05-05"},
               {"name": "Dragon Boat", "from": "2026-06-19", "to": "2026-06-21"},
               {"name": "Mid-Autumn", "from": "2026-09-25", "to": "2026-09-27"},
               {"name": "National Day", "from": "2026-10-01", "to": "2026-10-07"}],
             "makeUpWorkdays": ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]}""";

    static final String UNCOVERED_EXAMPLE = """
            {"year": 2027, "covered": false, "source": null, "holidays": [], "makeUpWorkdays": []}""";

    static final String DUE_DATE_EXAMPLE = """
            {"from": "2026-09-30", "amount": 5, "unit": "WORKING_DAYS", "dueDate": "2026-10-13", "covered": true}""";

    static final String PROVISIONAL_EXAMPLE = """
            {"from": "2027-03-01", "amount": 5, "unit": "WORKING_DAYS", "dueDate": "2027-03-08", "covered": false}""";

    static final String YEAR_INVALID_EXAMPLE = """
            {"type": "urn:errandless:problem:validation-failed", "title": "请求参数不合法", "status": 400,
             "detail": "1 parameter is invalid", "instance": "/api/v1/calendar/1800", "code": "validation-failed",
             "invalidParams": [{"name": "year", "reason": "must be between 1900 and 2200", "code": "out-of-range"}]}""";

    static final String DUE_DATE_INVALID_EXAMPLE = """
            {"type": "urn:errandless:problem:validation-failed", "title": "请求参数不合法", "status": 400,
             "detail": "3 parameters are invalid", "instance": "/api/v1/calendar/due-date", "code": "validation-failed",
             "invalidParams": [
               {"name": "from", "reason": "must be a date in the form YYYY-MM-DD", "code": "wrong-format"},
               {"name": "amount", "reason": "must be between 0 and 3650", "code": "out-of-range"},
               {"name": "unit", "reason": "must be one of WORKING_DAYS, CALENDAR_DAYS", "code": "invalid"}]}""";

    private final CalendarService calendar;
    private final ObjectMapper json;

    public CalendarResource(CalendarService calendar, ObjectMapper json) {
        this.calendar = calendar;
        this.json = json;
    }

    @GET
    @Path("due-date")
    @PermitAll
    @SecurityRequirements
    @Operation(operationId = "calculateDueDate",
            summary = "Compute a due date",
            description = "The due date of a time limit of `amount` days started on `from`, as applications count "
                    + "it: the start day itself does not count; WORKING_DAYS skip weekends and holidays and count "
                    + "make-up working days (调休); CALENDAR_DAYS count every day; amount 0 is `from` itself. Where "
                    + "the holiday arrangement of a year the computation touches is unknown, weekdays are assumed "
                    + "and `covered` is false (the date is provisional); never for CALENDAR_DAYS.")
    @APIResponse(responseCode = "200", description = "The due date",
            headers = @Header(name = HttpHeaders.ETAG, description = "Strong entity tag of this representation",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = DueDateView.class),
                    examples = { @ExampleObject(name = "across National Day", value = DUE_DATE_EXAMPLE),
                            @ExampleObject(name = "provisional (year not covered)", value = PROVISIONAL_EXAMPLE) }))
    @APIResponse(responseCode = "304", description = "Not modified: the If-None-Match tag is current; no body")
    @APIResponse(responseCode = "400", description = "`validation-failed`: a parameter is missing, unparsable or "
            + "out of range; `invalidParams` names each",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "validation-failed", value = DUE_DATE_INVALID_EXAMPLE)))
    public Response dueDate(
            @Parameter(description = "Start date (YYYY-MM-DD, Asia/Shanghai); it does not count itself",
                    required = true, example = "2026-09-30",
                    schema = @Schema(type = SchemaType.STRING, format = "date")) @QueryParam("from") String from,
            @Parameter(description = "Number of counting days, 0 to " + MAX_AMOUNT, required = true, example = "5",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "0", maximum = "3650"))
            @QueryParam("amount") String amount,
            @Parameter(description = "How days count", required = true, example = "WORKING_DAYS",
                    schema = @Schema(implementation = CountingUnit.class)) @QueryParam("unit") String unit,
            @Parameter(description = "ETag(s) of a representation the client holds (or `*`)")
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        List<Problem.InvalidParam> problems = new ArrayList<>();
        LocalDate start = parseDate(problems, "from", from);
        Integer days = parseAmount(problems, amount);
        CountingUnit counting = parseUnit(problems, unit);
        if (!problems.isEmpty()) {
            throw ProblemException.validation(problems);
        }
        DueDate due = calendar.dueDate(start, days, counting);
        return ETags.conditionalGet(json, new DueDateView(start, days, counting, due.date(), due.covered()),
                ifNoneMatch).build();
    }

    @GET
    @Path("{year}")
    @PermitAll
    @SecurityRequirements
    @Operation(operationId = "getCalendar",
            summary = "Get one year of the working-day calendar",
            description = "The year's holiday periods and make-up working days (调休) as the State Council "
                    + "published them. A year whose arrangement is not known yet answers `covered: false` with "
                    + "empty lists: deadlines falling in it assume Monday to Friday and are provisional.")
    @APIResponse(responseCode = "200", description = "The year",
            headers = @Header(name = HttpHeaders.ETAG, description = "Strong entity tag of this representation",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = CalendarYearView.class),
                    examples = { @ExampleObject(name = "2026", value = YEAR_EXAMPLE),
                            @ExampleObject(name = "not covered", value = UNCOVERED_EXAMPLE) }))
    @APIResponse(responseCode = "304", description = "Not modified: the If-None-Match tag is current; no body")
    @APIResponse(responseCode = "400", description = "`validation-failed`: the year is not a number between "
            + HolidayArrangement.MIN_YEAR + " and " + HolidayArrangement.MAX_YEAR,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "validation-failed", value = YEAR_INVALID_EXAMPLE)))
    public Response year(
            @Parameter(description = "Calendar year, " + HolidayArrangement.MIN_YEAR + " to "
                    + HolidayArrangement.MAX_YEAR, example = "2026",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1900", maximum = "2200"))
            @PathParam("year") String year,
            @Parameter(description = "ETag(s) of a representation the client holds (or `*`)")
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return calendar.preparedYear(parseYear(year)).conditionalGet(ifNoneMatch).build();
    }

    /** A year path parameter, or 400 {@code validation-failed} (JAX-RS itself would answer 404). */
    static int parseYear(String year) {
        try {
            return Integer.parseInt(year.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.validation(List.of(new Problem.InvalidParam("year",
                    "must be a year between " + HolidayArrangement.MIN_YEAR + " and " + HolidayArrangement.MAX_YEAR,
                    "wrong-format")));
        }
    }

    private static LocalDate parseDate(List<Problem.InvalidParam> problems, String name, String value) {
        if (value == null || value.isBlank()) {
            problems.add(new Problem.InvalidParam(name, "is required", "required"));
            return null;
        }
        LocalDate date;
        try {
            date = LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            problems.add(new Problem.InvalidParam(name, "must be a date in the form YYYY-MM-DD", "wrong-format"));
            return null;
        }
        if (!HolidayArrangement.isSupportedYear(date.getYear())) {
            problems.add(new Problem.InvalidParam(name, "must lie in the years " + HolidayArrangement.MIN_YEAR
                    + " to " + HolidayArrangement.MAX_YEAR, "out-of-range"));
            return null;
        }
        return date;
    }

    private static Integer parseAmount(List<Problem.InvalidParam> problems, String value) {
        if (value == null || value.isBlank()) {
            problems.add(new Problem.InvalidParam("amount", "is required", "required"));
            return null;
        }
        int amount;
        try {
            amount = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            problems.add(new Problem.InvalidParam("amount", "must be a whole number between 0 and " + MAX_AMOUNT,
                    "wrong-type"));
            return null;
        }
        if (amount < 0 || amount > MAX_AMOUNT) {
            problems.add(new Problem.InvalidParam("amount", "must be between 0 and " + MAX_AMOUNT, "out-of-range"));
            return null;
        }
        return amount;
    }

    private static CountingUnit parseUnit(List<Problem.InvalidParam> problems, String value) {
        if (value == null || value.isBlank()) {
            problems.add(new Problem.InvalidParam("unit", "is required", "required"));
            return null;
        }
        for (CountingUnit unit : CountingUnit.values()) {
            if (unit.name().equals(value.strip())) {
                return unit;
            }
        }
        problems.add(new Problem.InvalidParam("unit", "must be one of WORKING_DAYS, CALENDAR_DAYS", "invalid"));
        return null;
    }
}
