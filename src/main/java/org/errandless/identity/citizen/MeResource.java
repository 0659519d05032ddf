package org.errandless.identity.citizen;

import java.security.Principal;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.errandless.common.problem.Problem;
import org.errandless.common.security.Roles;
import org.errandless.common.web.PreparedBody;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.arc.NoClassInterceptors;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** The signed-in citizen's own data. */
@Path("/api/v1/me")
@Tag(name = "Me", description = "The signed-in citizen: profile, identity verification, household")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.CITIZEN)
public class MeResource {

    static final String ETAG_EXAMPLE = "\"3q2-7wXpQmN0cVb1sFbDwCggn4bQgYhMfWWaL-qgxVr\"";

    @Inject
    JsonWebToken jwt;
    @Inject
    ProfileService profiles;
    @Inject
    ProfileSnapshots snapshots;
    @Inject
    ObjectMapper json;

    @GET
    @Operation(operationId = "getProfile",
            summary = "My profile", description = "The account's phone, assurance level and, once verified, the "
            + "name and masked ID number of the person it is bound to. Send the `ETag` back in `If-None-Match` to "
            + "get 304 while it is unchanged.")
    @APIResponse(responseCode = "200", description = "The profile",
            headers = @Header(name = HttpHeaders.ETAG, description = "Strong entity tag of this representation",
                    schema = @Schema(type = SchemaType.STRING, example = ETAG_EXAMPLE)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ProfileView.class)))
    @APIResponse(responseCode = "304", description = "Not modified: the If-None-Match tag is current; no body",
            headers = @Header(name = HttpHeaders.ETAG, schema = @Schema(type = SchemaType.STRING)))
    // The role check (the class's @RolesAllowed) is Quarkus REST's, made before the method is called: the
    // CDI interceptor the same annotation binds would only confirm it was made, on every call of the app's most
    // frequent read. Deny by default is unchanged (EndpointSecurityMatrixTest, MeResourceTest).
    @NoClassInterceptors
    public Uni<Response> me(
            @Parameter(description = "ETag(s) of a representation the client holds (or `*`)",
                    example = ETAG_EXAMPLE) @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
            @Context SecurityContext security) {
        // from memory on the I/O thread; the database only on a worker thread. The caller from the request's own
        // security context: the request-scoped JsonWebToken bean would be created for this one read
        Principal caller = security.getUserPrincipal();
        UUID accountId = caller instanceof JsonWebToken token ? UUID.fromString(token.getSubject()) : accountId();
        PreparedBody kept = snapshots.find(accountId);
        if (kept != null) {
            return Uni.createFrom().item(kept.conditionalGet(ifNoneMatch).build());
        }
        return Uni.createFrom().item(() -> read(accountId).conditionalGet(ifNoneMatch).build())
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** The account's profile read (one transaction) and kept unless it changed meanwhile. */
    private PreparedBody read(UUID accountId) {
        ProfileSnapshots.Stamp stamp = snapshots.stamp(accountId);
        PreparedBody read = PreparedBody.of(json, profiles.profile(accountId));
        snapshots.keep(stamp, accountId, read);
        return read;
    }

    @GET
    @Path("household")
    @Operation(operationId = "getMyHousehold",
            summary = "My household", description = "The household the verified citizen is registered in, with "
            + "its members (ID numbers masked). Needs level L2 as stored for the account.")
    @APIResponse(responseCode = "200", description = "The household")
    @APIResponse(responseCode = "403", description = "Level below L2 (`assurance-too-low`)", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public MyHouseholdView household() {
        return profiles.household(accountId());
    }

    private UUID accountId() {
        return UUID.fromString(jwt.getSubject());
    }
}
