package org.errandless.identity.staff;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of a staff sign-in. */
@Schema(name = "StaffLoginRequest")
public record LoginRequest(
        @NotNull @Pattern(regexp = Usernames.PATTERN, message = Usernames.RULE)
        @Schema(description = "Case does not matter", maxLength = Usernames.MAX_LENGTH, example = "officer.50010301")
        String username,
        @NotEmpty @Size(max = 200) @Schema(format = "password", example = "demo-password-2026") String password) {
}
