package org.errandless.identity.otp;

import java.util.UUID;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of a sign-in with a code. */
@Schema(name = "OtpVerification")
public record OtpVerification(
        @NotNull @Schema(description = "The `challengeId` of the code request",
                example = "8d7f5a8e-3c1b-4f0e-9a51-2e6c4b7d9f10") UUID challengeId,
        @NotNull @Pattern(regexp = "^[0-9]{6}$", message = "must be the 6 digits of the code")
        @Schema(description = "The six digits from the SMS", pattern = "^[0-9]{6}$", maxLength = 6,
                example = "123456") String code) {
}
