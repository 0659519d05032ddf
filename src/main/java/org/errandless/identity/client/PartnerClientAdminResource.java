package org.errandless.identity.client;

import java.net.URI;
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
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
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
import org.errandless.common.problem.Problem;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.security.Roles;
import org.errandless.common.web.Cursors;
import org.errandless.common.web.Page;
import org.errandless.common.web.idempotency.Idempotent;
import org.errandless.common.web.idempotency.SecretAnswer;
import org.errandless.identity.token.Claims;

/** Partner clients, for admins. */
@Path("/api/v1/admin/clients")
@Tag(name = "Administration")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class PartnerClientAdminResource {

    static final String ID_EXAMPLE = "0b6f6c1e-2f0a-4d5e-9a3b-7c1d2e3f4a5b";
    static final String CLIENT = """
            {"clientId":"0b6f6c1e-2f0a-4d5e-9a3b-7c1d2e3f4a5b","name":"出生医学证明核验系统",\
            "department":"重庆市卫生健康委员会","scopes":["registry.person.read","registry.vital.read"],\
            "purposes":["BIRTH_MEDICAL_CERTIFICATE","FUNERAL_ALLOWANCE"],"dailyQuota":10000,\
            "authentication":["client_secret"],"disabled":false,"createdAt":"2026-09-30T02:00:00Z","updatedAt":"2026-09-30T02:00:00Z"}""";
    static final String CREDENTIALS = "{\"clientId\":\"" + ID_EXAMPLE + "\",\"clientSecret\":"
            + "\"cs_Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6\",\"client\":" + CLIENT + "}";
    static final String CREATE = """
            {"name":"出生医学证明核验系统","department":"重庆市卫生健康委员会",\
            "scopes":["registry.person.read","registry.vital.read"],"dailyQuota":10000,\
            "purposes":["BIRTH_MEDICAL_CERTIFICATE","FUNERAL_ALLOWANCE"]}""";
    static final String INVALID = """
            {"type":"urn:errandless:problem:validation-failed","title":"请求参数不合法","status":400,\
            "detail":"1 parameter is invalid","instance":"/api/v1/admin/clients","code":"validation-failed",\
            "invalidParams":[{"name":"dailyQuota","reason":"must be greater than or equal to 1","code":"invalid"}]}""";
    static final String UNKNOWN_PURPOSE = """
            {"type":"urn:errandless:problem:validation-failed","title":"请求参数不合法","status":400,\
            "detail":"1 parameter is invalid","instance":"/api/v1/admin/clients/0b6f6c1e-2f0a-4d5e-9a3b-7c1d2e3f4a5b/\
            purposes/GOSSIP","code":"validation-failed","invalidParams":[{"name":"purpose",\
            "reason":"is not a purpose of GET /api/v1/partner/purposes","code":"invalid"}]}""";
    static final String NOT_FOUND = """
            {"type":"urn:errandless:problem:not-found","title":"资源不存在","status":404,\
            "detail":"Partner client not found","instance":"/api/v1/admin/clients/0b6f6c1e-2f0a-4d5e-9a3b-7c1d2e3f4a5b",\
            "code":"not-found"}""";

    @Inject
    PartnerClients clients;
    @Inject
    JsonWebToken jwt;

    @POST
    @Idempotent
    @SecretAnswer
    @NoStore
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createPartnerClient",
            summary = "Register a partner client", description = "Registers a partner department's machine "
            + "client with its scopes (`registry.person.read`, `registry.household.read`, `registry.vital.read`), "
            + "the purposes it may name in checks (none unless listed; see `PUT .../purposes/{purpose}`) "
            + "and its daily quota of checks. The answer carries the client secret: it is shown only here (we keep "
            + "only its hash), so store it now. The client then asks `POST /api/v1/auth/clients/token` for tokens.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CreateClientRequest.class),
            examples = @ExampleObject(name = "health commission", value = CREATE)))
    @APIResponse(responseCode = "201", description = "Registered; `Location` names the client",
            headers = @Header(name = "Location", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ClientCredentials.class),
                    examples = @ExampleObject(name = "credentials", value = CREDENTIALS)))
    @APIResponse(responseCode = "400", description = "Invalid fields (`validation-failed`): an unknown scope, a "
            + "quota below 1, a missing name or department", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "validation-failed", value = INVALID)))
    public Response create(@Valid @NotNull CreateClientRequest request) {
        ClientCredentials created = clients.create(request, actor());
        return Response.created(URI.create("/api/v1/admin/clients/" + created.clientId())).entity(created).build();
    }

    @GET
    @Operation(operationId = "listPartnerClients",
            summary = "List partner clients", description = "Every partner client, enabled or not, in id order; "
            + "cursor pages. Never their secrets.")
    @APIResponse(responseCode = "200", description = "One page of clients", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PartnerClientPage.class),
            examples = @ExampleObject(name = "page", value = "{\"items\":[" + CLIENT + "],\"nextCursor\":null}")))
    @APIResponse(responseCode = "400", description = "`validation-failed`: a foreign cursor or a limit outside "
            + "1..100", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    public Page<PartnerClientView> list(
            @Parameter(description = "`nextCursor` of the previous page") @QueryParam("cursor") String cursor,
            @Parameter(description = "Page size, 1 to 100 (default 20)", schema = @Schema(type = SchemaType.INTEGER,
                    minimum = "1", maximum = "100", defaultValue = "20"), example = "20")
            @QueryParam("limit") String limit) {
        return clients.list(cursor, Cursors.parseLimit(limit));
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getPartnerClient",
            summary = "One partner client", description = "The client with its scopes, quota and whether it is "
            + "disabled; never its secret.")
    @APIResponse(responseCode = "200", description = "The client", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PartnerClientView.class),
            examples = @ExampleObject(name = "client", value = CLIENT)))
    @APIResponse(responseCode = "404", description = "No such client (`not-found`)", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "not-found", value = NOT_FOUND)))
    public PartnerClientView get(@Parameter(description = "Client id", example = ID_EXAMPLE)
            @PathParam("id") String id) {
        return clients.get(id(id));
    }

    @POST
    @Idempotent
    @SecretAnswer
    @NoStore
    @Path("{id}/secret")
    @Operation(operationId = "rotateClientSecret",
            summary = "Rotate a partner client's secret", description = "Issues a new secret, shown only in "
            + "this answer; the old secret stops working at once (tokens already issued expire within minutes).")
    @APIResponse(responseCode = "200", description = "The new credentials", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ClientCredentials.class),
            examples = @ExampleObject(name = "credentials", value = CREDENTIALS)))
    @APIResponse(responseCode = "404", description = "No such client (`not-found`)", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "not-found", value = NOT_FOUND)))
    public ClientCredentials rotateSecret(@Parameter(description = "Client id", example = ID_EXAMPLE)
            @PathParam("id") String id) {
        return clients.rotateSecret(id(id), actor());
    }

    @POST
    @Idempotent
    @Path("{id}/disable")
    @Operation(operationId = "disablePartnerClient",
            summary = "Disable a partner client", description = "The client gets no more tokens, and the tokens "
            + "it holds are refused from the next request. Disabling a disabled client changes nothing.")
    @APIResponse(responseCode = "200", description = "The disabled client", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PartnerClientView.class),
            examples = @ExampleObject(name = "client", value = CLIENT)))
    @APIResponse(responseCode = "404", description = "No such client (`not-found`)", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "not-found", value = NOT_FOUND)))
    public PartnerClientView disable(@Parameter(description = "Client id", example = ID_EXAMPLE)
            @PathParam("id") String id) {
        return clients.disable(id(id), actor());
    }

    @PUT
    @Path("{id}/purposes/{purpose}")
    @Operation(operationId = "grantPurpose",
            summary = "Grant a purpose to a partner client", description = "From now on the client's checks may "
            + "name this purpose (a code of `GET /api/v1/partner/purposes`); a check naming a purpose the client was "
            + "not granted is refused with 403 `purpose-not-granted`. Granting a purpose the client has changes "
            + "nothing; each grant is on the audit trail (`partner-client.grant-purpose`).")
    @APIResponse(responseCode = "200", description = "The client with its purposes", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PartnerClientView.class),
            examples = @ExampleObject(name = "client", value = CLIENT)))
    @APIResponse(responseCode = "400", description = "`validation-failed`: not a purpose code", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "validation-failed", value = UNKNOWN_PURPOSE)))
    @APIResponse(responseCode = "404", description = "No such client (`not-found`)", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "not-found", value = NOT_FOUND)))
    public PartnerClientView grantPurpose(@Parameter(description = "Client id", example = ID_EXAMPLE)
            @PathParam("id") String id, @Parameter(description = "Purpose code", example = "FUNERAL_ALLOWANCE")
            @PathParam("purpose") String purpose) {
        return clients.grantPurpose(id(id), purpose, actor());
    }

    @DELETE
    @Path("{id}/purposes/{purpose}")
    @Operation(operationId = "revokePurpose",
            summary = "Revoke a purpose of a partner client", description = "From the next check on, naming "
            + "this purpose is refused with 403 `purpose-not-granted`. Revoking a purpose the client lacks changes "
            + "nothing; each revocation is on the audit trail (`partner-client.revoke-purpose`).")
    @APIResponse(responseCode = "200", description = "The client with its remaining purposes", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PartnerClientView.class),
            examples = @ExampleObject(name = "client", value = CLIENT)))
    @APIResponse(responseCode = "400", description = "`validation-failed`: not a purpose code", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "validation-failed", value = UNKNOWN_PURPOSE)))
    @APIResponse(responseCode = "404", description = "No such client (`not-found`)", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "not-found", value = NOT_FOUND)))
    public PartnerClientView revokePurpose(@Parameter(description = "Client id", example = ID_EXAMPLE)
            @PathParam("id") String id, @Parameter(description = "Purpose code", example = "FUNERAL_ALLOWANCE")
            @PathParam("purpose") String purpose) {
        return clients.revokePurpose(id(id), purpose, actor());
    }

    private AuditActor actor() {
        Set<String> groups = new TreeSet<>(jwt.getGroups());
        String station = jwt.getClaim(Claims.STATION);
        return AuditActor.staff(jwt.getSubject(), String.join(",", groups) + (station == null ? "" : " @ " + station));
    }


    /** The list body, named for the spec. */
    @Schema(name = "PartnerClientPage")
    record PartnerClientPage(java.util.List<PartnerClientView> items,
            @Schema(description = "Opaque cursor of the next page; null on the last page", nullable = true)
            String nextCursor) {
    }

    private static UUID id(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("Partner client");
        }
    }
}
