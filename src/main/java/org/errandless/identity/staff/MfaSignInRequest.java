package org.errandless.identity.staff;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The second step of a staff sign-in.
 *
 * @param mfaToken the challenge from the 401 {@code mfa-required} of the password step
 * @param code 6 digits of the authenticator app, or a recovery code
 */
@Schema(name = "MfaSignInRequest")
public record MfaSignInRequest(
        @NotBlank @Size(max = 100) @Schema(example = "mfa_Q2hhbGxlbmdlLXRva2VuLWV4YW1wbGU") String mfaToken,
        @NotBlank @Size(max = 32) @Schema(description = "6 digits of the app, or a recovery code (hyphen optional)",
                example = "492039") String code) {
}
