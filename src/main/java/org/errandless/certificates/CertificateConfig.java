package org.errandless.certificates;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** E-certificate settings: the signing key, where verification links point, and the verification rate limit. */
@ConfigMapping(prefix = "errandless.certificates")
public interface CertificateConfig {

    /** Who issues the certificates, as certificates and verification answers name it ({@code iss}). */
    @WithDefault("重庆市公安局 户籍网上办理 (Errandless)")
    String issuer();

    /**
     * Where the public API is reached from outside, without a trailing slash; verification URLs (and their QR codes)
     * are this plus {@code /api/v1/certificates/verify/<code>}.
     */
    @WithDefault("http://localhost:8080")
    String publicBaseUrl();

    /** The RSA key certificates are signed with, PKCS#8 PEM (env {@code ERRANDLESS_CERTIFICATES_SIGNING_KEY}). */
    Optional<String> signingKey();

    /** A file holding the signing key, PKCS#8 PEM (env {@code ERRANDLESS_CERTIFICATES_SIGNING_KEY_FILE}). */
    Optional<String> signingKeyFile();

    /**
     * Public halves (X.509 PEM, comma-separated) of keys that signed certificates before a rotation: still published
     * and accepted, so certificates issued with them keep verifying.
     */
    Optional<List<String>> retiredPublicKeys();

    /** Whether a key pair may be generated when none is configured (dev, demo and test only). */
    @WithDefault("false")
    boolean generateKey();

    /** Where a generated key is kept across restarts; empty keeps it in memory only. */
    Optional<String> generatedKeyFile();

    /** The limit both verification endpoints share per client address. */
    VerifyLimit verifyPerAddress();

    /** A rate limit's size. */
    interface VerifyLimit {

        /** Verifications a client address may ask for in each window. */
        @WithDefault("60")
        int permits();

        /** The window length. */
        @WithDefault("1M")
        Duration window();
    }
}
