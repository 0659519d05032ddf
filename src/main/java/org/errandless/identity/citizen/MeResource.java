package org.errandless.identity.citizen;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.errandless.common.problem.Problem;
import org.errandless.common.security.Roles;

/** The signed-in citizen's own data. */
@Path("/api/v1/me")
@Tag(name = "Me", description = "The signed-in citizen: profile, identity verification, household")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.CITIZEN)
public class MeResource {

    @Inject
    JsonWebToken jwt;
    @Inject
    ProfileService profiles;

    @GET
    @Operation(operationId = "getProfile",
            summary = "My profile", description = "The account's phone, assurance level and, once verified, the "
            + "name and masked ID number of the person it is bound to.")
    @APIResponse(responseCode = "200", description = "The profile")
    public ProfileView me() {
        return profiles.profile(accountId());
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
