package org.errandless.identity.client;

import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A partner client as admins see it (never its secret or the secret's hash). */
@Schema(name = "PartnerClient")
public record PartnerClientView(UUID clientId, String name, String department, List<String> scopes,
        @Schema(description = "The purposes it may name in a check (codes of `GET /api/v1/partner/purposes`), granted "
                + "by admins; a check for any other purpose is refused with 403 `purpose-not-granted`",
                example = "[\"FUNERAL_ALLOWANCE\", \"PENSION_ENTITLEMENT\"]") List<String> purposes, int dailyQuota,
        @Schema(description = "How it authenticates: `client_secret`, `private_key_jwt` or both") List<String>
        authentication, boolean disabled, Instant createdAt, Instant updatedAt) {

    static PartnerClientView of(PartnerClient client) {
        return new PartnerClientView(client.id, client.name, client.department, List.copyOf(client.scopeSet()),
                List.copyOf(new TreeSet<>(client.purposes)),
                client.dailyQuota, authentication(client), client.disabled, client.createdAt, client.updatedAt);
    }

    private static List<String> authentication(PartnerClient client) {
        List<String> methods = new java.util.ArrayList<>();
        if (client.secretHash != null) {
            methods.add("client_secret");
        }
        if (client.publicKey != null) {
            methods.add("private_key_jwt");
        }
        return List.copyOf(methods);
    }
}
