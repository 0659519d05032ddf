package org.errandless.certificates;

import java.security.interfaces.RSAPublicKey;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwa.AlgorithmConstraints.ConstraintType;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;

/**
 * Signs certificate claims as a compact JWS (RS256, {@code kid} of the certificate key, {@code typ}
 * {@value #TYPE}) and checks presented ones against the current and retired certificate keys only: an access token,
 * signed with a token key, never passes for a certificate.
 */
@ApplicationScoped
public class CertificateSignatures {

    /** The explicit type (RFC 8725 §3.11) that sets certificates apart from every other JWT we sign. */
    static final String TYPE = "errandless-certificate+jwt";

    private static final AlgorithmConstraints RS256_ONLY = new AlgorithmConstraints(ConstraintType.PERMIT,
            AlgorithmIdentifiers.RSA_USING_SHA256);

    @Inject
    CertificateKeys keys;

    /** Why a presented JWS is not a certificate of ours; the {@code reason} of a {@code valid: false} answer. */
    enum Rejection {
        /** Not a compact JWS, or not RS256 with our explicit type. */
        MALFORMED("malformed"),
        /** Signed with a key that is neither our current nor a retired certificate key. */
        UNKNOWN_KEY("unknown-key"),
        /** The signature does not match the header and payload: altered after signing. */
        BAD_SIGNATURE("bad-signature");

        final String reason;

        Rejection(String reason) {
            this.reason = reason;
        }
    }

    /** The outcome of checking a JWS: the signed payload, or why it was refused. */
    record Checked(String kid, String payload, Rejection rejection) {
        boolean valid() {
            return rejection == null;
        }
    }

    /** The compact JWS of these claims (the JSON text is signed byte for byte). */
    String sign(String claimsJson) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claimsJson);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setKeyIdHeaderValue(keys.signingKid());
        jws.setHeader("typ", TYPE);
        jws.setKey(keys.signingKey());
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("Could not sign an e-certificate", e);
        }
    }

    /** The {@code kid} new certificates carry. */
    String currentKid() {
        return keys.signingKid();
    }

    /** Checks the signature of a presented compact JWS. */
    Checked check(String compact) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setAlgorithmConstraints(RS256_ONLY);
        String kid;
        try {
            jws.setCompactSerialization(compact);
            kid = jws.getKeyIdHeaderValue();
            if (!TYPE.equals(jws.getHeader("typ"))
                    || !AlgorithmIdentifiers.RSA_USING_SHA256.equals(jws.getAlgorithmHeaderValue())) {
                return new Checked(kid, null, Rejection.MALFORMED);
            }
        } catch (JoseException | RuntimeException e) {
            return new Checked(null, null, Rejection.MALFORMED);
        }
        Optional<RSAPublicKey> key = keys.verificationKey(kid);
        if (key.isEmpty()) {
            return new Checked(kid, null, Rejection.UNKNOWN_KEY);
        }
        jws.setKey(key.get());
        try {
            if (!jws.verifySignature()) {
                return new Checked(kid, null, Rejection.BAD_SIGNATURE);
            }
            return new Checked(kid, jws.getPayload(), null);
        } catch (JoseException | RuntimeException e) {
            // an undecodable signature or payload is as good as a wrong one
            return new Checked(kid, null, Rejection.BAD_SIGNATURE);
        }
    }
}
