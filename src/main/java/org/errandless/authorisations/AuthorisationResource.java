package org.errandless.authorisations;

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
import org.errandless.common.problem.Problem;
import org.errandless.common.security.Roles;
import org.errandless.common.web.Cursors;
import org.errandless.common.web.Page;
import org.errandless.common.web.idempotency.Idempotent;

/** 代办 authorisations of the signed-in citizen, as agent or as principal (see {@link AuthorisationService}). */
@Path("/api/v1/me/authorisations")
@Tag(name = "Me")
@RolesAllowed(Roles.CITIZEN)
public class AuthorisationResource {

    static final String VIEW = """
            {"id":"9d4c2f7e-3a1b-4c5d-8e6f-0a1b2c3d4e5f","serviceCode":"HOUSEHOLD_CERTIFICATE","state":"ACTIVE",\
            "role":"AGENT","principal":{"personId":"5b1c7e2a-0d4f-4a8e-b3c6-9f2e1d0a7b45","name":"张建国",\
            "idNumber":"500103********0516"},"agent":{"personId":"1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9",\
            "name":"张子轩","idNumber":"500103********0330"},"validDays":30,"createdAt":"2026-09-30T02:00:00Z",\
            "codeExpiresAt":null,"confirmedAt":"2026-09-30T02:03:00Z","validUntil":"2026-10-30T02:03:00Z",\
            "revokedAt":null,"revokedBy":null}""";
    static final String PENDING = """
            {"id":"9d4c2f7e-3a1b-4c5d-8e6f-0a1b2c3d4e5f","serviceCode":"HOUSEHOLD_CERTIFICATE","state":"PENDING",\
            "role":"AGENT","principal":{"personId":null,"name":"张建国","idNumber":"500103********0516"},\
            "agent":{"personId":"1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9","name":"张子轩",\
            "idNumber":"500103********0330"},"validDays":30,"createdAt":"2026-09-30T02:00:00Z",\
            "codeExpiresAt":"2026-09-30T02:10:00Z","confirmedAt":null,"validUntil":null,"revokedAt":null,\
            "revokedBy":null}""";
    static final String NOT_FOUND = "No such authorisation, or the caller is neither its agent nor its principal "
            + "(`not-found`)";

