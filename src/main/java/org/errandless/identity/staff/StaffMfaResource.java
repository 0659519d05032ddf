package org.errandless.identity.staff;

import java.net.URI;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
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
import org.errandless.audit.AuditActor;
import org.errandless.common.problem.Problem;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.security.Roles;
import org.errandless.common.web.idempotency.Idempotent;
import org.errandless.common.web.idempotency.SecretAnswer;
import org.errandless.identity.client.NoStore;
import org.errandless.identity.token.Claims;

/** The second factor of staff: the second sign-in step, and each staff member's own enrolment. */
@Path("/api/v1/auth/staff/mfa")
@Tag(name = "Authentication")
@Produces(MediaType.APPLICATION_JSON)
public class StaffMfaResource {

    static final String SIGN_IN = """
            {"mfaToken":"mfa_Q2hhbGxlbmdlLXRva2VuLWV4YW1wbGU","code":"492039"}""";
    static final String CODE = "{\"code\":\"492039\"}";
    static final String CODE_INVALID_SIGN_IN = """
            {"type":"urn:errandless:problem:mfa-code-invalid","title":"动态验证码错误","status":401,\
            "detail":"Wrong or already used code","instance":"/api/v1/auth/staff/mfa","code":"mfa-code-invalid"}""";
    static final String CHALLENGE_INVALID = """
            {"type":"urn:errandless:problem:mfa-challenge-invalid","title":"登录步骤已失效","status":401,\
            "detail":"The sign-in step is unknown, used or expired; sign in again with the password",\
            "instance":"/api/v1/auth/staff/mfa","code":"mfa-challenge-invalid"}""";
    static final String CODE_INVALID = """
            {"type":"urn:errandless:problem:mfa-code-invalid","title":"动态验证码错误","status":422,\
            "detail":"Wrong or already used code","instance":"/api/v1/auth/staff/mfa/enrolment/confirm",\
            "code":"mfa-code-invalid"}""";
    static final String ACCOUNT_LOCKED = """
            {"type":"urn:errandless:problem:account-locked","title":"账号已锁定","status":423,\
            "detail":"Too many failed sign-ins; try again in 900 seconds","instance":"/api/v1/auth/staff/mfa",\
            "code":"account-locked"}""";
    static final String STATUS = """
            {"state":"ACTIVE","enrolledAt":"2026-09-30T02:00:00Z","recoveryCodesLeft":10,\
            "enrolmentRequired":false}""";
    static final String ENROLMENT = """
            {"secret":"JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP","otpauthUri":"otpauth://totp/Errandless:officer.50010301?\
            secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Errandless&algorithm=SHA1&digits=6&period=30",\
            "issuer":"Errandless","accountName":"officer.50010301","algorithm":"SHA1","digits":6,"period":30}""";
    static final String CODES = """
            {"recoveryCodes":["7KQ4M-ZP2XD","R9TCW-4HNV6","BX3JE-PL8QY","M2VDS-6GKTA","Q8HNF-3WZRC","T5EJX-YK7PB",\
            "LC4GM-9RDVN","W6BPZ-2QXHS","F3NKT-8MYJE","H7SRA-5VCLW"],"issuedAt":"2026-09-30T02:00:00Z"}""";

    @Inject
    StaffLoginService login;
    @Inject
    StaffMfaService mfa;
    @Inject
    JsonWebToken jwt;

