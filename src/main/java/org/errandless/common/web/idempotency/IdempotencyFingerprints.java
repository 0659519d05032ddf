package org.errandless.common.web.idempotency;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.errandless.common.crypto.PersonalDataProtector;

/**
 * The keyed fingerprints of the idempotency store, with keys derived from the data key (HKDF, one label each): the
 * request fingerprint and the scope of callers that authenticate in the request. A database dump alone reveals
 * neither the bodies (phone numbers, ID numbers, passwords) nor the credentials behind them.
 */
@ApplicationScoped
public class IdempotencyFingerprints {

    private final byte[] requestKey;
    private final byte[] callerKey;

    @Inject
    public IdempotencyFingerprints(PersonalDataProtector protector) {
        this.requestKey = protector.deriveKey("idempotency-request", 32);
        this.callerKey = protector.deriveKey("idempotency-caller", 32);
    }

    /** See {@link IdempotencyKeys#requestHash}. */
    String request(String method, String rawPath, String rawQuery, byte[] body, int bodyLength, long fullLength) {
        return IdempotencyKeys.requestHash(requestKey, method, rawPath, rawQuery, body, bodyLength, fullLength);
    }

    /** The scope of a caller's keys: its subject as it is, or a keyed hash of a credential it sent. */
    String scope(IdempotencyCaller caller, String credential) {
        if (caller instanceof SignedInCaller) {
            return SignedInCaller.KIND + ":" + credential;
        }
        return "credential:" + caller.kind() + ":" + IdempotencyKeys.callerHash(callerKey, caller.kind(), credential);
    }
}
