package org.errandless.identity.staff;

import java.util.List;
import java.util.Locale;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

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
import org.errandless.common.problem.ProblemResponses;
import org.errandless.identity.client.NoStore;

/** Staff sign-in with username and password. */
@Path("/api/v1/auth/staff")
@Tag(name = "Authentication")
@Produces(MediaType.APPLICATION_JSON)
public class StaffLoginResource {

    static final String LOGIN_FAILED = """
            {"type":"urn:errandless:problem:login-failed","title":"用户名或密码错误","status":401,\
            "detail":"Wrong username or password","instance":"/api/v1/auth/staff/login","code":"login-failed"}""";
    static final String ACCOUNT_LOCKED = """
            {"type":"urn:errandless:problem:account-locked","title":"账号已锁定","status":423,\
            "detail":"Too many failed sign-ins; try again in 900 seconds","instance":"/api/v1/auth/staff/login",\
            "code":"account-locked"}""";
    static final String TOKENS = """
            {"accessToken":"eyJraWQiOiJtSzN2UTkiLCJhbGciOiJSUzI1NiJ9...","refreshToken":"rt_4fJ2v9c0Qm8xX1...",\
            "tokenType":"Bearer","expiresIn":900,"mfaEnrolmentRequired":false}""";
    static final String TOKENS_ENROL = """
            {"accessToken":"eyJraWQiOiJtSzN2UTkiLCJhbGciOiJSUzI1NiJ9...","refreshToken":"rt_4fJ2v9c0Qm8xX1...",\
            "tokenType":"Bearer","expiresIn":900,"mfaEnrolmentRequired":true,"mfaEnrolBy":"2026-10-07T02:00:00Z"}""";
    static final String MFA_REQUIRED = """
            {"type":"urn:errandless:problem:mfa-required","title":"需要动态验证码","status":401,\
            "detail":"Enter a code of your authenticator app (or a recovery code)",\
            "instance":"/api/v1/auth/staff/login","code":"mfa-required",\
            "mfaToken":"mfa_Q2hhbGxlbmdlLXRva2VuLWV4YW1wbGU","mfaTokenExpiresAt":"2026-09-30T02:05:00Z"}""";

    @Inject
    StaffLoginService login;

    @POST
    @Path("login")
    @PermitAll
    @NoStore
    @SecurityRequirements
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "loginStaff",
            summary = "Staff sign-in", description = "Signs an officer, supervisor or admin in with username and "
            + "password. The access token carries the roles in `groups`, `acct: STAFF`, and `station` (officers, "
            + "station supervisors) or `division` (district supervisors). A wrong password, an unknown username and "
            + "a disabled account all answer the same 401 `login-failed`. Five failed sign-ins in a row (by default) "
            + "lock the username for 15 minutes (the fifth failure already answers 423 `account-locked`, with `Retry-After`), "
            + "whether or not an account has it, so the answers never tell which usernames exist.\n\n"
            + "**Second factor.** For an account that has enrolled an authenticator app (TOTP), the right password "
            + "answers 401 `mfa-required` with an `mfaToken`: send it with a code to `POST /api/v1/auth/staff/mfa` "
            + "within 5 minutes to get the tokens. Until then the attempt counts as failed, and so does each wrong "
            + "code, toward the same lockout. An account that has not enrolled gets its tokens at once, with "
            + "`mfaEnrolmentRequired: true` and `mfaEnrolBy`: until then its password alone may use admin endpoints "
            + "and officer decisions, afterwards they answer 403 `mfa-required` until it has enrolled "
            + "(`POST /api/v1/auth/staff/mfa/enrolment`). Access tokens say how the sign-in went: `amr` "
            + "(RFC 8176: `pwd`, or `pwd otp mfa`) and `acr` (`AAL1`, or `AAL2` with the second factor). Staff "
            + "sign-ins end 12 hours after the sign-in and after 30 minutes without a refresh: the refresh answers "
            + "401 `unauthorized` and the staff member signs in again.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = LoginRequest.class), examples = @ExampleObject(name = "demo officer",
                    value = "{\"username\":\"officer.50010301\",\"password\":\"demo-password-2026\"}")))
    @APIResponse(responseCode = "200", description = "Signed in (an account without a second factor)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = StaffSignIn.class), examples = {
                            @ExampleObject(name = "tokens", value = TOKENS),
                            @ExampleObject(name = "to enrol", value = TOKENS_ENROL) }))
    @APIResponse(responseCode = "401", description = "Wrong username or password, or a disabled account "
            + "(`login-failed`, the same answer for each); or the right password of an account with a second "
            + "factor (`mfa-required`). The `mfa-required` problem has two more members: `mfaToken`, the challenge "
            + "to send with a code to `POST /api/v1/auth/staff/mfa`, and `mfaTokenExpiresAt`, until when it accepts "
            + "one", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = {
                            @ExampleObject(name = "login-failed", value = LOGIN_FAILED),
                            @ExampleObject(name = "mfa-required", value = MFA_REQUIRED) }))
    @APIResponse(responseCode = "423", description = "Too many failed sign-ins (`account-locked`); retry after "
            + "`Retry-After` seconds", headers = @Header(name = "Retry-After", description = "Seconds until the "
                    + "lockout ends", schema = @Schema(type = SchemaType.INTEGER, example = "900")),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "account-locked", value = ACCOUNT_LOCKED)))
    public Response login(@Valid @NotNull LoginRequest request, @Context UriInfo uri, @Context HttpHeaders headers) {
        StaffLoginService.Outcome outcome = login.login(request.username(), request.password());
        if (outcome instanceof StaffLoginService.SecondStepDue due) {
            Problem problem = ProblemResponses.body(401, "mfa-required", "Enter a code of your authenticator app "
                    + "(or a recovery code)", "/" + uri.getPath().replaceFirst("^/", ""), languages(headers),
                    List.of(), null);
            return Response.status(401).type(Problem.MEDIA_TYPE).header("WWW-Authenticate", "Bearer")
                    .entity(MfaRequiredProblem.of(problem, due)).build();
        }
        return Response.ok(StaffSignIn.of((StaffLoginService.SignedIn) outcome)).build();
    }

    static List<Locale> languages(HttpHeaders headers) {
        try {
            return headers == null ? List.of() : headers.getAcceptableLanguages();
        } catch (RuntimeException e) {
            return List.of();
        }
    }
}
