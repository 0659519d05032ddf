package org.errandless.common.web.idempotency;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Test-only caller of the public probe endpoints: the {@value #HEADER} header plays the credential an endpoint that
 * authenticates in the request would read (a refresh token, a client secret). Without it a request proves no one.
 */
@ApplicationScoped
public class ProbeCaller implements IdempotencyCaller {

    /** The header carrying the probe credential. */
    public static final String HEADER = "Probe-Credential";

    @Override
    public String kind() {
        return "probe";
    }

    @Override
    public Optional<String> credential(IdempotentRequest request) {
        return request.header(HEADER);
    }
}
