package org.errandless.identity.token;

import java.time.Duration;
import java.util.function.LongSupplier;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.lang.UnresolvableKeyException;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * Verifies bearer tokens against our own keys only: RS256 and nothing else (no {@code alg: none}, no HMAC signed
 * with our public key), the {@code kid} of a key we publish, our issuer and audience, and unexpired with a small
 * leeway. Revocation (a revoked refresh family, a disabled account) is checked afterwards by
 * {@link TokenRevocationAugmentor}.
 *
 * <p>A phone presents the same access token for up to its lifetime, so a token that passed is remembered (keyed by
 * its exact text, hashed by its signature's end: {@link VerifiedTokenKey}; at most
 * {@link TokenConfig#verifiedCacheSize()} of them, never beyond its expiry plus the leeway):
 * presented again, only its expiry is checked, against the same clock and leeway. The keys are fixed for the
 * process's life, so what passed once passes again until it expires. Tokens that fail are never remembered, so what
 * an attacker sends fills nothing. The principal ({@link VerifiedPrincipal}) is built once and only read afterwards.
 */
@ApplicationScoped
@Alternative
@Priority(1)
public class VerifyingPrincipalFactory extends JWTCallerPrincipalFactory {

    private final JwtConsumer consumer;
    private final long leewayMillis;
    /** Verified tokens by their text; null when switched off. */
    private final Cache<VerifiedTokenKey, Verified> verified;

    /** The wall clock in milliseconds, as jose4j reads it (tests move it with {@link #clock(LongSupplier)}). */
    private volatile LongSupplier clock = System::currentTimeMillis;

    private record Verified(JWTCallerPrincipal principal, long expiresAtMillis) {
    }

    @Inject
    public VerifyingPrincipalFactory(TokenKeys keys, TokenConfig config) {
        this.consumer = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireSubject()
                .setRequireJwtId()
                .setAllowedClockSkewInSeconds((int) config.leeway().toSeconds())
                .setExpectedIssuer(config.issuer())
                .setExpectedAudience(config.audience())
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.RSA_USING_SHA256)
                .setVerificationKeyResolver((jws, nestingContext) -> keys.verificationKey(jws.getKeyIdHeaderValue())
                        .orElseThrow(() -> new UnresolvableKeyException("unknown key id")))
                .build();
        this.leewayMillis = config.leeway().toMillis();
        this.verified = config.verifiedCacheSize() <= 0 ? null : Caffeine.newBuilder()
                .maximumSize(config.verifiedCacheSize())
                .expireAfterWrite(config.accessTokenLifetime().plus(config.leeway()).plus(Duration.ofMinutes(1)))
                .build();
    }

    /** Replaces the clock remembered tokens are checked against (tests). */
    void clock(LongSupplier millis) {
        clock = millis;
    }

    /**
     * The principal of a token that passed before and has not expired since (the same check {@link #parse} makes of a
     * remembered token), or null: never verified here, forgotten, or expired (then {@link #parse} refuses it).
     */
    JWTCallerPrincipal remembered(String token) {
        if (verified == null) {
            return null;
        }
        Verified known = verified.getIfPresent(new VerifiedTokenKey(token));
        return known != null && clock.getAsLong() < known.expiresAtMillis() ? known.principal() : null;
    }

    @Override
    public JWTCallerPrincipal parse(String token, JWTAuthContextInfo authContextInfo) throws ParseException {
        VerifiedTokenKey key = verified == null ? null : new VerifiedTokenKey(token);
        if (verified != null) {
            Verified known = verified.getIfPresent(key);
            if (known != null) {
                if (clock.getAsLong() < known.expiresAtMillis()) {
                    return known.principal();
                }
                verified.invalidate(key);
                throw new ParseException("token rejected");
            }
        }
        try {
            JwtContext context = consumer.process(token);
            JWTCallerPrincipal principal = new VerifiedPrincipal(token, context.getJwtClaims());
            if (verified != null) {
                // jose4j accepts a token while now <= exp + leeway (whole seconds)
                long expiresAt = context.getJwtClaims().getExpirationTime().getValueInMillis() + leewayMillis;
                verified.put(key, new Verified(principal, expiresAt));
            }
            return principal;
        } catch (InvalidJwtException e) {
            throw new ParseException("token rejected", e);
        } catch (MalformedClaimException e) {
            throw new ParseException("token rejected", e);
        }
    }
}
