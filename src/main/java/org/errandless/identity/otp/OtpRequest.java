package org.errandless.identity.otp;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.errandless.common.validation.MainlandMobile;

/** Body of a code request. */
@Schema(name = "OtpRequest")
public record OtpRequest(
        @NotNull @Pattern(regexp = MainlandMobile.PATTERN, message = MainlandMobile.MESSAGE)
        @Schema(description = "Mainland mobile number: E.164 (`+86` and 11 digits) or the 11-digit number",
                pattern = MainlandMobile.PATTERN, maxLength = MainlandMobile.MAX_LENGTH, example = "+8613800000001")
        String phone) {
}
