package org.errandless.identity.client;

import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A new partner client. */
@Schema(name = "CreatePartnerClientRequest")
public record CreateClientRequest(
        @Schema(description = "What the client is, for admins", example = "出生医学证明核验系统")
        @NotBlank @Size(max = 100) String name,
        @Schema(description = "The department it belongs to, shown to citizens in their data-access list",
                example = "重庆市卫生健康委员会")
        @NotBlank @Size(max = 100) String department,
        @Schema(description = "Granted scopes", example = "[\"registry.person.read\", \"registry.vital.read\"]")
        @NotEmpty @Size(max = 3) List<@NotNull @Size(max = 23) // the longest scope
                @Pattern(regexp = "registry\\.(person|household|vital)\\.read",
                message = "must be registry.person.read, registry.household.read or registry.vital.read")
                String> scopes,
        @Schema(description = "Checks the client may make per day (UTC day)", example = "10000")
        @NotNull @Min(1) @Max(10_000_000) Integer dailyQuota,
        @Schema(description = "For `private_key_jwt` (RFC 7523): the public key (X.509 PEM, RSA or EC P-256) that "
                + "verifies the client's assertions. With it, no secret is issued (rotate one to add it).",
                nullable = true, example = "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA...\n"
                        + "-----END PUBLIC KEY-----")
        @Size(max = 4000) String publicKey,
        @Schema(description = "Purposes granted at once (codes of `GET /api/v1/partner/purposes`); none when absent, "
                + "so the client can check nothing until an admin grants a purpose", nullable = true,
                example = "[\"FUNERAL_ALLOWANCE\", \"PENSION_ENTITLEMENT\"]")
        @Size(max = 50) List<@NotNull @Size(max = 64) String> purposes) {
}
