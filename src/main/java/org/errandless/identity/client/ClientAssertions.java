package org.errandless.identity.client;

import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;

import io.quarkus.runtime.StartupEvent;

/**
 * {@code private_key_jwt} client authentication (RFC 7523 §2.2, OpenID Connect Core §9): a JWT the client signs with
 * its private key, verified with the registered public key. {@code iss} and {@code sub} are the client id, {@code aud}
 * is exactly our token endpoint's URL as configured ({@code errandless.partners.token-endpoint-url}) and nothing
 * besides, {@code exp} is at most five minutes ahead, and each {@code jti} is good once. An exact audience means an
 * assertion made for any other server (another authority's endpoint, a look-alike host, a test system) is worthless
 * here, even where that server would pass it on. Start-up fails without the setting, and with one that is not an
 * absolute http(s) URL.
 */
@ApplicationScoped
public class ClientAssertions {

    /** The only assertion type RFC 7523 defines for client authentication. */
    public static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    @Inject
    EntityManager entityManager;
    @Inject
    PartnersConfig config;

    void checkAtStartup(@Observes StartupEvent event) {
        tokenEndpoint(config.tokenEndpointUrl());
    }

    /**
     * The configured token endpoint URL, checked.
     *
     * @throws IllegalStateException naming the setting when it is missing or not an absolute http(s) URL
     */
    static String tokenEndpoint(Optional<String> configured) {
        String url = configured.map(String::strip).orElse("");
        if (url.isEmpty()) {
            throw new IllegalStateException("errandless.partners.token-endpoint-url is not set: set "
                    + "ERRANDLESS_PARTNERS_TOKEN_ENDPOINT_URL to the public URL of our token endpoint exactly as partner "
                    + "clients reach it, e.g. https://api.example.gov.cn/api/v1/auth/clients/token (private_key_jwt "
                    + "assertions must name it as their audience)");
        }
        if (!url.matches("(?i)https?://[^\\s/?#]+(/\\S*)?") || url.contains("#") || url.contains("?")) {
            throw new IllegalStateException("errandless.partners.token-endpoint-url (ERRANDLESS_PARTNERS_TOKEN_"
                    + "ENDPOINT_URL) must be an absolute http(s) URL without query or fragment, not " + url);
        }
        return url;
    }

    /** The public key of a PEM (X.509 SubjectPublicKeyInfo, RSA or EC); empty when it is none. */
    public static Optional<PublicKey> parse(String pem) {
        if (pem == null) {
            return Optional.empty();
        }
        String body = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        for (String algorithm : List.of("RSA", "EC")) {
            try {
                return Optional.of(KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der)));
            } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException e) {
                // try the next algorithm
            }
        }
        return Optional.empty();
    }

    /** The id of the client that signed this assertion, when it is valid and unused; empty otherwise. */
    @Transactional
    public Optional<UUID> verify(String assertion) {
        try {
            JwtClaims unverified = new JwtConsumerBuilder().setSkipAllValidators().setDisableRequireSignature()
                    .setSkipSignatureVerification().build().processToClaims(assertion);
            UUID clientId = UUID.fromString(unverified.getIssuer());
            PartnerClient client = PartnerClient.findById(clientId);
            if (client == null || client.disabled || client.publicKey == null) {
                return Optional.empty();
            }
            PublicKey key = parse(client.publicKey).orElse(null);
            if (key == null) {
                return Optional.empty();
            }
            JwtConsumer consumer = new JwtConsumerBuilder().setVerificationKey(key)
                    .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                            AlgorithmIdentifiers.RSA_USING_SHA256, AlgorithmIdentifiers.RSA_PSS_USING_SHA256,
                            AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256)
                    .setExpectedIssuer(clientId.toString()).setExpectedSubject(clientId.toString())
                    .setRequireExpirationTime().setMaxFutureValidityInMinutes(5).setAllowedClockSkewInSeconds(30)
                    .setRequireJwtId().setSkipDefaultAudienceValidation().build();
            JwtClaims claims = consumer.processToClaims(assertion);
            if (!List.of(tokenEndpoint(config.tokenEndpointUrl())).equals(claims.getAudience())) {
                return Optional.empty();
            }
            return firstUse(clientId, claims.getJwtId(), Instant.ofEpochSecond(claims.getExpirationTime().getValue()))
                    ? Optional.of(clientId) : Optional.empty();
        } catch (InvalidJwtException | MalformedClaimException | IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    private boolean firstUse(UUID clientId, String jti, Instant expiresAt) {
        if (jti.length() > 200) {
            return false;
        }
        entityManager.createNativeQuery("delete from client_assertion_use where client_id = ?1 and expires_at < ?2")
                .setParameter(1, clientId).setParameter(2, OffsetDateTime.now(ZoneOffset.UTC)).executeUpdate();
        int inserted = entityManager.createNativeQuery("insert into client_assertion_use (client_id, jti, expires_at) "
                + "values (?1, ?2, ?3) on conflict do nothing").setParameter(1, clientId).setParameter(2, jti)
                .setParameter(3, OffsetDateTime.ofInstant(expiresAt.plusSeconds(30), ZoneOffset.UTC)).executeUpdate();
        return inserted == 1;
    }
}
