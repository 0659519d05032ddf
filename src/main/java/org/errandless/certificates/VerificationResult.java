package org.errandless.certificates;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What a verification tells anyone: whether the certificate is genuine and in force, and the little needed to match
 * it with the paper or screen in front of them (type, date, masked holder, issuer). Nothing else is revealed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "CertificateVerification", description = "The answer of a certificate verification")
public record VerificationResult(
        @Schema(required = true, description = "true only for a genuine certificate of ours that is not revoked",
                example = "true") boolean valid,
        @Schema(description = "Present (true) when the certificate is genuine but was revoked", nullable = true,
                example = "true") Boolean revoked,
        @Schema(description = "Why a presented JWS is not valid (POST only): `malformed`, `unknown-key`, "
                + "`bad-signature`, `unknown-certificate`, `revoked`", nullable = true, example = "bad-signature")
        String reason,
        @Schema(nullable = true, example = "HOUSEHOLD_REGISTRATION") CertificateType type,
        @Schema(nullable = true, example = "2026-09-30T02:00:00Z") Instant issuedAt,
        @Schema(description = "The holder's name, masked: family name and one star per further character",
                nullable = true, example = "张*") String holder,
        @Schema(nullable = true, example = "重庆市公安局 户籍网上办理 (Errandless)") String issuer) {

    static VerificationResult unknown() {
        return new VerificationResult(false, null, null, null, null, null, null);
    }

    static VerificationResult rejected(String reason) {
        return new VerificationResult(false, null, reason, null, null, null, null);
    }

    static VerificationResult revoked(String reason) {
        return new VerificationResult(false, true, reason, null, null, null, null);
    }
}
