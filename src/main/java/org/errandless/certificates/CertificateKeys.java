package org.errandless.certificates;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.errandless.identity.token.PublishedKeys;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey.OutputControlLevel;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.lang.HashUtil;

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
        verificationKeys.forEach((kid, key) -> {
            RsaJsonWebKey jwk = new RsaJsonWebKey(key);
            jwk.setKeyId(kid);
            jwk.setUse("sig");
            jwk.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
            keys.add(jwk.toParams(OutputControlLevel.PUBLIC_ONLY));
        });
        return keys;
    }

    /** RFC 7638 thumbprint of the public key, the {@code kid} of its certificates. */
    static String kid(RSAPublicKey key) {
        try {
            return new RsaJsonWebKey(key).calculateBase64urlEncodedThumbprint(HashUtil.SHA_256);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Cannot compute the thumbprint of a certificate key", e);
        }
    }

    static RSAPrivateCrtKey privateKey(String pem) {
        try {
            byte[] der = body(pem, "PRIVATE KEY");
            return (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | ClassCastException | IllegalArgumentException e) {
            throw new IllegalStateException("The certificate signing key is not an RSA private key in PKCS#8 PEM", e);
        }
    }

    static RSAPublicKey publicKey(String pem) {
        try {
            byte[] der = body(pem, "PUBLIC KEY");
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | ClassCastException | IllegalArgumentException e) {
            throw new IllegalStateException("A retired certificate key is not an RSA public key in X.509 PEM", e);
        }
    }

    static RSAPublicKey publicOf(RSAPrivateCrtKey key) {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAPrivateCrtKey loadSigningKey(CertificateConfig config) {
        Optional<String> inline = config.signingKey().filter(value -> !value.isBlank());
        if (inline.isPresent()) {
            return privateKey(inline.get());
        }
        Optional<String> file = config.signingKeyFile().filter(value -> !value.isBlank());
        if (file.isPresent()) {
            return privateKey(read(Path.of(file.get())));
        }
        if (!config.generateKey()) {
            throw new IllegalStateException("No e-certificate signing key configured: set "
                    + "ERRANDLESS_CERTIFICATES_SIGNING_KEY (an RSA private key in PKCS#8 PEM, not the token key) or "
                    + "ERRANDLESS_CERTIFICATES_SIGNING_KEY_FILE. Generated keys are allowed only in the dev, demo and "
                    + "test profiles.");
        }
        Optional<Path> generatedFile = config.generatedKeyFile().filter(path -> !path.isBlank()).map(Path::of);
        if (generatedFile.isPresent() && Files.exists(generatedFile.get())) {
            return privateKey(read(generatedFile.get()));
        }
        RSAPrivateCrtKey generated = generate();
        generatedFile.ifPresent(path -> persist(path, encodePrivate(generated)));
        LOG.infof("Generated an e-certificate signing key (%s)",
                generatedFile.map(path -> "saved to " + path).orElse("in memory"));
        return generated;
    }

    private static RSAPrivateCrtKey generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return (RSAPrivateCrtKey) generator.generateKeyPair().getPrivate();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String encodePrivate(RSAPrivateCrtKey key) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded());
        return "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n";
    }

    /**
     * The DER inside a PEM block. Tolerates the forms configuration gives it: real line breaks, {@code \n} escapes
     * (an environment variable on one line) or no breaks at all.
     */
    private static byte[] body(String pem, String type) {
        String text = pem.replace("\\n", "\n");
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("no " + type + " block");
        }
        return Base64.getDecoder().decode(text.substring(from + begin.length(), to).replaceAll("\\s", ""));
    }

    private static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the e-certificate signing key " + path, e);
        }
    }

    private static void persist(Path path, String pem) {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(path, pem, StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the directory's own protection has to do
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save the generated e-certificate signing key to " + path, e);
        }
    }
}
