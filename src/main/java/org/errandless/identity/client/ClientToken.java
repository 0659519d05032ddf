package org.errandless.identity.client;

import com.fasterxml.jackson.annotation.JsonProperty;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An access token issued to a partner client (RFC 6749 §5.1). */
@Schema(name = "ClientTokenResponse")
public record ClientToken(
        @Schema(description = "RS256 JWT; `groups` PARTNER, `acct` PARTNER, `scope` the granted scopes")
        @JsonProperty("access_token") String accessToken,
        @Schema(example = "Bearer") @JsonProperty("token_type") String tokenType,
        @Schema(description = "Seconds until it expires", example = "300") @JsonProperty("expires_in") long expiresIn,
        @Schema(description = "The scopes granted, space separated", example = "registry.person.read")
        @JsonProperty("scope") String scope) {
}
