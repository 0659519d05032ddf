package org.errandless.certificates;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An e-certificate as its holder sees it: the signed claims, the JWS itself and where anyone can verify it. */
@Schema(name = "Certificate", description = "An e-certificate (电子证照) of an application, for its holder")
public record CertificateView(
        @Schema(required = true, example = "0b6d7f4e-8c21-4d3a-9f7e-2a1c5b8e9d40") UUID id,
        @Schema(required = true, example = "HOUSEHOLD_REGISTRATION") CertificateType type,
        @Schema(required = true, description = "12 characters of Crockford base32 (digits and letters without I, L, "
                + "O, U)", example = "7KQ2M9XD4HTB") String verificationCode,
        @Schema(required = true, example = "2026-09-30T02:00:00Z") Instant issuedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "Present once an administrator revoked the certificate; it no longer verifies",
                nullable = true, example = "2026-10-08T06:30:00Z") Instant revokedAt,
        @Schema(required = true, type = SchemaType.OBJECT, description = "The signed claims, exactly the JWS payload: "
                + "`iss`, `jti` (= id), `iat`, `type`, `title`, `verificationCode`, `applicationId`, `issuedAt`, "
                + "`holder` and the type's own fields; never a full ID number") Map<String, Object> claims,
        @Schema(required = true, description = "Compact JWS (RS256; header `kid` names a certificate key of "
                + "/.well-known/jwks.json, `typ` is `errandless-certificate+jwt`)",
                example = "eyJ0eXAiOiJlcnJhbmRsZXNzLWNlcnRpZmljYXRlK2p3dCIsImtpZCI6Ii4uLiIsImFsZyI6IlJTMjU2In0.eyJ...")
        String jws,
        @Schema(required = true, description = "The public verification address (what the QR code holds)",
                example = "https://errandless.example/api/v1/certificates/verify/7KQ2M9XD4HTB")
        String verificationUrl) {
}
