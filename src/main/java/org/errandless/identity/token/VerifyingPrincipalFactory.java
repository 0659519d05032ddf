package org.errandless.identity.token;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.lang.UnresolvableKeyException;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * Verifies bearer tokens against our own keys only: RS256 and nothing else (no {@code alg: none}, no HMAC signed
 * with our public key), the {@code kid} of a key we publish, our issuer and audience, and unexpired with a small
 * leeway. Revocation (a revoked refresh family, a disabled account) is checked afterwards by
 * {@link TokenRevocationAugmentor}.
 */
@ApplicationScoped
@Alternative
@Priority(1)
public class VerifyingPrincipalFactory extends JWTCallerPrincipalFactory {

    private final JwtConsumer consumer;

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
    }

    @Override
    public JWTCallerPrincipal parse(String token, JWTAuthContextInfo authContextInfo) throws ParseException {
        try {
            JwtContext context = consumer.process(token);
            return new DefaultJWTCallerPrincipal(token, "JWT", context.getJwtClaims());
        } catch (InvalidJwtException e) {
            throw new ParseException("token rejected", e);
        }
    }
}
