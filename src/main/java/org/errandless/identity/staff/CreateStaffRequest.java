package org.errandless.identity.staff;

import java.util.Set;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of creating a staff account. */
@Schema(name = "CreateStaffRequest")
public record CreateStaffRequest(
        @NotNull @Pattern(regexp = Usernames.PATTERN, message = Usernames.RULE)
        @Schema(description = "Unique regardless of case; stored in lower case", maxLength = Usernames.MAX_LENGTH,
                example = "officer.50010301.li")
        String username,
        @NotNull @Size(min = StaffService.MIN_PASSWORD_LENGTH, max = PasswordHasher.MAX_PASSWORD_BYTES)
        @Schema(description = "At least 12 characters, at most 72 bytes in UTF-8", format = "password",
                example = "correct-horse-battery-staple") String password,
        @NotBlank @Size(max = 100) @Schema(example = "解放碑派出所 李警官") String displayName,
        // a set of the three roles: a repeated role counts once
        @NotEmpty @Schema(description = "One or more of OFFICER, SUPERVISOR, ADMIN", maxItems = 3,
                example = "[\"OFFICER\"]")
        Set<@NotNull StaffRole> roles,
        @Pattern(regexp = StaffService.STATION_CODE, message = "must be 8 to 12 digits")
        @Schema(description = "Required for an OFFICER; for a SUPERVISOR, the station overseen", maxLength = 12,
                example = "50010301") String stationCode,
        @Pattern(regexp = StaffService.DIVISION_CODE, message = "must be 6 digits (GB/T 2260)")
        @Schema(description = "For a district SUPERVISOR: the division overseen. Not together with a station; "
                + "a SUPERVISOR with neither oversees the whole city", maxLength = 6, example = "500103")
        String divisionCode) {
}
