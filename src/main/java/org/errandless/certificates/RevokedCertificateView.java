package org.errandless.certificates;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A certificate as an administrator sees it after revoking it (no claims: they may hold personal data). */
@Schema(name = "RevokedCertificate")
public record RevokedCertificateView(
        @Schema(required = true, example = "0b6d7f4e-8c21-4d3a-9f7e-2a1c5b8e9d40") UUID id,
        @Schema(required = true, example = "5c3e1a9b-7d2f-4b8e-a6c1-0f9d8e7b6a52") UUID applicationId,
        @Schema(required = true, example = "HOUSEHOLD_REGISTRATION") CertificateType type,
        @Schema(required = true, example = "7KQ2M9XD4HTB") String verificationCode,
        @Schema(required = true, example = "2026-09-30T02:00:00Z") Instant issuedAt,
        @Schema(required = true, example = "2026-10-08T06:30:00Z") Instant revokedAt,
        @Schema(required = true, example = "Issued on a register entry that was corrected") String revocationReason) {
}
