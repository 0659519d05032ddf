package org.errandless.identity.otp;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.errandless.common.problem.Problem;
import org.errandless.common.web.idempotency.Idempotent;
import org.errandless.common.web.idempotency.SecretAnswer;
import org.errandless.common.web.ClientAddresses;
import org.errandless.identity.token.TokenPair;

import io.vertx.core.http.HttpServerRequest;

/** Phone sign-in: a one-time code by SMS, then the code for a token pair. */
@Path("/api/v1/auth/otp")
@Tag(name = "Authentication", description = "Sign-in (a code by SMS for citizens, password for staff), token "
        + "refresh and sign-out, and the public keys (JWKS) that verify our tokens and certificates")
@Produces(MediaType.APPLICATION_JSON)
public class OtpResource {

    static final String REQUEST_EXAMPLE = """
            {"phone": "+8613800000001"}""";
    static final String CHALLENGE_EXAMPLE = """
            {"challengeId": "8d7f5a8e-3c1b-4f0e-9a51-2e6c4b7d9f10", "expiresAt": "2026-09-30T02:05:00Z",
             "resendAfterSeconds": 60}""";
    static final String VERIFY_EXAMPLE = """
            {"challengeId": "8d7f5a8e-3c1b-4f0e-9a51-2e6c4b7d9f10", "code": "123456"}""";
    static final String TOKENS_EXAMPLE = """
            {"accessToken": "eyJraWQiOiJ...", "refreshToken": "rt_4fJ2v...", "tokenType": "Bearer",
             "expiresIn": 900}""";
    static final String PHONE_INVALID_EXAMPLE = """
            {"type": "urn:errandless:problem:validation-failed", "title": "请求参数不合法", "status": 400,
             "detail": "1 parameter is invalid", "instance": "/api/v1/auth/otp", "code": "validation-failed",
             "invalidParams": [{"name": "phone", "reason": "must be a mainland mobile number, +86 and 11 digits or \
            11 digits starting 13-19", "code": "wrong-format"}]}""";
    static final String CODE_INVALID_EXAMPLE = """
            {"type": "urn:errandless:problem:validation-failed", "title": "请求参数不合法", "status": 400,
             "detail": "1 parameter is invalid", "instance": "/api/v1/auth/otp/verify", "code": "validation-failed",
             "invalidParams": [
               {"name": "code", "reason": "must be the 6 digits of the code", "code": "wrong-format"}]}""";
    static final String RATE_LIMITED_EXAMPLE = """
            {"type": "urn:errandless:problem:rate-limited", "title": "请求过于频繁", "status": 429,
             "detail": "A code was just sent to this phone; wait before asking for another",
             "instance": "/api/v1/auth/otp", "code": "rate-limited"}""";
    static final String INVALID_EXAMPLE = """
            {"type": "urn:errandless:problem:otp-invalid", "title": "验证码错误", "status": 401,
             "detail": "The code is wrong; 4 tries left", "instance": "/api/v1/auth/otp/verify",
             "code": "otp-invalid"}""";
    static final String EXPIRED_EXAMPLE = """
            {"type": "urn:errandless:problem:otp-expired", "title": "验证码已过期", "status": 410,
             "detail": "The code has expired; ask for a new one", "instance": "/api/v1/auth/otp/verify",
             "code": "otp-expired"}""";
    static final String LOCKED_EXAMPLE = """
            {"type": "urn:errandless:problem:otp-locked", "title": "验证码错误次数过多", "status": 423,
             "detail": "Too many wrong codes: this code no longer works; ask for a new one",
             "instance": "/api/v1/auth/otp/verify", "code": "otp-locked"}""";

    @Inject
    OtpService otp;
    @Inject
    ClientAddresses clientAddresses;

