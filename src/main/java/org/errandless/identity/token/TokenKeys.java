package org.errandless.identity.token;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.errandless.common.crypto.RsaKeys;
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

    private static final String SIGNING_KEY = "The token signing key";
    private static final String NEXT_KEY = "The next token public key";

    private final RSAPrivateCrtKey signingKey;
    private final String signingKid;
    private final Map<String, RSAPublicKey> verificationKeys = new LinkedHashMap<>();

    @Inject
    public TokenKeys(TokenConfig config) {
        this.signingKey = loadSigningKey(config);
        RSAPublicKey current = RsaKeys.publicOf(signingKey);
        this.signingKid = RsaKeys.kid(current);
        verificationKeys.put(signingKid, current);
        config.nextPublicKey().map(pem -> RsaKeys.publicKey(pem, NEXT_KEY))
                .ifPresent(next -> verificationKeys.put(RsaKeys.kid(next), next));
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
        verificationKeys.values().forEach(key -> keys.add(RsaKeys.jwk(key, "sig")));
        return keys;
    }

    private static RSAPrivateCrtKey loadSigningKey(TokenConfig config) {
        if (config.privateKey().isPresent()) {
            return RsaKeys.privateKey(config.privateKey().get(), SIGNING_KEY);
        }
        if (config.privateKeyFile().isPresent()) {
            return RsaKeys.privateKey(RsaKeys.read(Path.of(config.privateKeyFile().get()), SIGNING_KEY), SIGNING_KEY);
        }
        if (!config.generateKey()) {
            throw new IllegalStateException("No token signing key configured: set ERRANDLESS_JWT_PRIVATE_KEY (an RSA "
                    + "private key in PKCS#8 PEM) or ERRANDLESS_JWT_PRIVATE_KEY_FILE. Generated keys are allowed only "
                    + "in the dev, demo and test profiles.");
        }
        Optional<Path> file = config.generatedKeyFile().filter(path -> !path.isBlank()).map(Path::of);
        if (file.isPresent() && Files.exists(file.get())) {
            return RsaKeys.privateKey(RsaKeys.read(file.get(), SIGNING_KEY), SIGNING_KEY);
        }
        RSAPrivateCrtKey generated = RsaKeys.generate();
        file.ifPresent(path -> RsaKeys.persist(path, RsaKeys.encodePrivate(generated),
                "the generated token signing key"));
        LOG.infof("Generated a token signing key (%s)", file.map(path -> "saved to " + path).orElse("in memory"));
        return generated;
    }
}
