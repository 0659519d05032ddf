package org.errandless.identity.staff;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.errandless.identity.token.TokenPair;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The answer of a staff sign-in: the token pair, and whether the account is to enrol a second factor.
 *
 * @param accessToken the access token
 * @param refreshToken the refresh token
 * @param tokenType always Bearer
 * @param expiresIn access token lifetime in seconds
 * @param mfaEnrolmentRequired the account has no second factor yet and must enrol one
 * @param mfaEnrolBy for such an account: until when its password alone may do what needs the second factor
 */
@Schema(name = "StaffSignIn", description = "Tokens of a staff sign-in, and whether the account must enrol a second "
        + "factor")
public record StaffSignIn(
        @Schema(description = "RS256 JWT, sent as `Authorization: Bearer`") String accessToken,
        @Schema(description = "Opaque; rotated on every use") String refreshToken,
        @Schema(example = "Bearer") String tokenType,
        @Schema(description = "Seconds until the access token expires", example = "900") long expiresIn,
        @Schema(description = "The account has no second factor yet and must enrol one "
                + "(`POST /api/v1/auth/staff/mfa/enrolment`)", example = "true") boolean mfaEnrolmentRequired,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "When enrolment is required: until when this password sign-in may still use admin "
                + "endpoints and officer decisions; after it they answer 403 `mfa-required` until the account has "
                + "enrolled and signed in with a code", nullable = true, example = "2026-10-07T02:00:00Z")
        Instant mfaEnrolBy) {

    static StaffSignIn of(StaffLoginService.SignedIn signedIn) {
        TokenPair tokens = signedIn.tokens();
        StaffMfaRules.Standing standing = signedIn.standing();
        return new StaffSignIn(tokens.accessToken(), tokens.refreshToken(), tokens.tokenType(), tokens.expiresIn(),
                standing.enrolmentRequired(), standing.enrolmentRequired() ? standing.enrolBy() : null);
    }
}
