package org.errandless.identity.staff;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;

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
import org.errandless.audit.AuditActor;
import org.errandless.common.problem.Problem.InvalidParam;
import org.errandless.common.problem.Problem;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.security.Roles;
import org.errandless.common.web.Cursors;
import org.errandless.common.web.Page;
import org.errandless.common.web.idempotency.Idempotent;
import org.errandless.identity.token.Claims;

/** Staff accounts, for admins. */
@Path("/api/v1/admin/staff")
@Tag(name = "Administration")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class StaffAdminResource {

    static final String ACCOUNT = """
            {"id":"3f1c2a7e-8b4d-4e0a-9c55-2d7f3b1e6a90","username":"officer.50010301.li",\
            "displayName":"解放碑派出所 李警官","roles":["OFFICER"],"stationCode":"50010301","divisionCode":null,\
            "disabled":false,"lockedUntil":null,"createdAt":"2026-09-30T02:00:00Z","updatedAt":"2026-09-30T02:00:00Z"}""";
    static final String PAGE = "{\"items\":[" + ACCOUNT + "],\"nextCursor\":\"b2ZmaWNlci41MDAxMDMwMS5saQ\"}";
    static final String CREATE = """
            {"username":"officer.50010301.li","password":"correct-horse-battery-staple",\
            "displayName":"解放碑派出所 李警官","roles":["OFFICER"],"stationCode":"50010301"}""";
    static final String OFFICER_WITHOUT_STATION = """
            {"type":"urn:errandless:problem:validation-failed","title":"请求参数不合法","status":400,\
            "detail":"1 parameter is invalid","instance":"/api/v1/admin/staff","code":"validation-failed",\
            "invalidParams":[{"name":"stationCode","reason":"is required for an OFFICER","code":"required"}]}""";
    static final String USERNAME_TAKEN = """
            {"type":"urn:errandless:problem:username-taken","title":"用户名已被占用","status":409,\
            "detail":"Another staff account has this username","instance":"/api/v1/admin/staff",\
            "code":"username-taken"}""";
    static final String NOT_FOUND = """
            {"type":"urn:errandless:problem:not-found","title":"资源不存在","status":404,\
            "detail":"Staff account not found","instance":"/api/v1/admin/staff/3f1c2a7e-8b4d-4e0a-9c55-2d7f3b1e6a90",\
            "code":"not-found"}""";
    static final String ID_EXAMPLE = "3f1c2a7e-8b4d-4e0a-9c55-2d7f3b1e6a90";

    @Inject
    StaffService staff;
    @Inject
    StaffMfaService mfa;
    @Inject
    JsonWebToken jwt;

    @POST
    @Idempotent
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createStaff",
            summary = "Create a staff account", description = "Creates an officer, supervisor or admin account. "
            + "Usernames are unique regardless of case and stored in lower case. Passwords need at least 12 "
            + "characters (at most 72 bytes, what bcrypt reads). An OFFICER needs a `stationCode`; a SUPERVISOR "
            + "oversees a station (`stationCode`), a district (`divisionCode`) or, with neither, the whole city; a "
            + "station and a division do not go together. These field rules answer 400 `validation-failed` like "
            + "any missing field. The answer never carries the password or its hash.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CreateStaffRequest.class),
            examples = @ExampleObject(name = "officer", value = CREATE)))
    @APIResponse(responseCode = "201", description = "Created; `Location` names the new account",
            headers = @Header(name = "Location", description = "URL of the new account",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = StaffAccountView.class),
                    examples = @ExampleObject(name = "officer", value = ACCOUNT)))
    @APIResponse(responseCode = "400", description = "Invalid fields (`validation-failed`), e.g. a password "
            + "shorter than 12 characters or an OFFICER without a station", content = @Content(
                    mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "officer without station", value = OFFICER_WITHOUT_STATION)))
    @APIResponse(responseCode = "409", description = "Another account has this username (`username-taken`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "username-taken", value = USERNAME_TAKEN)))
    public Response create(@Valid @NotNull CreateStaffRequest request) {
        StaffAccountView created = staff.create(request, actor());
        return Response.created(URI.create("/api/v1/admin/staff/" + created.id())).entity(created).build();
    }

    @GET
    @Operation(operationId = "listStaff",
            summary = "List staff accounts", description = "Accounts in username order, optionally only those "
            + "with a role or of a station; cursor pages.")
    @APIResponse(responseCode = "200", description = "One page of accounts", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StaffAccountPage.class),
            examples = @ExampleObject(name = "page", value = PAGE)))
    public Page<StaffAccountView> list(
            @Parameter(description = "Only accounts with this role", schema = @Schema(type = SchemaType.STRING,
                    enumeration = { "OFFICER", "SUPERVISOR", "ADMIN" }), example = "OFFICER")
            @QueryParam("role") String role,
            @Parameter(description = "Only accounts of this station", example = "50010301")
            @QueryParam("stationCode") String stationCode,
            @Parameter(description = "`nextCursor` of the previous page") @QueryParam("cursor") String cursor,
            @Parameter(description = "Page size, 1 to 100 (default 20)", schema = @Schema(type = SchemaType.INTEGER,
                    minimum = "1", maximum = "100", defaultValue = "20"), example = "20")
            @QueryParam("limit") String limit) {
        return staff.list(role(role), stationCode(stationCode), cursor, Cursors.parseLimit(limit));
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getStaff",
            summary = "One staff account", description = "The account with its roles, scope, whether it is "
            + "disabled and any lockout in force. Carries a strong `ETag`; `If-None-Match` answers 304.")
    @APIResponse(responseCode = "200", description = "The account", headers = @Header(name = "ETag",
            schema = @Schema(type = SchemaType.STRING)), content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = StaffAccountView.class),
                    examples = @ExampleObject(name = "officer", value = ACCOUNT)))
    @APIResponse(responseCode = "304", description = "Unchanged since the `If-None-Match` ETag")
    @APIResponse(responseCode = "404", description = "No such account (`not-found`)", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "not-found", value = NOT_FOUND)))
    public Response get(@Parameter(description = "Account id", example = ID_EXAMPLE) @PathParam("id") String id,
            @Context Request request) {
        StaffAccountView account = staff.get(id(id));
        EntityTag tag = new EntityTag(etag(account));
        Response.ResponseBuilder unchanged = request.evaluatePreconditions(tag);
        if (unchanged != null) {
            return unchanged.tag(tag).build();
        }
        return Response.ok(account).tag(tag).build();
    }

    @POST
    @Idempotent
    @Path("{id}/disable")
    @Operation(operationId = "disableStaff",
            summary = "Disable a staff account", description = "The account can no longer sign in, and every "
            + "sign-in it has is revoked at once: its access tokens stop working with the next request. "
            + "Disabling a disabled account changes nothing.")
    @APIResponse(responseCode = "200", description = "The disabled account", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StaffAccountView.class)))
    @APIResponse(responseCode = "404", description = "No such account (`not-found`)", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "not-found", value = NOT_FOUND)))
    public StaffAccountView disable(@Parameter(description = "Account id", example = ID_EXAMPLE)
            @PathParam("id") String id) {
        return staff.disable(id(id), actor());
    }

    @POST
    @Idempotent
    @Path("{id}/enable")
    @Operation(operationId = "enableStaff",
            summary = "Enable a staff account", description = "A disabled account may sign in again (its old "
            + "sign-ins stay revoked). Enabling an enabled account changes nothing.")
    @APIResponse(responseCode = "200", description = "The enabled account", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StaffAccountView.class)))
    @APIResponse(responseCode = "404", description = "No such account (`not-found`)", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "not-found", value = NOT_FOUND)))
    public StaffAccountView enable(@Parameter(description = "Account id", example = ID_EXAMPLE)
            @PathParam("id") String id) {
        return staff.enable(id(id), actor());
    }

    @POST
    @Idempotent
    @Path("{id}/password")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "resetStaffPassword",
            summary = "Reset a staff password", description = "Sets a new password (at least 12 characters), "
            + "lifts any lockout and revokes every sign-in of the account.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = PasswordRequest.class), examples = @ExampleObject(name = "reset",
                    value = "{\"password\":\"another-long-passphrase\"}")))
    @APIResponse(responseCode = "204", description = "Password set; the account's sign-ins are revoked")
    @APIResponse(responseCode = "404", description = "No such account (`not-found`)", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "not-found", value = NOT_FOUND)))
    public Response resetPassword(@Parameter(description = "Account id", example = ID_EXAMPLE)
            @PathParam("id") String id, @Valid @NotNull PasswordRequest request) {
        staff.resetPassword(id(id), request.password(), actor());
        return Response.noContent().build();
    }

    @DELETE
    @Path("{id}/mfa")
    @Operation(operationId = "resetStaffMfa",
            summary = "Reset a staff member's second factor", description = "For a staff member who lost both "
            + "the authenticator app and the recovery codes: removes the enrolment and the recovery codes and ends "
            + "every sign-in of the account. The staff member signs in with the password and enrols again; until "
            + "then admin endpoints and officer decisions answer 403 `mfa-required` (unless the account is still "
            + "within its enrolment grace period). Recorded on the audit trail; resetting an account without a "
            + "second factor changes nothing else.")
    @APIResponse(responseCode = "204", description = "Reset; the account's sign-ins have ended")
    @APIResponse(responseCode = "404", description = "No such account (`not-found`)", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "not-found", value = NOT_FOUND)))
    public Response resetSecondFactor(@Parameter(description = "Account id", example = ID_EXAMPLE)
            @PathParam("id") String id) {
        mfa.reset(id(id), actor());
        return Response.noContent().build();
    }

    /** The admin acting, for the audit trail: the token's subject, labelled with its roles. */
    private AuditActor actor() {
        Set<String> groups = new TreeSet<>(jwt.getGroups());
        String station = jwt.getClaim(Claims.STATION);
        return AuditActor.staff(jwt.getSubject(), String.join(",", groups) + (station == null ? "" : " @ " + station));
    }

    private static UUID id(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            // not an id we ever issued, so there is no such account
            throw ProblemException.notFound("Staff account");
        }
    }

    private static StaffRole role(String value) {
        if (value == null) {
            return null;
        }
        try {
            return StaffRole.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.validation(List.of(new InvalidParam("role",
                    "must be one of OFFICER, SUPERVISOR, ADMIN", "invalid")));
        }
    }

    private static String stationCode(String value) {
        if (value != null && !value.matches(StaffService.STATION_CODE)) {
            throw ProblemException.validation(List.of(new InvalidParam("stationCode", "must be 8 to 12 digits",
                    "wrong-format")));
        }
        return value;
    }


    private static String etag(StaffAccountView account) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(account.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    /** The list body, named for the spec. */
    @Schema(name = "StaffAccountPage")
    record StaffAccountPage(List<StaffAccountView> items,
            @Schema(description = "Opaque cursor of the next page; null on the last page", nullable = true)
            String nextCursor) {
    }
}
