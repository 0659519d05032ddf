package org.errandless.appointments;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.errandless.applications.ApplicationLookup;
import org.errandless.appointments.AppointmentViews.DayList;
import org.errandless.appointments.AppointmentViews.ScheduleView;
import org.errandless.common.problem.Problem;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.security.Roles;

/** A station's appointment schedule and its bookings of a day, for the station's own officers. */
@Path("/api/v1/officer/stations/{code}")
@Tag(name = "Appointments")
public class StationScheduleResource {

    static final String SCHEDULE_EXAMPLE = """
            {"morning": {"start": "09:00", "end": "12:00", "capacity": 5},
             "afternoon": {"start": "14:00", "end": "17:30", "capacity": 5}}""";
    static final String VIEW_EXAMPLE = """
            {"stationCode": "50010801", "morning": {"start": "09:00", "end": "12:00", "capacity": 5},
             "afternoon": {"start": "14:00", "end": "17:30", "capacity": 5}, "horizonWorkingDays": 10,
             "updatedAt": "2026-09-30T02:00:00Z", "bookingsKept": 0}""";
    static final String DAY_EXAMPLE = """
            {"stationCode": "50010801", "date": "2026-10-08", "items": [
             {"id": "5c0b7e3a-8d21-4f6e-a9c4-2e1d0f3b4a59", "applicationId": "0b5e2d1c-6f0a-4c3e-9a57-3c1f6e0d2b11",
              "stationCode": "50010801", "date": "2026-10-08", "period": "MORNING",
              "startsAt": "2026-10-08T01:00:00Z", "endsAt": "2026-10-08T04:00:00Z", "status": "BOOKED",
              "bookedAt": "2026-09-30T02:00:00Z", "changeableUntil": "2026-10-07T23:00:00Z",
              "remindedAt": "2026-09-30T16:10:00Z", "outcomeAt": null}]}""";
    static final String NOT_FOUND = "Not the officer's station, or no such station (`not-found`)";

    @Inject
    AppointmentService appointments;
    @Inject
    JsonWebToken jwt;

    @GET
    @Path("schedule")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OFFICER)
    @Operation(operationId = "getStationSchedule", summary = "The station's appointment schedule",
            description = "The sessions the station offers for hand-overs on every working day of the calendar, with "
            + "the seats of each; `morning` and `afternoon` null until published. For the station's own officers.")
    @APIResponse(responseCode = "200", description = "The schedule", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ScheduleView.class),
            examples = @ExampleObject(name = "schedule", value = VIEW_EXAMPLE)))
    @APIResponse(responseCode = "403", description = "Not an officer (`forbidden`)", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND, content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    public ScheduleView schedule(
            @Parameter(description = "The station", example = "50010801") @PathParam("code") String code) {
        return appointments.schedule(ApplicationLookup.callerOf(jwt), code);
    }

    @PUT
    @Path("schedule")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OFFICER)
    @Operation(operationId = "publishStationSchedule", summary = "Publish the station's appointment schedule",
            description = "An officer of the station publishes its sessions for hand-overs (最多跑一次): a morning and "
            + "an afternoon session (either may be null: not offered), each with hours (Asia/Shanghai) and a "
            + "capacity, offered on every working day of the calendar (holidays and make-up working days apply) "
            + "from today to `horizonWorkingDays` working days ahead. It applies at once to sessions to come. No "
            + "booking is ever dropped: a session already booked keeps its hours, fewer seats than booked only stop "
            + "new bookings, a session no longer offered keeps its bookings; `bookingsKept` counts such bookings, "
            + "which the station honours (see `GET .../appointments?date=`). Needs a sign-in with a second factor; "
            + "recorded in the audit trail.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = AppointmentRequests.Schedule.class),
            examples = @ExampleObject(name = "two-sessions", value = SCHEDULE_EXAMPLE)))
    @APIResponse(responseCode = "200", description = "The schedule as published", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ScheduleView.class),
            examples = @ExampleObject(name = "schedule", value = VIEW_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "A session without start, end or capacity, a capacity outside "
            + "1..1000, an end not after its start, or an afternoon starting before the morning ends "
            + "(`validation-failed`)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not an officer (`forbidden`), or signed in without a second "
            + "factor (`mfa-required`)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND, content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    public ScheduleView publish(
            @Parameter(description = "The station", example = "50010801") @PathParam("code") String code,
            @Valid @NotNull AppointmentRequests.Schedule request) {
        return appointments.publish(ApplicationLookup.callerOf(jwt), code, request);
    }

    @GET
    @Path("appointments")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OFFICER)
    @Operation(operationId = "listStationAppointments", summary = "The station's appointments of a day",
            description = "The bookings of one day (active ones and those with an outcome), by session, for the "
            + "station's own officers: the counter's list. No personal data (the application holds it).")
    @APIResponse(responseCode = "200", description = "The day's appointments", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DayList.class),
            examples = @ExampleObject(name = "day", value = DAY_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "A malformed date (`validation-failed`)", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not an officer (`forbidden`)", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND, content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    public DayList day(@Parameter(description = "The station", example = "50010801") @PathParam("code") String code,
            @Parameter(description = "The day (default: today, Asia/Shanghai)", example = "2026-10-08")
            @QueryParam("date") String date) {
        LocalDate day;
        try {
            day = date == null || date.isBlank() ? null : LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw ProblemException.validation(List.of(new Problem.InvalidParam("date", "must be a date like "
                    + "2026-10-08", "invalid-date")));
        }
        return appointments.day(ApplicationLookup.callerOf(jwt), code, day);
    }
}
