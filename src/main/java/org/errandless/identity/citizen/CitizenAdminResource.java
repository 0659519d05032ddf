package org.errandless.identity.citizen;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
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
import org.errandless.audit.AuditActor;
import org.errandless.common.problem.Problem;
import org.errandless.common.problem.Problem.InvalidParam;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.security.Roles;
import org.errandless.common.web.idempotency.Idempotent;
import org.errandless.identity.token.Claims;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Citizen accounts, for admins: disabling and enabling them. */
@Path("/api/v1/admin/citizens")
@Tag(name = "Administration")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class CitizenAdminResource {

    static final String ID_EXAMPLE = "7d3c9a4e-1b2f-4c8d-9e0a-5f6b7c8d9e01";
    static final String REQUEST = "{\"reason\":\"Reported as stolen by the holder at the station counter\"}";
    static final String DISABLED = """
            {"id":"7d3c9a4e-1b2f-4c8d-9e0a-5f6b7c8d9e01","assuranceLevel":"L2","disabled":true,\
            "createdAt":"2026-09-30T02:00:00Z","updatedAt":"2026-10-08T06:30:00Z"}""";
    static final String ENABLED = """
            {"id":"7d3c9a4e-1b2f-4c8d-9e0a-5f6b7c8d9e01","assuranceLevel":"L2","disabled":false,\
            "createdAt":"2026-09-30T02:00:00Z","updatedAt":"2026-10-09T01:15:00Z"}""";
    static final String BAD_ID = """
            {"type":"urn:errandless:problem:validation-failed","title":"请求参数不合法","status":400,\
            "detail":"1 parameter is invalid","instance":"/api/v1/admin/citizens/12345/disable",\
            "code":"validation-failed","invalidParams":[{"name":"accountId","reason":"is not an account id (a UUID)",\
            "code":"wrong-format"}]}""";
    static final String NOT_FOUND = """
            {"type":"urn:errandless:problem:not-found","title":"资源不存在","status":404,\
            "detail":"Citizen account not found",\
            "instance":"/api/v1/admin/citizens/7d3c9a4e-1b2f-4c8d-9e0a-5f6b7c8d9e01/disable","code":"not-found"}""";

    @Inject
    CitizenAdminService citizens;
    @Inject
    JsonWebToken jwt;
    @Inject
    ObjectMapper json;
    @Inject
    Validator validator;
    @Context
    HttpHeaders headers;

    @POST
    @Idempotent
    @Path("{accountId}/disable")
    @Operation(operationId = "disableCitizen",
            summary = "Disable a citizen account", description = "The account can no longer sign in, every "
            + "sign-in it has is revoked (its refresh tokens fail) and its access tokens are refused from the next "
            + "request, on every instance. The body is optional; a `reason` goes to the audit trail "
            + "(`citizen.disable`) with the admin. Disabling a disabled account changes nothing.")
    @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CitizenStatusRequest.class),
            examples = @ExampleObject(name = "reason", value = REQUEST)))
    @APIResponse(responseCode = "200", description = "The disabled account", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CitizenAccountStatusView.class),
            examples = @ExampleObject(name = "disabled", value = DISABLED)))
    @APIResponse(responseCode = "400", description = "`validation-failed`: the id is not a UUID, or the reason is "
            + "longer than 200 characters or names an ID or phone number; `malformed-request`: the body is not JSON",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "bad id", value = BAD_ID)))
    @APIResponse(responseCode = "404", description = "No such account (`not-found`)", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "not-found", value = NOT_FOUND)))
    @APIResponse(responseCode = "415", description = "`unsupported-media-type`: a body that is not JSON",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public CitizenAccountStatusView disable(@Parameter(description = "The citizen account (`id` of `GET /me`)",
            example = ID_EXAMPLE) @PathParam("accountId") String accountId, String body)
            throws JsonProcessingException {
        return citizens.disable(id(accountId), reason(body), actor());
    }

    @POST
    @Idempotent
    @Path("{accountId}/enable")
    @Operation(operationId = "enableCitizen",
            summary = "Enable a citizen account", description = "A disabled account may sign in again; the "
            + "sign-ins revoked when it was disabled stay revoked. The body is optional; a `reason` goes to the audit "
            + "trail (`citizen.enable`) with the admin. Enabling an enabled account changes nothing.")
    @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CitizenStatusRequest.class),
            examples = @ExampleObject(name = "reason", value = REQUEST)))
    @APIResponse(responseCode = "200", description = "The enabled account", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CitizenAccountStatusView.class),
            examples = @ExampleObject(name = "enabled", value = ENABLED)))
    @APIResponse(responseCode = "400", description = "`validation-failed`: the id is not a UUID, or the reason is "
            + "longer than 200 characters or names an ID or phone number; `malformed-request`: the body is not JSON",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "bad id", value = BAD_ID)))
    @APIResponse(responseCode = "404", description = "No such account (`not-found`)", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "not-found", value = NOT_FOUND)))
    @APIResponse(responseCode = "415", description = "`unsupported-media-type`: a body that is not JSON",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public CitizenAccountStatusView enable(@Parameter(description = "The citizen account (`id` of `GET /me`)",
            example = ID_EXAMPLE) @PathParam("accountId") String accountId, String body)
            throws JsonProcessingException {
        return citizens.enable(id(accountId), reason(body), actor());
    }

    /** The admin acting, for the audit trail: the token's subject, labelled with its roles. */
    private AuditActor actor() {
        Set<String> groups = new TreeSet<>(jwt.getGroups());
        String station = jwt.getClaim(Claims.STATION);
        return AuditActor.staff(jwt.getSubject(), String.join(",", groups) + (station == null ? "" : " @ " + station));
    }

    /**
     * The reason from the optional body. Read here rather than by the framework: a POST without a body often comes
     * without a {@code Content-Type} (or with a client's default one), and that must not be a 415. A body that is
     * there must be JSON.
     */
    private String reason(String body) throws JsonProcessingException {
        if (body == null || body.isBlank()) {
            return null;
        }
        MediaType type = headers.getMediaType();
        if (type != null && !(type.isCompatible(MediaType.APPLICATION_JSON_TYPE) || type.getSubtype().endsWith("+json"))) {
            throw new ProblemException(415, "unsupported-media-type", "A body here is JSON (application/json)");
        }
        CitizenStatusRequest request = json.readValue(body, CitizenStatusRequest.class);
        if (request == null) {
            return null;
        }
        Set<ConstraintViolation<CitizenStatusRequest>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return request.reason();
    }

    private static UUID id(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.validation(List.of(new InvalidParam("accountId", "is not an account id (a UUID)",
                    "wrong-format")));
        }
    }
}