    @Inject
    AuthorisationService authorisations;
    @Inject
    JsonWebToken jwt;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Idempotent
    @Operation(operationId = "requestAuthorisation", summary = "Ask a principal for a 代办 authorisation",
            description = "The caller (a verified citizen, L2, the agent) names the principal (an adult: name and ID "
                    + "number), one service and a validity in days (at most 90 by default). The server sends a "
                    + "six-digit code by SMS to the mobile the register records for the principal; if the principal "
                    + "agrees they tell the agent the code, who confirms with `POST /me/authorisations/{id}/"
                    + "confirmation` within 10 minutes. Until then the authorisation is PENDING and does not show the "
                    + "principal's register id. An unknown name and number, a person no longer in the register and a "
                    + "person without a registered mobile get the same answer (`principal-not-reachable`). Limited "
                    + "per agent and per principal.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = AuthorisationViews.Request.class), examples = @ExampleObject(
                    name = "request", value = "{\"principalName\":\"张建国\",\"principalIdNumber\":"
                            + "\"500103195508120516\",\"serviceCode\":\"HOUSEHOLD_CERTIFICATE\",\"validDays\":30}")))
    @APIResponse(responseCode = "201", description = "PENDING: the code is on its way to the principal",
            headers = @Header(name = "Location", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = AuthorisationViews.View.class),
                    examples = @ExampleObject(name = "pending", value = PENDING)))
    @APIResponse(responseCode = "400", description = "A field missing or malformed, a validity beyond the maximum, "
            + "or the caller's own ID number (`validation-failed`)", content = @Content(
                    mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "The caller is not verified at L2 (`assurance-too-low`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown service code (`service-not-found`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "A malformed ID number (`id-number-invalid`); the ID number "
            + "is of a person under 18 (`principal-not-adult`: a parent applies for a child directly); no active "
            + "resident with this name and number has a registered mobile (`principal-not-reachable`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "Too many requests by this agent or for this principal "
            + "(`rate-limited`)", headers = @Header(name = "Retry-After", schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response request(@Valid @NotNull AuthorisationViews.Request request) {
        AuthorisationViews.View view = authorisations.request(caller(), request);
        return Response.created(UriBuilder.fromResource(AuthorisationResource.class).path(view.id().toString())
                .build()).entity(view).build();
    }

    @POST
    @Path("{id}/confirmation")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Idempotent
    @Operation(operationId = "confirmAuthorisation", summary = "Confirm an authorisation with the principal's code",
            description = "The agent enters the code the principal received: the authorisation is ACTIVE for its "
                    + "days from now, and shows the principal's register id (`principal.personId`), which is the "
                    + "`onBehalfOf` of `POST /applications` for this service. Five wrong codes lock it; an expired "
                    + "code needs a new request.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = AuthorisationViews.Confirmation.class),
            examples = @ExampleObject(name = "code", value = "{\"code\":\"428913\"}")))
    @APIResponse(responseCode = "200", description = "ACTIVE", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AuthorisationViews.View.class),
            examples = @ExampleObject(name = "active", value = VIEW)))
    @APIResponse(responseCode = "400", description = "No code, or not six digits (`validation-failed`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "The caller is not verified at L2 (`assurance-too-low`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such authorisation, or the caller is not its agent "
            + "(`not-found`)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Already confirmed or revoked (`authorisation-not-pending`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "410", description = "The code has expired (`authorisation-code-expired`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "Wrong code, tries left in `detail` "
            + "(`authorisation-code-invalid`)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "423", description = "Too many wrong codes (`authorisation-code-locked`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public AuthorisationViews.View confirm(@PathParam("id") UUID id,
            @Valid @NotNull AuthorisationViews.Confirmation confirmation) {
        return authorisations.confirm(caller(), id, confirmation.code());
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listAuthorisations", summary = "My authorisations",
            description = "The authorisations the caller gave (role PRINCIPAL) and holds (role AGENT), in every "
                    + "state, newest first, in cursor pages. `state` is computed now: EXPIRED once the code or the "
                    + "validity ran out.")
    @APIResponse(responseCode = "200", description = "One page", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AuthorisationPage.class),
            examples = @ExampleObject(name = "page", value = "{\"items\":[" + VIEW + "],\"nextCursor\":null}")))
    @APIResponse(responseCode = "400", description = "A foreign cursor or a limit outside 1..100 "
            + "(`validation-failed`)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    public Page<AuthorisationViews.View> list(
            @Parameter(description = "`nextCursor` of the previous page", schema = @Schema(type = SchemaType.STRING))
            @QueryParam("cursor") String cursor,
            @Parameter(description = "Page size, 1 to 100 (default 20)", schema = @Schema(type = SchemaType.INTEGER,
                    minimum = "1", maximum = "100", defaultValue = "20"), example = "20")
            @QueryParam("limit") String limit) {
        return authorisations.list(caller(), cursor, Cursors.parseLimit(limit));
    }

    @DELETE
    @Path("{id}")
    @Operation(operationId = "revokeAuthorisation", summary = "Revoke an authorisation",
            description = "Either party ends it now (again: no change). From then the agent cannot start "
                    + "applications for the principal (403 `not-entitled-to-act`) nor submit a DRAFT made under it; "
                    + "applications already submitted continue to their decision and stay the agent's.")
    @APIResponse(responseCode = "204", description = "Revoked")
    @APIResponse(responseCode = "404", description = NOT_FOUND, content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    public void revoke(@PathParam("id") UUID id) {
        authorisations.revoke(caller(), id);
    }

    private UUID caller() {
        return UUID.fromString(jwt.getSubject());
    }

    /** A page of authorisations (for the OpenAPI document). */
    @Schema(name = "AuthorisationPage")
    public record AuthorisationPage(java.util.List<AuthorisationViews.View> items,
            @Schema(nullable = true) String nextCursor) {
    }
}
