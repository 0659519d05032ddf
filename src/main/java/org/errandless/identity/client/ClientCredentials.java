package org.errandless.identity.client;

import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A client's id and its secret, shown once: only a hash of the secret is kept. */
@Schema(name = "PartnerClientCredentials")
public record ClientCredentials(
        @Schema(description = "The client id (`client_id`)") UUID clientId,
        @Schema(description = "The secret (`client_secret`); shown only in this answer. Null for a client "
                + "registered with a `publicKey`, which authenticates with a signed assertion (`private_key_jwt`)",
                nullable = true) String clientSecret,
        @Schema(description = "The client") PartnerClientView client) {
}
