package org.errandless.appointments;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.errandless.applications.ApplicationLookup;
import org.errandless.appointments.AppointmentViews.AppointmentView;
import org.errandless.appointments.AppointmentViews.SlotList;
import org.errandless.common.problem.Problem;
import org.errandless.common.security.Roles;
import org.errandless.common.web.idempotency.Idempotent;

/** The appointment of an application's hand-over (最多跑一次): free sessions, booking, rescheduling, attendance. */
@Path("/api/v1/applications/{id}/appointment")
@Tag(name = "Appointments", description = "The one visit of a step that needs presence (最多跑一次), such as the hand-over "
        + "of a renewed ID card: stations publish their schedules, applicants book, reschedule or cancel a session "
        + "of the working days, officers record attendance")
public class AppointmentResource {

    static final String ID_EXAMPLE = "0b5e2d1c-6f0a-4c3e-9a57-3c1f6e0d2b11";
    static final String VIEW_EXAMPLE = """
            {"id": "5c0b7e3a-8d21-4f6e-a9c4-2e1d0f3b4a59", "applicationId": "0b5e2d1c-6f0a-4c3e-9a57-3c1f6e0d2b11",
             "stationCode": "50010801", "date": "2026-10-08", "period": "MORNING",
             "startsAt": "2026-10-08T01:00:00Z", "endsAt": "2026-10-08T04:00:00Z", "status": "BOOKED",
             "bookedAt": "2026-09-30T02:00:00Z", "changeableUntil": "2026-10-07T23:00:00Z", "remindedAt": null,
             "outcomeAt": null}""";
    static final String SLOTS_EXAMPLE = """
            {"stationCode": "50010801", "items": [
             {"date": "2026-10-08", "period": "MORNING", "startsAt": "2026-10-08T01:00:00Z",
              "endsAt": "2026-10-08T04:00:00Z", "capacity": 5, "free": 3},
             {"date": "2026-10-08", "period": "AFTERNOON", "startsAt": "2026-10-08T06:00:00Z",
              "endsAt": "2026-10-08T09:30:00Z", "capacity": 5, "free": 5}]}""";
    static final String BOOKING_EXAMPLE = "{\"date\": \"2026-10-08\", \"period\": \"MORNING\"}";
    static final String NOT_FOUND = "No such application, or not the caller's (`not-found`)";
    static final String NOT_OPEN = "{\"type\": \"urn:errandless:problem:appointment-not-open\", \"title\": "
            + "\"当前不可预约\", \"status\": 409, \"detail\": \"An appointment for the hand-over can be booked once the "
            + "application is APPROVED (it is ACCEPTED)\", \"code\": \"appointment-not-open\"}";
    static final String FULL = "{\"type\": \"urn:errandless:problem:slot-full\", \"title\": \"该时段已约满\", "
            + "\"status\": 409, \"detail\": \"This session is fully booked; choose another one\", "
            + "\"code\": \"slot-full\"}";

    @Inject
    AppointmentService appointments;
    @Inject
    JsonWebToken jwt;

