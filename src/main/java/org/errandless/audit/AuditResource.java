package org.errandless.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.errandless.common.problem.Problem;
import org.errandless.common.problem.Problem.InvalidParam;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.security.Roles;
import org.errandless.common.web.Page;

/** The audit trail and its verification, for admins. Depends on nothing but common, like the rest of audit. */
@Path("/api/v1/admin/audit")
@Tag(name = "Administration")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    static final String EVENT = """
            {"sequenceNumber":1042,"id":"6a1d9a52-0b8e-4c1f-a1a4-3e2f0c7d9b11","occurredAt":"2026-09-30T02:00:00Z",\
            "actorType":"STAFF","actorId":"3f1c2a7e-8b4d-4e0a-9c55-2d7f3b1e6a90","actorLabel":"OFFICER @ 50010301",\
            "action":"auth.staff.login","targetType":"staff-account","targetId":"3f1c2a7e-8b4d-4e0a-9c55-2d7f3b1e6a90",\
            "outcome":"SUCCESS","requestId":"5b0f8e1c-2d7a-4f6e-9a3b-8c1d2e3f4a5b","details":{}}""";
    static final String PAGE = "{\"items\":[" + EVENT + "],\"nextCursor\":\"MTA0Mg\"}";
    static final String VALID = "{\"valid\":true,\"checked\":1042,\"firstBroken\":null}";
    static final String BROKEN = """
            {"valid":false,"checked":17,"firstBroken":{"sequenceNumber":17,\
            "id":"0c5e7f2a-9d3b-4a61-8e2f-1b7c6d5a4e39","defect":"CONTENT_ALTERED"}}""";

    @Inject
    AuditTrail trail;

    @GET
    @Operation(operationId = "listAuditEntries",
            summary = "List the audit trail", description = "Security-relevant events, newest first: sign-ins "
            + "and failed sign-ins, lockouts, revoked sign-ins, staff changes and more. Filters combine with AND; "
            + "cursor pages. Events carry opaque ids only, never personal data.")
    @APIResponse(responseCode = "200", description = "One page of events", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AuditEventPage.class),
            examples = @ExampleObject(name = "page", value = PAGE)))
    public Page<AuditEvent> list(
            @Parameter(description = "An action, or a prefix ending in `.*`", example = "auth.*")
            @QueryParam("action") String action,
            @Parameter(description = "Only events by this kind of actor", schema = @Schema(type = SchemaType.STRING,
                    enumeration = { "CITIZEN", "STAFF", "PARTNER", "SYSTEM", "ANONYMOUS" }), example = "STAFF")
            @QueryParam("actorType") String actorType,
            @Parameter(description = "Only events by this actor id", example = "3f1c2a7e-8b4d-4e0a-9c55-2d7f3b1e6a90")
            @QueryParam("actorId") String actorId,
            @Parameter(description = "Only events with this outcome", schema = @Schema(type = SchemaType.STRING,
                    enumeration = { "SUCCESS", "FAILURE", "DENIED" }), example = "FAILURE")
            @QueryParam("outcome") String outcome,
            @Parameter(description = "Only events at or after this time (RFC 3339)", schema = @Schema(
                    type = SchemaType.STRING, format = "date-time"), example = "2026-09-30T00:00:00Z")
            @QueryParam("from") String from,
            @Parameter(description = "Only events before this time (RFC 3339)", schema = @Schema(
                    type = SchemaType.STRING, format = "date-time"), example = "2026-10-01T00:00:00Z")
            @QueryParam("to") String to,
            @Parameter(description = "`nextCursor` of the previous page") @QueryParam("cursor") String cursor,
            @Parameter(description = "Page size, 1 to 100 (default 20)", schema = @Schema(type = SchemaType.INTEGER,
                    minimum = "1", maximum = "100", defaultValue = "20"), example = "20")
            @QueryParam("limit") String limit) {
        List<InvalidParam> problems = new ArrayList<>();
        AuditQuery query = new AuditQuery(text("action", action, 100, problems),
                enumeration("actorType", actorType, ActorType.class, problems),
                text("actorId", actorId, 128, problems),
                enumeration("outcome", outcome, AuditOutcome.class, problems),
                instant("from", from, problems), instant("to", to, problems));
        Integer size = integer("limit", limit, problems);
        if (!problems.isEmpty()) {
            throw ProblemException.validation(problems);
        }
        return trail.list(query, cursor, size);
    }

    @GET
    @Path("verify")
    @Operation(operationId = "verifyAuditTrail",
            summary = "Verify the audit trail", description = "Walks the whole hash chain from its first event "
            + "and reports the first event whose content or link to its predecessor does not check out. A valid "
            + "answer says no event was altered, inserted or removed before the newest one.")
    @APIResponse(responseCode = "200", description = "The result of the walk", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ChainVerification.class),
            examples = { @ExampleObject(name = "valid", value = VALID),
                    @ExampleObject(name = "broken", value = BROKEN) }))
    public ChainVerification verify() {
        return trail.verify();
    }

    private static String text(String name, String value, int maxLength, List<InvalidParam> problems) {
        if (value != null && value.length() > maxLength) {
            problems.add(new InvalidParam(name, "must be at most " + maxLength + " characters", "wrong-size"));
            return null;
        }
        return value;
    }

    private static <E extends Enum<E>> E enumeration(String name, String value, Class<E> type,
            List<InvalidParam> problems) {
        if (value == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> names = new ArrayList<>();
            for (E constant : type.getEnumConstants()) {
                names.add(constant.name());
            }
            problems.add(new InvalidParam(name, "must be one of " + String.join(", ", names), "invalid"));
            return null;
        }
    }

    private static Instant instant(String name, String value, List<InvalidParam> problems) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.strip()).toInstant();
        } catch (DateTimeParseException e) {
            problems.add(new InvalidParam(name, "must be an RFC 3339 date-time, e.g. 2026-09-30T00:00:00Z",
                    "wrong-format"));
            return null;
        }
    }

    private static Integer integer(String name, String value, List<InvalidParam> problems) {
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            problems.add(new InvalidParam(name, "must be a whole number", "wrong-type"));
            return null;
        }
    }

    /** The list body, named for the spec. */
    @Schema(name = "AuditEventPage")
    record AuditEventPage(List<AuditEvent> items,
            @Schema(description = "Opaque cursor of the next page; null on the last page", nullable = true)
            String nextCursor) {
    }
}
