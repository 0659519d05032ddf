package org.errandless.identity.otp;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.errandless.common.web.idempotency.IdempotencyCaller;
import org.errandless.common.web.idempotency.IdempotentRequest;

/**
 * The caller of a sign-in with a code, for {@code Idempotency-Key}: the challenge and the code it sends. A stored
 * token pair goes only to a request with the same challenge and code (within the retry window; afterwards the code
 * is used and a retry is refused like any reuse).
 */
@ApplicationScoped
public class OtpCodeCaller implements IdempotencyCaller {

    @Override
    public String kind() {
        return "otp-code";
    }

    @Override
    public Optional<String> credential(IdempotentRequest request) {
        Optional<String> challenge = request.jsonField("challengeId");
        Optional<String> code = request.jsonField("code");
        if (challenge.isEmpty() || code.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(challenge.get() + "\n" + code.get());
    }
}
