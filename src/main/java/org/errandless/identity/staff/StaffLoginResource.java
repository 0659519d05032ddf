package org.errandless.identity.staff;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

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
import org.errandless.identity.token.TokenPair;

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
            "tokenType":"Bearer","expiresIn":900}""";

    @Inject
    StaffLoginService login;

    @POST
    @Path("login")
    @PermitAll
    @SecurityRequirements
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "loginStaff",
            summary = "Staff sign-in", description = "Signs an officer, supervisor or admin in with username and "
            + "password. The access token carries the roles in `groups`, `acct: STAFF`, and `station` (officers, "
            + "station supervisors) or `division` (district supervisors). A wrong password, an unknown username and "
            + "a disabled account all answer the same 401 `login-failed`. Five failed sign-ins in a row (by default) "
            + "lock the username for 15 minutes (the fifth failure already answers 423 `account-locked`, with `Retry-After`), "
            + "whether or not an account has it, so the answers never tell which usernames exist.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = LoginRequest.class), examples = @ExampleObject(name = "demo officer",
                    value = "{\"username\":\"officer.50010301\",\"password\":\"demo-password-2026\"}")))
    @APIResponse(responseCode = "200", description = "Signed in", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TokenPair.class),
            examples = @ExampleObject(name = "tokens", value = TOKENS)))
    @APIResponse(responseCode = "401", description = "Wrong username or password, or a disabled account "
            + "(`login-failed`, the same answer for each)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "login-failed", value = LOGIN_FAILED)))
    @APIResponse(responseCode = "423", description = "Too many failed sign-ins (`account-locked`); retry after "
            + "`Retry-After` seconds", headers = @Header(name = "Retry-After", description = "Seconds until the "
                    + "lockout ends", schema = @Schema(type = SchemaType.INTEGER, example = "900")),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "account-locked", value = ACCOUNT_LOCKED)))
    public TokenPair login(@Valid @NotNull LoginRequest request) {
        return login.login(request.username(), request.password());
    }
}
