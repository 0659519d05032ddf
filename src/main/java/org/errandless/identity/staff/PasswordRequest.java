package org.errandless.identity.staff;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of a password reset by an admin. */
@Schema(name = "PasswordResetRequest")
public record PasswordRequest(
        @NotNull @Size(min = StaffService.MIN_PASSWORD_LENGTH, max = PasswordHasher.MAX_PASSWORD_BYTES)
        @Schema(description = "At least 12 characters, at most 72 bytes in UTF-8", format = "password",
                example = "another-long-passphrase") String password) {
}
