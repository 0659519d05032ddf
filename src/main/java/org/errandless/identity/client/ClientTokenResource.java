package org.errandless.identity.client;

import java.nio.charset.StandardCharsets;
import java.net.URLDecoder;
import java.util.Base64;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.errandless.common.problem.Problem;
import org.errandless.common.web.idempotency.Idempotent;
import org.errandless.common.web.idempotency.SecretAnswer;

/** The OAuth2 token endpoint of partner clients. */
@Path("/api/v1/auth/clients/token")
@Tag(name = "Partners")
public class ClientTokenResource {

    static final String TOKEN = """
            {"access_token":"eyJraWQiOiJrMSIsInR5cCI6IkpXVCIsImFsZyI6IlJTMjU2In0.eyJzdWIiOiIuLi4ifQ.c2lnbmF0dXJl",\
            "token_type":"Bearer","expires_in":300,"scope":"registry.person.read"}""";

    @Inject
    ClientTokenService service;

    @POST
    @PermitAll
    @SecurityRequirements
    @Idempotent(caller = ClientCredentialsCaller.class)
    @SecretAnswer
    @NoStore
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "issueClientToken",
            summary = "Issue a partner access token", description = "OAuth2 client credentials (RFC 6749 §4.4), "
            + "form-encoded. The client authenticates with `client_id` and `client_secret` in the form "
            + "(`client_secret_post`), with HTTP Basic (`client_secret_basic`), or with a JWT signed by its registered "
            + "key (`private_key_jwt`, RFC 7523: `client_assertion_type` "
            + "`urn:ietf:params:oauth:client-assertion-type:jwt-bearer`, `client_assertion` with `iss` = `sub` = "
            + "client id, `aud` this endpoint's URL, `exp` at most 5 minutes ahead, a `jti` used once). `scope` (space separated) asks "
            + "for some of the client's granted scopes; without it the token carries all of them. The token is an "
            + "RS256 JWT for a few minutes (`expires_in`), verified with our JWKS; there is no refresh token, the "
            + "client asks again. A disabled client's tokens stop working at once. Errors follow RFC 6749 §5.2 "
            + "(`{error, error_description}`, not problem+json, because OAuth libraries expect exactly that); every "
            + "answer carries `Cache-Control: no-store`.")
    @APIResponse(responseCode = "200", description = "The token", headers = @Header(name = "Cache-Control",
            schema = @Schema(type = SchemaType.STRING, example = "no-store")), content = @Content(
                    mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ClientToken.class),
                    examples = @ExampleObject(name = "token", value = TOKEN)))
    @APIResponse(responseCode = "400", description = "`invalid_request` (no grant type), `unsupported_grant_type` "
            + "(anything but client_credentials) or `invalid_scope` (a scope the client was not granted), as OAuth "
            + "errors; a form the front door refuses before OAuth reads it (a NUL in a field) as a problem "
            + "(`malformed-request`)", content = {
                    @Content(mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = TokenError.class), examples = @ExampleObject(
                                    name = "invalid_scope", value = "{\"error\":\"invalid_scope\","
                                            + "\"error_description\":\"The client was not granted every scope "
                                            + "asked for\"}")),
                    @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)) })
    @APIResponse(responseCode = "401", description = "`invalid_client`: unknown client, wrong secret, disabled "
            + "client, or an invalid, expired or reused client assertion", content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = TokenError.class), examples = @ExampleObject(
                            name = "invalid_client", value = "{\"error\":\"invalid_client\",\"error_description\":"
                                    + "\"Client authentication failed\"}")))
    public Response token(
            @Parameter(description = "Must be `client_credentials`") @FormParam("grant_type") String grantType,
            @FormParam("client_id") String clientId, @FormParam("client_secret") String clientSecret,
            @FormParam("scope") String scope,
            @FormParam("client_assertion_type") String clientAssertionType,
            @FormParam("client_assertion") String clientAssertion,
            @Parameter(hidden = true) @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        String id = clientId;
        String secret = clientSecret;
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String[] basic = basic(authorization.substring(6).strip());
            if (basic == null || clientSecret != null) {
                // RFC 6749 §2.3: one authentication method per request
                return answer(new ClientTokenService.Outcome(null, 401,
                        new TokenError("invalid_client", "Client authentication failed")));
            }
            id = basic[0];
            secret = basic[1];
        }
        return answer(service.issue(grantType, id, secret, scope, clientAssertionType, clientAssertion));
    }

    private static Response answer(ClientTokenService.Outcome outcome) {
        Response.ResponseBuilder response = Response.status(outcome.status()).type(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CACHE_CONTROL, "no-store").header("Pragma", "no-cache")
                .entity(outcome.token() != null ? outcome.token() : outcome.error());
        if (outcome.status() == 401) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"errandless\"");
        }
        return response.build();
    }

    /** client_id and client_secret of an HTTP Basic header (each form-urlencoded, RFC 6749 §2.3.1). */
    private static String[] basic(String encoded) {
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return null;
            }
            return new String[] { URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                    URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8) };
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
