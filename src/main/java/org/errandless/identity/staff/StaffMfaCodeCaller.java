package org.errandless.identity.staff;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.errandless.common.web.idempotency.IdempotencyCaller;
import org.errandless.common.web.idempotency.IdempotentRequest;

/**
 * The caller of the second sign-in step, for {@code Idempotency-Key}: the challenge and the code it sends. A stored
 * token pair goes only to a request with the same challenge and code (within the retry window; afterwards the
 * challenge is used and a retry is refused like any reuse).
 */
@ApplicationScoped
public class StaffMfaCodeCaller implements IdempotencyCaller {

    @Override
    public String kind() {
        return "staff-mfa-code";
    }

    @Override
    public Optional<String> credential(IdempotentRequest request) {
        Optional<String> challenge = request.jsonField("mfaToken");
        Optional<String> code = request.jsonField("code");
        if (challenge.isEmpty() || code.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(challenge.get() + "\n" + code.get());
    }
}
