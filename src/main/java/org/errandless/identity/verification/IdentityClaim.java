package org.errandless.identity.verification;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Who the citizen says they are: the body of real-name verification. */
@Schema(name = "IdentityClaim", description = "Name and ID number as in the household register")
public record IdentityClaim(
        @NotBlank @Size(max = 64) @Schema(description = "Name as registered", example = "张伟") String name,
        @NotBlank @Size(max = 32) @Schema(description = "Resident ID number (GB 11643-1999), 18 characters",
                example = "500103198803120516") String idNumber) {

    /** Personal data: never in a log line. */
    @Override
    public String toString() {
        return "IdentityClaim[***]";
    }
}