    @POST
    @Idempotent(caller = StaffMfaCodeCaller.class)
    @SecretAnswer
    @PermitAll
    @NoStore
    @SecurityRequirements
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "verifyStaffMfa",
            summary = "Staff sign-in: the second factor", description = "Completes the sign-in of an account with "
            + "a second factor: the `mfaToken` of the password step's 401 `mfa-required` and a code of the "
            + "authenticator app (6 digits; a code of the previous or next 30 seconds is accepted too, and no code "
            + "is accepted twice) or one of the recovery codes (each works once). The challenge completes one "
            + "sign-in and lasts 5 minutes. Each code is counted like a password attempt: wrong codes and wrong "
            + "passwords together lock the username for 15 minutes after 5 in a row (423 `account-locked`). The "
            + "access token says `amr: [pwd, otp, mfa]` and `acr: AAL2`.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = MfaSignInRequest.class),
            examples = @ExampleObject(name = "code", value = SIGN_IN)))
    @APIResponse(responseCode = "200", description = "Signed in", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StaffSignIn.class),
            examples = @ExampleObject(name = "tokens", value = StaffLoginResource.TOKENS)))
    @APIResponse(responseCode = "401", description = "`mfa-code-invalid`: wrong or already used code; "
            + "`mfa-challenge-invalid`: unknown, used or expired `mfaToken`, or the account changed meanwhile (sign "
            + "in again with the password)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class), examples = {
                            @ExampleObject(name = "mfa-code-invalid", value = CODE_INVALID_SIGN_IN),
                            @ExampleObject(name = "mfa-challenge-invalid", value = CHALLENGE_INVALID) }))
    @APIResponse(responseCode = "423", description = "Too many failed sign-ins or codes (`account-locked`); retry "
            + "after `Retry-After` seconds", headers = @Header(name = "Retry-After", description = "Seconds until "
                    + "the lockout ends", schema = @Schema(type = SchemaType.INTEGER, example = "900")),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "account-locked", value = ACCOUNT_LOCKED)))
    public StaffSignIn signIn(@Valid @NotNull MfaSignInRequest request) {
        return StaffSignIn.of(login.completeSignIn(request.mfaToken(), request.code()));
    }

    @GET
    @Path("enrolment")
    @RolesAllowed({ Roles.OFFICER, Roles.SUPERVISOR, Roles.ADMIN })
    @Operation(operationId = "getMfaEnrolment",
            summary = "My second factor", description = "Whether the caller has enrolled an authenticator app, "
            + "how many recovery codes are left, and, if the caller has not enrolled, until when the password "
            + "alone may still use admin endpoints and officer decisions.")
    @APIResponse(responseCode = "200", description = "The caller's second factor", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MfaStatusView.class),
            examples = @ExampleObject(name = "enrolled", value = STATUS)))
    @APIResponse(responseCode = "404", description = "The token's staff account does not exist (`not-found`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public MfaStatusView status() {
        return mfa.status(accountId());
    }

    @POST
    @Path("enrolment")
    @Idempotent
    @SecretAnswer
    @NoStore
    @RolesAllowed({ Roles.OFFICER, Roles.SUPERVISOR, Roles.ADMIN })
    @Operation(operationId = "startMfaEnrolment",
            summary = "Enrol an authenticator app", description = "Starts an enrolment: a new TOTP secret "
            + "(RFC 6238, SHA-1, 6 digits, 30 s), shown only in this answer, as text and as an `otpauth://` URI to "
            + "show as a QR code. Confirm it with the app's first code (`POST .../enrolment/confirm`); until then "
            + "sign-ins need no code, and starting again replaces the secret. 409 `mfa-already-enrolled` when an app "
            + "is enrolled (disable it first).")
    @APIResponse(responseCode = "201", description = "Started; the secret is shown this once",
            headers = @Header(name = "Location", description = "The caller's enrolment",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = MfaEnrolmentView.class),
                    examples = @ExampleObject(name = "enrolment", value = ENROLMENT)))
    @APIResponse(responseCode = "404", description = "The token's staff account does not exist (`not-found`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "An app is already enrolled (`mfa-already-enrolled`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response start() {
        MfaEnrolmentView enrolment = mfa.start(accountId(), actor());
        return Response.created(URI.create("/api/v1/auth/staff/mfa/enrolment")).entity(enrolment).build();
    }

    @POST
    @Path("enrolment/confirm")
    @Idempotent
    @SecretAnswer
    @NoStore
    @RolesAllowed({ Roles.OFFICER, Roles.SUPERVISOR, Roles.ADMIN })
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "confirmMfaEnrolment",
            summary = "Confirm the enrolment", description = "Confirms the started enrolment with a first code of "
            + "the app; from now on every sign-in needs a code. Answers the ten recovery codes, shown only here. A "
            + "wrong code is 422 `mfa-code-invalid` and counts toward the sign-in lockout (423 `account-locked`). "
            + "The current sign-in stays as it was (without the second factor): sign in again to use it.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = MfaCodeRequest.class), examples = @ExampleObject(name = "code",
                    value = CODE)))
    @APIResponse(responseCode = "200", description = "Enrolled; the recovery codes are shown this once",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = RecoveryCodesView.class),
                    examples = @ExampleObject(name = "codes", value = CODES)))
    @APIResponse(responseCode = "404", description = "The token's staff account does not exist (`not-found`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "No enrolment was started (`mfa-enrolment-not-started`), or an "
            + "app is already enrolled (`mfa-already-enrolled`)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "Wrong or already used code (`mfa-code-invalid`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "mfa-code-invalid", value = CODE_INVALID)))
    @APIResponse(responseCode = "423", description = "Too many wrong codes or passwords (`account-locked`); retry "
            + "after `Retry-After` seconds", headers = @Header(name = "Retry-After", description = "Seconds until "
                    + "the lockout ends", schema = @Schema(type = SchemaType.INTEGER, example = "900")),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RecoveryCodesView confirm(@Valid @NotNull MfaCodeRequest request) {
        return mfa.confirm(accountId(), request.code(), actor());
    }

    @POST
    @Path("recovery-codes")
    @Idempotent
    @SecretAnswer
    @NoStore
    @RolesAllowed({ Roles.OFFICER, Roles.SUPERVISOR, Roles.ADMIN })
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "replaceRecoveryCodes",
            summary = "New recovery codes", description = "Replaces the recovery codes with ten new ones, shown "
            + "only here; the old ones stop working. Needs a current code of the app (or a recovery code). A wrong "
            + "code is 422 `mfa-code-invalid` and counts toward the sign-in lockout.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = MfaCodeRequest.class), examples = @ExampleObject(name = "code",
                    value = CODE)))
    @APIResponse(responseCode = "200", description = "The new recovery codes, shown this once",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = RecoveryCodesView.class),
                    examples = @ExampleObject(name = "codes", value = CODES)))
    @APIResponse(responseCode = "404", description = "The token's staff account does not exist (`not-found`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "No app is enrolled (`mfa-not-enrolled`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "Wrong or already used code (`mfa-code-invalid`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "423", description = "Too many wrong codes or passwords (`account-locked`); retry "
            + "after `Retry-After` seconds", headers = @Header(name = "Retry-After", description = "Seconds until "
                    + "the lockout ends", schema = @Schema(type = SchemaType.INTEGER, example = "900")),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RecoveryCodesView regenerate(@Valid @NotNull MfaCodeRequest request) {
        return mfa.regenerate(accountId(), request.code(), actor());
    }

    @POST
    @Path("enrolment/disable")
    @Idempotent
    @RolesAllowed({ Roles.OFFICER, Roles.SUPERVISOR, Roles.ADMIN })
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "disableMfa",
            summary = "Disable my second factor", description = "Removes the enrolled app and the recovery codes, "
            + "with a current code of the app (or a recovery code), and ends every sign-in of the account. The next "
            + "sign-in is with the password alone, and admin endpoints and officer decisions answer 403 "
            + "`mfa-required` until the account enrols again (unless it is still within its grace period). A wrong "
            + "code is 422 `mfa-code-invalid` and counts toward the sign-in lockout.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = MfaCodeRequest.class), examples = @ExampleObject(name = "code",
                    value = CODE)))
    @APIResponse(responseCode = "204", description = "Disabled; every sign-in of the account has ended")
    @APIResponse(responseCode = "404", description = "The token's staff account does not exist (`not-found`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "No app is enrolled (`mfa-not-enrolled`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "Wrong or already used code (`mfa-code-invalid`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "423", description = "Too many wrong codes or passwords (`account-locked`); retry "
            + "after `Retry-After` seconds", headers = @Header(name = "Retry-After", description = "Seconds until "
                    + "the lockout ends", schema = @Schema(type = SchemaType.INTEGER, example = "900")),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response disable(@Valid @NotNull MfaCodeRequest request) {
        mfa.disable(accountId(), request.code(), actor());
        return Response.noContent().build();
    }

    /** The caller's staff account: the token's subject. */
    private UUID accountId() {
        try {
            return UUID.fromString(jwt.getSubject());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ProblemException.notFound("Staff account");
        }
    }

    /** The caller, for the audit trail: the token's subject, labelled with its roles. */
    private AuditActor actor() {
        Set<String> groups = new TreeSet<>(jwt.getGroups());
        String station = jwt.getClaim(Claims.STATION);
        return AuditActor.staff(jwt.getSubject(), String.join(",", groups) + (station == null ? "" : " @ " + station));
    }
}
