package org.errandless.identity.otp;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer to a code request: which challenge to verify against, and until when. */
@Schema(name = "OtpChallenge")
public record OtpChallengeView(
        @Schema(description = "Send it back with the code", example = "8d7f5a8e-3c1b-4f0e-9a51-2e6c4b7d9f10")
        UUID challengeId,
        @Schema(description = "When the code stops working", example = "2026-09-30T02:05:00Z") Instant expiresAt,
        @Schema(description = "Seconds before another code may be requested for this phone", example = "60")
        long resendAfterSeconds) {
}