    @POST
    @PermitAll
    @SecurityRequirements
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "requestOtp",
            summary = "Send a sign-in code by SMS",
            description = "Sends a 6-digit code to a mainland mobile number (`+86` and 11 digits, or the 11 digits). "
                    + "The code works for 5 minutes, once, and takes at most 5 wrong tries. A new code makes the "
                    + "phone's earlier ones stop working. Throttled: one code per phone every 60 seconds, at most 10 "
                    + "per phone in any hour, and a limit per client address; beyond them the answer is 429 "
                    + "`rate-limited` with `Retry-After`.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = OtpRequest.class),
            examples = { @ExampleObject(name = "E.164", value = REQUEST_EXAMPLE),
                    @ExampleObject(name = "11 digits", value = "{\"phone\": \"13800000001\"}") }))
    @APIResponse(responseCode = "202", description = "The code is on its way", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OtpChallengeView.class),
            examples = @ExampleObject(name = "challenge", value = CHALLENGE_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "`validation-failed`: not a mainland mobile number; "
            + "`malformed-request`: the body is not JSON", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "validation-failed", value = PHONE_INVALID_EXAMPLE)))
    @APIResponse(responseCode = "429", description = "`rate-limited`: a code was sent to this phone less than 60 "
            + "seconds ago, 10 were sent in the last hour, or the client address asked for too many",
            headers = @Header(name = "Retry-After", description = "Seconds until a request may succeed",
                    schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "rate-limited", value = RATE_LIMITED_EXAMPLE)))
    public Response request(@Valid @NotNull OtpRequest request, @Context HttpServerRequest http) {
        OtpChallengeView challenge = otp.request(request.phone(), clientAddresses.of(http));
        return Response.accepted(challenge).build();
    }

    @POST
    @Idempotent(caller = OtpCodeCaller.class)
    @SecretAnswer
    @Path("verify")
    @PermitAll
    @SecurityRequirements
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "verifyOtp",
            summary = "Sign in with the code",
            description = "Exchanges the code for a token pair. The first sign-in of a phone creates its citizen "
                    + "account at assurance level L1. A wrong code is 401 `otp-invalid` (an unknown or already used "
                    + "challenge answers the same); the fifth wrong code locks the challenge, and it and every later "
                    + "try answer 423 `otp-locked`, even with the right code. An expired challenge, or one a newer "
                    + "code replaced, is 410 `otp-expired`. Tries are limited per client address (429 `rate-limited`).")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = OtpVerification.class),
            examples = @ExampleObject(name = "code", value = VERIFY_EXAMPLE)))
    @APIResponse(responseCode = "200", description = "Signed in", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TokenPair.class),
            examples = @ExampleObject(name = "tokens", value = TOKENS_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "`validation-failed`: challenge id or code missing or malformed "
            + "(a malformed code is not counted as a try); `malformed-request`: the body is not JSON",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "validation-failed", value = CODE_INVALID_EXAMPLE)))
    @APIResponse(responseCode = "401", description = "`otp-invalid`: wrong code, unknown or already used challenge",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "otp-invalid", value = INVALID_EXAMPLE)))
    @APIResponse(responseCode = "403", description = "`forbidden`: the phone's account is disabled; "
            + "`minor-cannot-sign-in`: the account is bound to a child under 16 on the business date (bound before "
            + "the age rule); its other sign-ins end too, and it signs in again from the 16th birthday",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "410", description = "`otp-expired`: the code expired or a newer one replaced it",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "otp-expired", value = EXPIRED_EXAMPLE)))
    @APIResponse(responseCode = "423", description = "`otp-locked`: too many wrong codes; request a new one",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "otp-locked", value = LOCKED_EXAMPLE)))
    @APIResponse(responseCode = "429", description = "`rate-limited`: too many sign-in tries from this client address",
            headers = @Header(name = "Retry-After", description = "Seconds until a request may succeed",
                    schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public TokenPair verify(@Valid @NotNull OtpVerification verification, @Context HttpServerRequest http) {
        return otp.verify(verification.challengeId(), verification.code(), clientAddresses.of(http));
    }
}
