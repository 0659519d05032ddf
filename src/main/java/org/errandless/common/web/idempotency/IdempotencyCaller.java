package org.errandless.common.web.idempotency;

import java.util.Optional;

/**
 * How an {@link Idempotent} endpoint knows who is calling it: keys and stored answers belong to that caller, and a
 * stored answer is replayed only to a request that proves the same caller again. Implementations are CDI beans,
 * named by {@link Idempotent#caller()}; the default, {@link SignedInCaller}, is the subject of the bearer token.
 * Endpoints that authenticate inside the request (a token endpoint, a sign-in with a code) name an implementation
 * that reads the credential the request carries; their feature provides it, so {@code common} stays free of features.
 *
 * <p>The credential itself is never stored: the scope of a key is a keyed hash (HMAC-SHA256 with a key derived from
 * the data key) of {@link #kind()} and the credential. A request that proves no caller at all ({@link #credential}
 * empty) runs as if it had no key: it can neither receive nor leave an answer for anyone else.
 */
public interface IdempotencyCaller {

    /** A short stable name of the kind of credential (e.g. {@code refresh-token}); part of the scope. */
    String kind();

    /** The credential this request proves its caller with, exactly as sent; empty when it proves no one. */
    Optional<String> credential(IdempotentRequest request);

    /**
     * Whether callers prove themselves inside the request (true for every implementation but the signed-in one).
     * It decides what a retry gets once a {@link SecretAnswer} was forgotten: such a request runs again, because
     * running it presents the credential anew and the endpoint's own rules judge it (a spent refresh token revokes
     * its sign-in, a used code is refused); a signed-in caller's request would repeat its effect and is answered
     * 409 {@code idempotency-answer-forgotten} instead.
     */
    default boolean authenticatesInRequest() {
        return true;
    }

    /**
     * Called before a stored answer of this endpoint is replayed, outside any transaction; refuses the replay by
     * throwing a {@link org.errandless.common.problem.ProblemException} (that answer goes out and is not stored).
     *
     * @param status the stored status
     * @param body the stored body, or {@code null}
     */
    default void beforeReplay(int status, byte[] body) {
    }
}
