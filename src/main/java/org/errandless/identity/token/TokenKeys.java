package org.errandless.identity.token;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.Startup;

/**
 * The RS256 keys that sign and verify access tokens.
 *
 * <p>The signing key comes from configuration ({@code ERRANDLESS_JWT_PRIVATE_KEY}, PEM, or a file). An optional next
 * public key is published and accepted too, so keys can rotate without signing anyone out: publish the next key
 * first, switch the signing key once every verifier has it. Only where generation is allowed (dev, demo, test) is a
 * key pair generated when none is configured, persisted to a local file (so restarts keep sessions) or kept in memory.
 * Prod refuses to start without a configured key ({@code @Startup} loads it eagerly).
 */
@ApplicationScoped
@Startup
public class TokenKeys implements PublishedKeys {

    private static final Logger LOG = Logger.getLogger(TokenKeys.class);

    private final RSAPrivateCrtKey signingKey;
    private final String signingKid;
    private final Map<String, RSAPublicKey> verificationKeys = new LinkedHashMap<>();

    @Inject
    public TokenKeys(TokenConfig config) {
        this.signingKey = loadSigningKey(config);
        RSAPublicKey current = Pem.publicOf(signingKey);
        this.signingKid = Pem.kid(current);
        verificationKeys.put(signingKid, current);
        config.nextPublicKey().map(Pem::publicKey).ifPresent(next -> verificationKeys.put(Pem.kid(next), next));
    }

    /** The key new tokens are signed with. */
    public RSAPrivateCrtKey signingKey() {
        return signingKey;
    }

    /** The {@code kid} header of new tokens. */
    public String signingKid() {
        return signingKid;
    }

    /** The public key a token's {@code kid} names, if we accept it. */
    public Optional<RSAPublicKey> verificationKey(String kid) {
        return Optional.ofNullable(kid == null ? null : verificationKeys.get(kid));
    }

    @Override
    public List<Map<String, Object>> jwks() {
        List<Map<String, Object>> keys = new ArrayList<>();
        verificationKeys.values().forEach(key -> keys.add(Pem.jwk(key, "sig")));
        return keys;
    }

    private static RSAPrivateCrtKey loadSigningKey(TokenConfig config) {
        if (config.privateKey().isPresent()) {
            return Pem.privateKey(config.privateKey().get());
        }
        if (config.privateKeyFile().isPresent()) {
            return Pem.privateKey(read(Path.of(config.privateKeyFile().get())));
        }
        if (!config.generateKey()) {
            throw new IllegalStateException("No token signing key configured: set ERRANDLESS_JWT_PRIVATE_KEY (an RSA "
                    + "private key in PKCS#8 PEM) or ERRANDLESS_JWT_PRIVATE_KEY_FILE. Generated keys are allowed only "
                    + "in the dev, demo and test profiles.");
        }
        Optional<Path> file = config.generatedKeyFile().filter(path -> !path.isBlank()).map(Path::of);
        if (file.isPresent() && Files.exists(file.get())) {
            return Pem.privateKey(read(file.get()));
        }
        RSAPrivateCrtKey generated = generate();
        file.ifPresent(path -> persist(path, Pem.encodePrivate(generated)));
        LOG.infof("Generated a token signing key (%s)", file.map(path -> "saved to " + path).orElse("in memory"));
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

    private static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the token signing key " + path, e);
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
            throw new UncheckedIOException("Cannot save the generated token signing key to " + path, e);
        }
    }
}
