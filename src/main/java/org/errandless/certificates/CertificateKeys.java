package org.errandless.certificates;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.errandless.common.crypto.RsaKeys;
import org.errandless.identity.token.PublishedKeys;
import org.jboss.logging.Logger;

import io.quarkus.runtime.Startup;

/**
 * The RS256 keys of e-certificates, apart from the token keys: a certificate outlives any access token by years, so
 * its keys rotate on their own schedule, and a token key can never vouch for a certificate (or the other way round).
 *
 * <p>The signing key comes from configuration ({@code ERRANDLESS_CERTIFICATES_SIGNING_KEY}, PEM, or a file). After a
 * rotation the old key's public half is configured as retired: it stays published at {@code /.well-known/jwks.json}
 * and accepted by verification, so every certificate ever issued keeps verifying. Only where generation is allowed
 * (dev, demo, test) is a key pair generated when none is configured; prod refuses to start without one
 * ({@code @Startup} loads it eagerly).
 */
@ApplicationScoped
@Startup
public class CertificateKeys implements PublishedKeys {

    private static final Logger LOG = Logger.getLogger(CertificateKeys.class);

    private static final String SIGNING_KEY = "The certificate signing key";

    private final RSAPrivateCrtKey signingKey;
    private final String signingKid;
    private final Map<String, RSAPublicKey> verificationKeys;

    @Inject
    public CertificateKeys(CertificateConfig config) {
        this.signingKey = loadSigningKey(config);
        RSAPublicKey current = publicOf(signingKey);
        this.signingKid = kid(current);
        Map<String, RSAPublicKey> keys = new LinkedHashMap<>();
        keys.put(signingKid, current);
        for (String pem : config.retiredPublicKeys().orElse(List.of())) {
            if (!pem.isBlank()) {
                RSAPublicKey retired = publicKey(pem);
                keys.putIfAbsent(kid(retired), retired);
            }
        }
        this.verificationKeys = Collections.unmodifiableMap(keys);
    }

    /** The key new certificates are signed with. */
    RSAPrivateCrtKey signingKey() {
        return signingKey;
    }

    /** The {@code kid} header of new certificates. */
    String signingKid() {
        return signingKid;
    }

    /** The public key a certificate's {@code kid} names, current or retired; empty for any other. */
    Optional<RSAPublicKey> verificationKey(String kid) {
        return Optional.ofNullable(kid == null ? null : verificationKeys.get(kid));
    }

    @Override
    public List<Map<String, Object>> jwks() {
        List<Map<String, Object>> keys = new ArrayList<>();
        verificationKeys.values().forEach(key -> keys.add(RsaKeys.jwk(key, "sig")));
        return keys;
    }

    /** RFC 7638 thumbprint of the public key, the {@code kid} of its certificates. */
    static String kid(RSAPublicKey key) {
        return RsaKeys.kid(key);
    }

    static RSAPrivateCrtKey privateKey(String pem) {
        return RsaKeys.privateKey(pem, SIGNING_KEY);
    }

    static RSAPublicKey publicKey(String pem) {
        return RsaKeys.publicKey(pem, "A retired certificate key");
    }

    static RSAPublicKey publicOf(RSAPrivateCrtKey key) {
        return RsaKeys.publicOf(key);
    }

    private static RSAPrivateCrtKey loadSigningKey(CertificateConfig config) {
        Optional<String> inline = config.signingKey().filter(value -> !value.isBlank());
        if (inline.isPresent()) {
            return privateKey(inline.get());
        }
        Optional<String> file = config.signingKeyFile().filter(value -> !value.isBlank());
        if (file.isPresent()) {
            return privateKey(RsaKeys.read(Path.of(file.get()), SIGNING_KEY));
        }
        if (!config.generateKey()) {
            throw new IllegalStateException("No e-certificate signing key configured: set "
                    + "ERRANDLESS_CERTIFICATES_SIGNING_KEY (an RSA private key in PKCS#8 PEM, not the token key) or "
                    + "ERRANDLESS_CERTIFICATES_SIGNING_KEY_FILE. Generated keys are allowed only in the dev, demo and "
                    + "test profiles.");
        }
        Optional<Path> generatedFile = config.generatedKeyFile().filter(path -> !path.isBlank()).map(Path::of);
        if (generatedFile.isPresent() && Files.exists(generatedFile.get())) {
            return privateKey(RsaKeys.read(generatedFile.get(), SIGNING_KEY));
        }
        RSAPrivateCrtKey generated = RsaKeys.generate();
        generatedFile.ifPresent(path -> RsaKeys.persist(path, RsaKeys.encodePrivate(generated),
                "the generated e-certificate signing key"));
        LOG.infof("Generated an e-certificate signing key (%s)",
                generatedFile.map(path -> "saved to " + path).orElse("in memory"));
        return generated;
    }
}
