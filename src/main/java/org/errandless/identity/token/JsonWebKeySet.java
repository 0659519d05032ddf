package org.errandless.identity.token;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The schema of the JWKS answers (RFC 7517), for the spec: the resources answer the key maps the key sources
 * publish.
 *
 * @param keys the public keys, current and next, of tokens and e-certificates
 */
@Schema(name = "JsonWebKeySet", description = "A JSON Web Key Set (RFC 7517): the public keys that verify access "
        + "tokens and e-certificates")
record JsonWebKeySet(@Schema(required = true) List<JsonWebKey> keys) {

    /**
     * One RSA public key (RFC 7517, RFC 7518 section 6.3).
     *
     * @param kty the key type
     * @param kid the key id, as in the {@code kid} header of the tokens and certificates it verifies
     * @param use what the key is for
     * @param alg the signature algorithm
     * @param n the modulus, base64url
     * @param e the public exponent, base64url
     */
    @Schema(name = "JsonWebKey", description = "An RSA public key (RFC 7517, RFC 7518 section 6.3)")
    record JsonWebKey(
            @Schema(required = true, enumeration = "RSA", example = "RSA") String kty,
            @Schema(required = true, example = "mK3vQ9…") String kid,
            @Schema(required = true, enumeration = "sig", example = "sig") String use,
            @Schema(required = true, enumeration = "RS256", example = "RS256") String alg,
            @Schema(required = true, example = "0vx7agoebGcQ…") String n,
            @Schema(required = true, example = "AQAB") String e) {
    }
}
