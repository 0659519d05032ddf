package org.errandless.identity.staff;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.errandless.common.problem.Problem;

/**
 * The problem a right password of an account with a second factor answers (401 {@code mfa-required}): a problem
 * detail with two extension members, the challenge to send back with a code and its expiry.
 */
@Schema(name = "MfaRequiredProblem", description = "401 `mfa-required` at sign-in: the password was right and the "
        + "account has a second factor. Send `mfaToken` with a code of the authenticator app (or a recovery code) to "
        + "`POST /api/v1/auth/staff/mfa` before `mfaTokenExpiresAt`.")
public record MfaRequiredProblem(
        @Schema(example = "urn:errandless:problem:mfa-required") String type,
        @Schema(example = "需要动态验证码") String title,
        @Schema(example = "401") int status,
        @Schema(example = "Enter a code of your authenticator app") String detail,
        @Schema(example = "/api/v1/auth/staff/login") String instance,
        @Schema(example = "mfa-required") String code,
        @Schema(description = "The challenge of this sign-in; send it to POST /api/v1/auth/staff/mfa with a code",
                example = "mfa_Q2hhbGxlbmdlLXRva2VuLWV4YW1wbGU") String mfaToken,
        @Schema(description = "Until when the challenge accepts a code", example = "2026-09-30T02:05:00Z")
        Instant mfaTokenExpiresAt) {

    static MfaRequiredProblem of(Problem problem, StaffLoginService.SecondStepDue due) {
        return new MfaRequiredProblem(problem.type(), problem.title(), problem.status(), problem.detail(),
                problem.instance(), problem.code(), due.mfaToken(), due.expiresAt());
    }
}
