package org.errandless.identity.client;

import com.fasterxml.jackson.annotation.JsonProperty;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An error of the token endpoint, as RFC 6749 §5.2 has it (not problem+json: OAuth libraries expect this). */
@Schema(name = "OAuthError")
public record TokenError(
        @Schema(description = "RFC 6749 error code", enumeration = { "invalid_request", "invalid_client",
                "invalid_grant", "unauthorized_client", "unsupported_grant_type", "invalid_scope" },
                example = "invalid_client")
        @JsonProperty("error") String error,
        @Schema(description = "What went wrong, for the developer", example = "Client authentication failed")
        @JsonProperty("error_description") String errorDescription) {
}
