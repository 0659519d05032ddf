package org.errandless.identity.token;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Access and refresh token settings. */
@ConfigMapping(prefix = "errandless.jwt")
public interface TokenConfig {

    /** The {@code iss} of our tokens, checked on every request. */
    @WithDefault("https://errandless.example/api")
    String issuer();

    /** The {@code aud} of our tokens, checked on every request. */
    @WithDefault("errandless-api")
    String audience();

    /** Access token lifetime. */
    @WithDefault("15M")
    Duration accessTokenLifetime();

    /** Refresh token lifetime. */
    @WithDefault("30D")
    Duration refreshTokenLifetime();

    /** Clock skew tolerated when checking {@code exp}, {@code iat} and {@code nbf}. */
    @WithDefault("30S")
    Duration leeway();

    /**
     * How many verified access tokens are remembered, so a token presented again is not parsed and RS256-verified
     * again (its expiry is still checked on every request, revocation by the token check after it). About 3 KB
     * each; the least recently used go first. 0 verifies every request afresh.
     */
    @WithDefault("10000")
    int verifiedCacheSize();

    /** The RSA signing key, PKCS#8 PEM (env {@code ERRANDLESS_JWT_PRIVATE_KEY}). */
    Optional<String> privateKey();

    /** A file holding the signing key, PKCS#8 PEM (env {@code ERRANDLESS_JWT_PRIVATE_KEY_FILE}). */
    Optional<String> privateKeyFile();

    /** The next signing key's public half, X.509 PEM, published and accepted ahead of a rotation. */
    Optional<String> nextPublicKey();

    /** Whether a key pair may be generated when none is configured (dev, demo and test only). */
    @WithDefault("false")
    boolean generateKey();

    /** Where a generated key is kept across restarts; empty keeps it in memory only. */
    Optional<String> generatedKeyFile();
}
