package org.errandless.authorisations;

import java.time.Instant;
import java.util.UUID;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response bodies of {@code /me/authorisations}. */
public final class AuthorisationViews {

    private AuthorisationViews() {
    }

    /** The agent asks a principal for an authorisation. */
    @Schema(name = "AuthorisationRequest")
    public record Request(
            @Schema(example = "张建国", required = true, description = "The principal's name as the register has it")
            @NotBlank @Size(max = 50) String principalName,
            @Schema(example = "500103195508120516", required = true, description = "The principal's ID number")
            @NotBlank @Size(max = 18) String principalIdNumber,
            @Schema(example = "HOUSEHOLD_CERTIFICATE", required = true, description = "The one service the agent "
                    + "may apply for") @NotBlank @Size(max = 64) String serviceCode,
            @Schema(example = "30", required = true, minimum = "1", maximum = "90", description = "Days the "
                    + "authorisation is valid from the principal's confirmation (at most "
                    + "`errandless.authorisations.max-valid-days`, 90 by default)") @NotNull @Min(1) @Max(365)
            Integer validDays) {
    }

    /** The code the principal received, as the agent enters it. */
    @Schema(name = "AuthorisationConfirmation")
    public record Confirmation(
            @Schema(example = "428913", required = true, maxLength = 6, description = "The six-digit code the principal received "
                    + "by SMS") @NotBlank @Pattern(regexp = "\\d{6}", message = "must be six digits") String code) {
    }

    /** A person as an authorisation shows them: ID number masked. */
    @Schema(name = "AuthorisationParty")
    public record Party(
            @Schema(example = "5b1c7e2a-0d4f-4a8e-b3c6-9f2e1d0a7b45", nullable = true, description = "The person's "
                    + "register id; for the principal shown to the agent once the authorisation is confirmed: the "
                    + "`onBehalfOf` of `POST /applications`") UUID personId,
            @Schema(example = "张建国") String name,
            @Schema(example = "500103********0516", description = "Masked") String idNumber) {
    }

    /** An authorisation as the agent or the principal sees it. */
    @Schema(name = "Authorisation", description = "A 代办 authorisation: the principal lets the agent apply for them "
            + "in one service until `validUntil`")
    public record View(
            @Schema(example = "9d4c2f7e-3a1b-4c5d-8e6f-0a1b2c3d4e5f", required = true) UUID id,
            @Schema(example = "HOUSEHOLD_CERTIFICATE", required = true) String serviceCode,
            @Schema(example = "ACTIVE", required = true) AuthorisationState state,
            @Schema(example = "AGENT", required = true, description = "The caller's part in it: AGENT (asked for it, "
                    + "acts under it) or PRINCIPAL (gave it)") String role,
            @Schema(required = true) Party principal,
            @Schema(required = true) Party agent,
            @Schema(example = "30", required = true) int validDays,
            @Schema(required = true) Instant createdAt,
            @Schema(nullable = true, description = "While PENDING: until when the code can be entered")
            Instant codeExpiresAt,
            @Schema(nullable = true) Instant confirmedAt,
            @Schema(nullable = true, description = "From confirmation: the end of the validity") Instant validUntil,
            @Schema(nullable = true) Instant revokedAt,
            @Schema(nullable = true, example = "PRINCIPAL", description = "Who revoked it: PRINCIPAL or AGENT")
            String revokedBy) {
    }
}