    @GET
    @Path("slots")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.CITIZEN)
    @Operation(operationId = "listAppointmentSlots", summary = "Free sessions for the hand-over",
            description = "The sessions of the handling station the applicant may book for the application: the "
            + "morning and afternoon sessions of the station's published schedule on the working days of the "
            + "calendar (holidays off, make-up working days on) from today to the configured horizon, that still "
            + "have a free seat and start more than 2 hours from now (business clock). Empty while the station has "
            + "published no schedule. Only for an APPROVED application of a service with a hand-over step "
            + "(ID_CARD_RENEWAL: the new card is handed over at the station).")
    @APIResponse(responseCode = "200", description = "The free sessions, soonest first", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SlotList.class),
            examples = @ExampleObject(name = "slots", value = SLOTS_EXAMPLE)))
    @APIResponse(responseCode = "403", description = "Not a citizen (`forbidden`)", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND, content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Not APPROVED, or a service without a hand-over "
            + "(`appointment-not-open`)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "not-open", value = NOT_OPEN)))
    public SlotList slots(@Parameter(description = "The application", example = ID_EXAMPLE) @PathParam("id") UUID id) {
        return appointments.slots(ApplicationLookup.callerOf(jwt), id);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.CITIZEN, Roles.OFFICER })
    @Operation(operationId = "getAppointment", summary = "The appointment of an application",
            description = "For the applicant and the officers of the handling station: the active booking, or else "
            + "the latest with its outcome (ATTENDED, NO_SHOW). The application's own representation shows the same "
            + "in `appointment`.")
    @APIResponse(responseCode = "200", description = "The appointment", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AppointmentView.class),
            examples = @ExampleObject(name = "booked", value = VIEW_EXAMPLE)))
    @APIResponse(responseCode = "403", description = "Neither a citizen nor an officer (`forbidden`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND + "; or no appointment", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public AppointmentView get(@Parameter(description = "The application", example = ID_EXAMPLE) @PathParam("id")
    UUID id) {
        return appointments.get(ApplicationLookup.callerOf(jwt), id);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.CITIZEN)
    @Idempotent
    @Operation(operationId = "bookAppointment", summary = "Book the hand-over",
            description = "The applicant books one session of the handling station (see `GET .../appointment/slots`) "
            + "for an APPROVED application of a service with a hand-over step. One active booking per application. "
            + "Seats are counted by the database: of any number of concurrent bookings of a session, as many as it "
            + "has seats succeed and the others get 409 `slot-full`. A reminder goes out by SMS and push on the "
            + "working day before. A retry with the same `Idempotency-Key` gets the first answer again.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = AppointmentRequests.Booking.class),
            examples = @ExampleObject(name = "morning", value = BOOKING_EXAMPLE)))
    @APIResponse(responseCode = "201", description = "The booking", headers = @Header(name = "Location",
            schema = @Schema(type = SchemaType.STRING)), content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = AppointmentView.class),
                    examples = @ExampleObject(name = "booked", value = VIEW_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "No date or period, or a malformed one (`validation-failed`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not a citizen (`forbidden`)", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND, content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Not APPROVED or no hand-over (`appointment-not-open`); "
            + "already booked (`appointment-exists`: reschedule or cancel it); no seat left (`slot-full`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "full", value = FULL)))
    @APIResponse(responseCode = "422", description = "The station offers no such session: no schedule, not a "
            + "working day, beyond the horizon, in the past or starting within 2 hours (`slot-unavailable`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response book(@Parameter(description = "The application", example = ID_EXAMPLE) @PathParam("id") UUID id,
            @Valid @NotNull AppointmentRequests.Booking request) {
        AppointmentView view = appointments.book(ApplicationLookup.callerOf(jwt), id, request);
        return Response.created(UriBuilder.fromResource(AppointmentResource.class).build(id)).entity(view).build();
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.CITIZEN)
    @Operation(operationId = "rescheduleAppointment", summary = "Move the booking to another session",
            description = "Until 2 hours before the booked session starts, the applicant moves the booking to another "
            + "free session, in one step: if the new session is full the old booking stands. The same session again "
            + "changes nothing.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = AppointmentRequests.Booking.class),
            examples = @ExampleObject(name = "afternoon", value = "{\"date\": \"2026-10-09\", \"period\": "
                    + "\"AFTERNOON\"}")))
    @APIResponse(responseCode = "200", description = "The new booking", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AppointmentView.class),
            examples = @ExampleObject(name = "moved", value = VIEW_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "No date or period, or a malformed one (`validation-failed`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not a citizen (`forbidden`)", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND + "; or no active booking", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Not APPROVED (`appointment-not-open`); within 2 hours of the "
            + "booked session (`appointment-too-late`); no seat left (`slot-full`)", content = @Content(
                    mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "The station offers no such session (`slot-unavailable`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public AppointmentView reschedule(
            @Parameter(description = "The application", example = ID_EXAMPLE) @PathParam("id") UUID id,
            @Valid @NotNull AppointmentRequests.Booking request) {
        return appointments.reschedule(ApplicationLookup.callerOf(jwt), id, request);
    }

    @DELETE
    @RolesAllowed(Roles.CITIZEN)
    @Operation(operationId = "cancelAppointment", summary = "Cancel the booking",
            description = "Until 2 hours before the session starts the applicant cancels the booking; its seat is "
            + "free again. Recorded in the audit trail.")
    @APIResponse(responseCode = "204", description = "Cancelled")
    @APIResponse(responseCode = "403", description = "Not a citizen (`forbidden`)", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND + "; or no active booking", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Within 2 hours of the session (`appointment-too-late`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response cancel(@Parameter(description = "The application", example = ID_EXAMPLE) @PathParam("id")
    UUID id) {
        appointments.cancel(ApplicationLookup.callerOf(jwt), id);
        return Response.noContent().build();
    }

    @POST
    @Path("attendance")
    @Idempotent
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OFFICER)
    @Operation(operationId = "recordAppointmentAttendance", summary = "Record attendance or a no-show",
            description = "An officer of the handling station records what happened: ATTENDED (from the "
            + "appointment's day on) or NO_SHOW (once the session has ended). Once per booking; recorded in the audit "
            + "trail. Handing over is still `POST /applications/{id}/complete`. Needs a sign-in with a second "
            + "factor.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = AppointmentRequests.Attendance.class),
            examples = @ExampleObject(name = "attended", value = "{\"outcome\": \"ATTENDED\"}")))
    @APIResponse(responseCode = "200", description = "The appointment with its outcome", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AppointmentView.class),
            examples = @ExampleObject(name = "attended", value = VIEW_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "No outcome, or another than ATTENDED or NO_SHOW "
            + "(`validation-failed`)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not an officer (`forbidden`), or signed in without a second "
            + "factor (`mfa-required`)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such application of the officer's station, or no "
            + "appointment (`not-found`)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The outcome is recorded already (`appointment-not-booked`); "
            + "too early (`attendance-too-early`)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    public AppointmentView attendance(
            @Parameter(description = "The application", example = ID_EXAMPLE) @PathParam("id") UUID id,
            @Valid @NotNull AppointmentRequests.Attendance request) {
        return appointments.recordOutcome(ApplicationLookup.callerOf(jwt), id,
                AppointmentStatus.valueOf(request.outcome()));
    }
}
