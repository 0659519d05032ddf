package org.errandless.identity.token;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The answer of every sign-in and refresh. Bodies may grow (a staff sign-in adds whether to enrol a second factor), so
 * reading one into this type ignores fields it does not know.
 */
@Schema(name = "TokenPair")
@JsonIgnoreProperties(ignoreUnknown = true)
public record TokenPair(
        @Schema(description = "RS256 JWT, valid 15 minutes", example = "eyJraWQiOiJ...") String accessToken,
        @Schema(description = "Opaque, single use, valid 30 days; rotated on every refresh",
                example = "rt_4fJ2v...") String refreshToken,
        @Schema(example = "Bearer") String tokenType,
        @Schema(description = "Seconds until the access token expires", example = "900") long expiresIn) {
}
