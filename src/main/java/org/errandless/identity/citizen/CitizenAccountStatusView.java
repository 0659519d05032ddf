package org.errandless.identity.citizen;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A citizen account as an administrator sees it: its state, no personal data (no phone, no person).
 *
 * @param id the account's id
 * @param assuranceLevel L1, L2 or L3
 * @param disabled whether it is disabled (cannot sign in; its tokens are refused)
 * @param createdAt first sign-in
 * @param updatedAt last change
 */
@Schema(name = "CitizenAccountStatus")
public record CitizenAccountStatusView(
        @Schema(example = "7d3c9a4e-1b2f-4c8d-9e0a-5f6b7c8d9e01") UUID id,
        @Schema(example = "L2", enumeration = { "L1", "L2", "L3" }) String assuranceLevel,
        @Schema(example = "true") boolean disabled,
        @Schema(example = "2026-09-30T02:00:00Z") Instant createdAt,
        @Schema(example = "2026-10-08T06:30:00Z") Instant updatedAt) {

    static CitizenAccountStatusView of(CitizenAccount account) {
        return new CitizenAccountStatusView(account.id, account.assuranceLevel.name(), account.disabled,
                account.createdAt, account.updatedAt);
    }
}
