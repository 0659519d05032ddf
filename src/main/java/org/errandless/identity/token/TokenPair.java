package org.errandless.identity.token;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer of every sign-in and refresh. */
@Schema(name = "TokenPair")
public record TokenPair(
        @Schema(description = "RS256 JWT, valid 15 minutes", example = "eyJraWQiOiJ...") String accessToken,
        @Schema(description = "Opaque, single use, valid 30 days; rotated on every refresh",
                example = "rt_4fJ2v...") String refreshToken,
        @Schema(example = "Bearer") String tokenType,
        @Schema(description = "Seconds until the access token expires", example = "900") long expiresIn) {
}
