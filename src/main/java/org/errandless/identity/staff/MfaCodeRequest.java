package org.errandless.identity.staff;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A code of the authenticator app (6 digits) or a recovery code.
 *
 * @param code the code
 */
@Schema(name = "MfaCodeRequest")
public record MfaCodeRequest(
        @NotBlank @Size(max = 32) @Schema(description = "6 digits of the app, or a recovery code (hyphen optional)",
                example = "492039") String code) {
}
