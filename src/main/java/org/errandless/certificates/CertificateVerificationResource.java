package org.errandless.certificates;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.errandless.common.problem.Problem;
import org.errandless.common.web.ClientAddresses;

import io.vertx.core.http.HttpServerRequest;

/**
 * Public verification of e-certificates, for anyone a certificate is shown to (a school, an employer, a bank). Both
 * ways share one limit per client address, so codes cannot be guessed at speed.
 */
@Path("/api/v1/certificates/verify")
@Tag(name = "Certificates")
@Produces(MediaType.APPLICATION_JSON)
public class CertificateVerificationResource {

    static final String VALID_EXAMPLE = """
            {"valid": true, "type": "HOUSEHOLD_REGISTRATION", "issuedAt": "2026-09-30T02:00:00Z", "holder": "张*",
             "issuer": "重庆市公安局 户籍网上办理 (Errandless)"}""";
    static final String REVOKED_EXAMPLE = "{\"valid\": false, \"revoked\": true}";
    static final String UNKNOWN_EXAMPLE = "{\"valid\": false}";
    static final String TAMPERED_EXAMPLE = "{\"valid\": false, \"reason\": \"bad-signature\"}";
    static final String UNKNOWN_KEY_EXAMPLE = "{\"valid\": false, \"reason\": \"unknown-key\"}";
    static final String REVOKED_JWS_EXAMPLE = "{\"valid\": false, \"revoked\": true, \"reason\": \"revoked\"}";
    static final String RATE_LIMITED_EXAMPLE = """
            {"type": "urn:errandless:problem:rate-limited", "title": "请求过于频繁", "status": 429,
             "detail": "Too many certificate verifications from your network; try again later",
             "instance": "/api/v1/certificates/verify/7KQ2M9XD4HTB", "code": "rate-limited"}""";
    static final String JWS_EXAMPLE = "{\"jws\": \"eyJ0eXAiOiJlcnJhbmRsZXNzLWNlcnRpZmljYXRlK2p3dCIsImtpZCI6Ii4uLiIsI"
            + "mFsZyI6IlJTMjU2In0.eyJpc3MiOiLph43luobluILlhazlronlsYAifQ.c2lnbmF0dXJl\"}";

    /** A certificate presented whole. */
    @Schema(name = "CertificateVerificationRequest")
    public record JwsVerificationRequest(
            @NotBlank @Size(max = 16384) @Schema(required = true, description = "The certificate's compact JWS, as "
                    + "`GET /applications/{id}/certificate` gave it", maxLength = 16384) String jws) {
    }

    @Inject
    CertificateService certificates;
    @Inject
    ClientAddresses clientAddresses;

    @GET
    @Path("{verificationCode}")
    @PermitAll
    @SecurityRequirements
    @Operation(operationId = "verifyCertificateCode",
            summary = "Verify a certificate by its code", description = "Anyone holding a verification code (printed "
            + "on the certificate, or in its QR code) learns whether the certificate is genuine and in force, with "
            + "its type, issue time, the holder's masked name and the issuer — nothing more. An unknown code (or "
            + "text that cannot be a code) answers `{valid: false}`; a revoked certificate answers `{valid: false, "
            + "revoked: true}`, so a verifier can tell a withdrawn certificate from a forgery. Codes are read "
            + "forgivingly: case, spaces and hyphens do not matter, and I, L, O read as 1, 1, 0. Shares a limit per "
            + "client address with `POST /certificates/verify` (429 `rate-limited` with `Retry-After`).")
    @APIResponse(responseCode = "200", description = "The verdict", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = VerificationResult.class),
            examples = { @ExampleObject(name = "valid", value = VALID_EXAMPLE),
                    @ExampleObject(name = "revoked", value = REVOKED_EXAMPLE),
                    @ExampleObject(name = "unknown", value = UNKNOWN_EXAMPLE) }))
    @APIResponse(responseCode = "429", description = "`rate-limited`: too many verifications from this client address",
            headers = @Header(name = "Retry-After", description = "Seconds until a request may succeed",
                    schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "rate-limited", value = RATE_LIMITED_EXAMPLE)))
    public VerificationResult byCode(@Parameter(description = "The certificate's verification code (12 characters "
            + "of 0-9 and A-Z without I, L, O, U)", example = "7KQ2M9XD4HTB") @PathParam("verificationCode") String code,
            @Context HttpServerRequest http) {
        return certificates.verifyCode(code, clientAddresses.of(http));
    }

    @POST
    @PermitAll
    @SecurityRequirements
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "verifyCertificate",
            summary = "Verify a certificate presented whole", description = "Checks an offline copy of a "
            + "certificate: its RS256 signature against our current and retired certificate keys (those of "
            + "`/.well-known/jwks.json`), then that we issued exactly this certificate and have not revoked it. "
            + "Anything else answers 200 `{valid: false, reason}`: `malformed` (not a compact JWS of ours), "
            + "`unknown-key` (signed by a key that is not a certificate key of ours, e.g. an access token), "
            + "`bad-signature` (header or claims altered, or the signature itself), `unknown-certificate` (a "
            + "genuine signature over claims we have no certificate for), `revoked` (with `revoked: true`). Shares "
            + "a limit per client address with the verification by code (429 `rate-limited`).")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = JwsVerificationRequest.class),
            examples = @ExampleObject(name = "jws", value = JWS_EXAMPLE)))
    @APIResponse(responseCode = "200", description = "The verdict", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = VerificationResult.class),
            examples = { @ExampleObject(name = "valid", value = VALID_EXAMPLE),
                    @ExampleObject(name = "tampered", value = TAMPERED_EXAMPLE),
                    @ExampleObject(name = "unknown key", value = UNKNOWN_KEY_EXAMPLE),
                    @ExampleObject(name = "revoked", value = REVOKED_JWS_EXAMPLE) }))
    @APIResponse(responseCode = "400", description = "`validation-failed`: `jws` missing, blank or longer than 16384 "
            + "characters; `malformed-request`: the body is not JSON", content = @Content(
                    mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "`rate-limited`: too many verifications from this client address",
            headers = @Header(name = "Retry-After", description = "Seconds until a request may succeed",
                    schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "rate-limited", value = RATE_LIMITED_EXAMPLE)))
    public VerificationResult whole(@Valid @NotNull JwsVerificationRequest request, @Context HttpServerRequest http) {
        return certificates.verifyJws(request.jws(), clientAddresses.of(http));
    }
}
