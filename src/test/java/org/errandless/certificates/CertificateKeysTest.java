package org.errandless.certificates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPrivateCrtKey;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Where the certificate key comes from, without starting the application. */
class CertificateKeysTest {

    @Test
    void refusesToStartWithoutAKeyWhereGenerationIsNotAllowed() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> new CertificateKeys(config(Optional.empty(), List.of(), false)));
        assertTrue(refused.getMessage().contains("ERRANDLESS_CERTIFICATES_SIGNING_KEY"));
    }

    @Test
    void signsWithTheConfiguredKeyAndPublishesItWithTheRetiredOnes() throws IOException {
        String current = retiredTestKey();
        RSAPrivateCrtKey other = (RSAPrivateCrtKey) generated().signingKey();
        String retiredPublic = publicPem(other);
        CertificateKeys keys = new CertificateKeys(config(Optional.of(current), List.of(retiredPublic), false));
        assertEquals(CertificateKeys.kid(CertificateKeys.publicOf(CertificateKeys.privateKey(current))),
                keys.signingKid());
        List<Map<String, Object>> jwks = keys.jwks();
        assertEquals(2, jwks.size());
        assertEquals(keys.signingKid(), jwks.get(0).get("kid"));
        assertEquals(CertificateKeys.kid(CertificateKeys.publicOf(other)), jwks.get(1).get("kid"));
        jwks.forEach(jwk -> {
            assertEquals("RSA", jwk.get("kty"));
            assertEquals("RS256", jwk.get("alg"));
            assertEquals("sig", jwk.get("use"));
            assertTrue(!jwk.containsKey("d") && !jwk.containsKey("p"), "public members only");
        });
        assertTrue(keys.verificationKey(CertificateKeys.kid(CertificateKeys.publicOf(other))).isPresent());
        assertTrue(keys.verificationKey("unknown").isEmpty());
        assertTrue(keys.verificationKey(null).isEmpty());
    }

    @Test
    void acceptsAKeyWithEscapedLineBreaks() throws IOException {
        String escaped = retiredTestKey().replace("\n", "\\n");
        assertEquals(new CertificateKeys(config(Optional.of(retiredTestKey()), List.of(), false)).signingKid(),
                new CertificateKeys(config(Optional.of(escaped), List.of(), false)).signingKid());
    }

    @Test
    void aBrokenKeyIsAStartupError() {
        assertThrows(IllegalStateException.class,
                () -> new CertificateKeys(config(Optional.of("-----BEGIN PRIVATE KEY-----AAAA-----END PRIVATE KEY-----"),
                        List.of(), false)));
    }

    static CertificateKeys generated() {
        return new CertificateKeys(config(Optional.empty(), List.of(), true));
    }

    static String retiredTestKey() throws IOException {
        try (InputStream in = CertificateKeysTest.class.getResourceAsStream("/certificates/retired-test-key.pem")) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    static String publicPem(RSAPrivateCrtKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(CertificateKeys.publicOf(key).getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    static CertificateConfig config(Optional<String> signingKey, List<String> retired, boolean generate) {
        return new CertificateConfig() {
            @Override
            public String issuer() {
                return "test";
            }

            @Override
            public String publicBaseUrl() {
                return "https://errandless.example";
            }

            @Override
            public Optional<String> signingKey() {
                return signingKey;
            }

            @Override
            public Optional<String> signingKeyFile() {
                return Optional.empty();
            }

            @Override
            public Optional<List<String>> retiredPublicKeys() {
                return Optional.of(retired);
            }

            @Override
            public boolean generateKey() {
                return generate;
            }

            @Override
            public Optional<String> generatedKeyFile() {
                return Optional.empty();
            }

            @Override
            public VerifyLimit verifyPerAddress() {
                return new VerifyLimit() {
                    @Override
                    public int permits() {
                        return 60;
                    }

                    @Override
                    public Duration window() {
                        return Duration.ofMinutes(1);
                    }
                };
            }
        };
    }
}
