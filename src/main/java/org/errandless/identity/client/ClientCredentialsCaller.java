package org.errandless.identity.client;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;

import org.errandless.common.web.idempotency.IdempotencyCaller;
import org.errandless.common.web.idempotency.IdempotentRequest;

/**
 * The caller of the partner token endpoint, for {@code Idempotency-Key}: every client credential the request
 * carries (an HTTP Basic header, {@code client_id} with {@code client_secret}, a {@code client_assertion}). A stored
 * token goes only to a request with exactly the same credentials; one with none runs as if it had no key.
 */
@ApplicationScoped
public class ClientCredentialsCaller implements IdempotencyCaller {

    @Override
    public String kind() {
        return "partner-client";
    }

    @Override
    public Optional<String> credential(IdempotentRequest request) {
        StringBuilder credential = new StringBuilder();
        request.header(HttpHeaders.AUTHORIZATION)
                .filter(value -> value.regionMatches(true, 0, "Basic ", 0, 6))
                .ifPresent(value -> append(credential, "basic", value.substring(6).strip()));
        request.formField("client_secret").ifPresent(secret -> {
            append(credential, "client_id", request.formField("client_id").orElse(""));
            append(credential, "client_secret", secret);
        });
        request.formField("client_assertion").ifPresent(assertion -> append(credential, "assertion", assertion));
        return credential.isEmpty() ? Optional.empty() : Optional.of(credential.toString());
    }

    private static void append(StringBuilder credential, String name, String value) {
        credential.append(name).append('=').append(value.length()).append(':').append(value).append('\n');
    }
}
