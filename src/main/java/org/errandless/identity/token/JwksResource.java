package org.errandless.identity.token;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.errandless.common.problem.Problem;

/** The public keys that verify our tokens (and, through {@link PublishedKeys}, our e-certificates). */
@Path("/")
@Tag(name = "Authentication")
public class JwksResource {

    static final String EXAMPLE = """
            {"keys":[{"kty":"RSA","kid":"mK3vQ9…","use":"sig","alg":"RS256","n":"0vx7agoebGcQ…","e":"AQAB"}]}""";

    @Inject
    Instance<PublishedKeys> sources;

    @GET
    @Path(".well-known/jwks.json")
    @PermitAll
    @SecurityRequirements
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getJwks",
            summary = "Public keys (JWKS)", description = "The RS256 public keys, current and next, that verify "
            + "access tokens and e-certificates; cache for up to an hour.")
    @APIResponse(responseCode = "200", description = "JSON Web Key Set", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JsonWebKeySet.class),
            examples = @ExampleObject(name = "jwks", value = EXAMPLE)))
    @APIResponse(responseCode = "406", description = "The client accepts no JSON (`not-acceptable`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response wellKnown() {
        List<Map<String, Object>> keys = new ArrayList<>();
        sources.forEach(source -> keys.addAll(source.jwks()));
        CacheControl cache = new CacheControl();
        cache.setMaxAge(3600);
        return Response.ok(Map.of("keys", keys)).cacheControl(cache).build();
    }
}
