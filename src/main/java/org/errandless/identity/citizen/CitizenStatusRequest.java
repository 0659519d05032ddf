package org.errandless.identity.citizen;

import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Why an administrator disables or enables a citizen account; optional, kept on the audit trail.
 *
 * @param reason free text for the record, without ID or phone numbers
 */
@Schema(name = "CitizenStatusRequest")
public record CitizenStatusRequest(
        @Size(max = 200) @Schema(maxLength = 200, description = "Why, for the audit trail (optional; no ID or "
                + "phone numbers)", example = "Reported as stolen by the holder at the station counter") String reason) {
}
