package org.errandless.identity.token;

import java.util.UUID;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.errandless.common.problem.Problem;
import org.errandless.common.security.Roles;
import org.errandless.common.web.idempotency.Idempotent;
import org.errandless.common.web.idempotency.SecretAnswer;

/** Refresh and logout: the token lifecycle after sign-in. */
@Path("/api/v1/auth")
@Tag(name = "Authentication")
@Produces(MediaType.APPLICATION_JSON)
public class TokenResource {

    @Inject
    TokenService tokens;
    @Inject
    JsonWebToken jwt;

    /** Body of a refresh. */
    @Schema(name = "RefreshRequest")
    public record RefreshRequest(
            @NotBlank @Size(max = 200) @Schema(example = "rt_4fJ2v9c0Qm8xX1...") String refreshToken) {
    }

    @Inject
    JwksResource jwks;

    @GET
    @Path("jwks")
    @PermitAll
    @SecurityRequirements
    @Operation(operationId = "getAuthJwks",
            summary = "Public keys (JWKS), API path", description = "The same key set as "
            + "`/.well-known/jwks.json`, under the API prefix for gateways that only route `/api/v1`.")
    @APIResponse(responseCode = "200", description = "JSON Web Key Set", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JsonWebKeySet.class),
            examples = @ExampleObject(name = "jwks", value = JwksResource.EXAMPLE)))
    @APIResponse(responseCode = "406", description = "The client accepts no JSON (`not-acceptable`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response jwks() {
        return jwks.wellKnown();
    }

    @POST
    @Path("refresh")
    @PermitAll
    @SecurityRequirements
    @Idempotent(caller = RefreshTokenCaller.class)
    @SecretAnswer
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "refreshTokens",
            summary = "Rotate a refresh token", description = "Spends the refresh token and answers a new pair in "
            + "the same sign-in. A refresh token is single use: presenting a spent one again revokes the whole "
            + "sign-in (every token of its family), because only a thief or a confused client does that. A client "
            + "that lost the answer retries with the same `Idempotency-Key` and the same body instead, and gets "
            + "the same pair again, as long as it has not used the new refresh token: once it has, such a replay "
            + "counts as a reuse of the spent token and revokes the sign-in.")
    @APIResponse(responseCode = "200", description = "A new token pair")
    @APIResponse(responseCode = "401", description = "Unknown, expired, spent or revoked refresh token "
            + "(`unauthorized`)", content = @Content(
                    mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "The citizen account is bound to a child under 16 on the "
            + "business date (`minor-cannot-sign-in`): every sign-in of the account ends; it signs in again from the "
            + "16th birthday", content = @Content(
                    mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public TokenPair refresh(@Valid @NotNull RefreshRequest request) {
        return tokens.refresh(request.refreshToken());
    }

    @POST
    @Path("logout")
    @RolesAllowed({ Roles.CITIZEN, Roles.OFFICER, Roles.SUPERVISOR, Roles.ADMIN })
    @Operation(operationId = "revokeSignIn",
            summary = "Sign out", description = "Revokes the caller's sign-in: its refresh tokens and every access "
            + "token issued with them stop working at once.")
    @APIResponse(responseCode = "204", description = "Signed out")
    public Response logout() {
        String family = jwt.getClaim(Claims.FAMILY);
        if (family != null) {
            tokens.revokeFamily(UUID.fromString(family), "logout");
        }
        return Response.noContent().build();
    }
}
