package org.errandless.identity.staff;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A staff member's second factor as they see it.
 *
 * @param state NONE, PENDING (started, not confirmed) or ACTIVE
 * @param enrolledAt when the active enrolment was confirmed
 * @param recoveryCodesLeft unused recovery codes of an active enrolment
 * @param enrolmentRequired the account has not enrolled and must
 * @param enrolBy until when its password alone may do what needs the second factor
 */
@Schema(name = "MfaStatus", description = "The caller's second factor")
public record MfaStatusView(
        @Schema(enumeration = { "NONE", "PENDING", "ACTIVE" }, example = "ACTIVE") String state,
        @Schema(nullable = true, example = "2026-09-30T02:00:00Z") Instant enrolledAt,
        @Schema(nullable = true, description = "Unused recovery codes (ACTIVE only)", example = "10")
        Integer recoveryCodesLeft,
        @Schema(description = "The account has not enrolled and must", example = "false") boolean enrolmentRequired,
        @Schema(nullable = true, description = "When enrolment is required: until when the password alone may use "
                + "admin endpoints and officer decisions", example = "2026-10-07T02:00:00Z") Instant enrolBy) {
}
