package org.errandless.identity.staff;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A staff account as admins see it; never the password hash. */
@Schema(name = "StaffAccount", description = "A staff account (never its password or hash)")
public record StaffAccountView(
        @Schema(example = "3f1c2a7e-8b4d-4e0a-9c55-2d7f3b1e6a90") UUID id,
        @Schema(description = "Normalised to lower case", example = "officer.50010301") String username,
        @Schema(example = "解放碑派出所 户籍民警") String displayName,
        @Schema(description = "One or more of OFFICER, SUPERVISOR, ADMIN", example = "[\"OFFICER\"]")
        List<StaffRole> roles,
        @Schema(description = "The station of an officer or a station supervisor", nullable = true,
                example = "50010301") String stationCode,
        @Schema(description = "The division (GB/T 2260) a district supervisor oversees", nullable = true,
                example = "500103") String divisionCode,
        @Schema(description = "A disabled account cannot sign in; its sign-ins were revoked", example = "false")
        boolean disabled,
        @Schema(description = "End of a lockout after failed sign-ins, while one is in force", nullable = true,
                example = "2026-09-30T02:15:00Z") Instant lockedUntil,
        @Schema(example = "2026-09-30T02:00:00Z") Instant createdAt,
        @Schema(example = "2026-09-30T02:00:00Z") Instant updatedAt) {

    static StaffAccountView of(StaffAccount account, Instant lockedUntil) {
        return new StaffAccountView(account.id, account.username, account.displayName,
                account.roles.stream().sorted().toList(), account.stationCode, account.divisionCode, account.disabled,
                lockedUntil, account.createdAt, account.updatedAt);
    }
}
