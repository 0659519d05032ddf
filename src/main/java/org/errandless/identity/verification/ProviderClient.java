package org.errandless.identity.verification;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.errandless.common.http.OutboundCallException;
import org.errandless.common.http.OutboundJsonClient;

/**
 * JSON over HTTP to an outside verification provider: one POST per question, the API key as a bearer token, bounded
 * waits. It tells apart what is worth retrying ({@link ProviderTransportException}: no answer) from what is not
 * ({@link VerificationUnavailableException}: an answer that is an error); retries and the circuit breaker are the
 * adapters' business. Messages name the provider and the status, never the request (it carries personal data).
 * The HTTP exchange itself is {@link OutboundJsonClient}'s, shared with the partner departments' sources.
 */
public class ProviderClient {

    private final String provider;
    private final OutboundJsonClient http;

    /**
     * @param provider what the provider does, for messages (e.g. "carrier check")
     * @param endpoint where to POST
     * @param apiKey sent as {@code Authorization: Bearer}
     */
    public ProviderClient(String provider, URI endpoint, String apiKey, Duration connectTimeout,
            Duration requestTimeout, ObjectMapper json) {
        this.provider = Objects.requireNonNull(provider);
        this.http = new OutboundJsonClient(provider + " provider", endpoint, apiKey, connectTimeout, requestTimeout,
                json);
    }

    /**
     * Posts a JSON body and answers the provider's JSON object.
     *
     * @throws ProviderTransportException when no answer came (connection refused or dropped, timeout)
     * @throws VerificationUnavailableException when the provider answered with an error or something unreadable
     */
    public JsonNode post(Object body) {
        OutboundJsonClient.Response response;
        try {
            response = http.post(body);
        } catch (OutboundCallException e) {
            if (e.interrupted()) {
                // a fault-tolerance timeout interrupts the call; it reports the timeout itself
                throw new VerificationUnavailableException("The " + provider + " request was interrupted",
                        e.getCause());
            }
            throw new ProviderTransportException("The " + provider + " provider did not answer ("
                    + e.getCause().getClass().getSimpleName() + ")", e.getCause());
        }
        int status = response.status();
        if (status != 200) {
            throw new VerificationUnavailableException("The " + provider + " provider answered HTTP " + status);
        }
        return http.object(response).orElseThrow(() -> new VerificationUnavailableException("The " + provider
                + " provider answered no JSON object"));
    }

    /** A boolean field of an answer; a missing or non-boolean field means the provider gave no verdict. */
    boolean verdict(JsonNode answer, String field) {
        JsonNode value = answer.get(field);
        if (value == null || !value.isBoolean()) {
            throw new VerificationUnavailableException("The " + provider + " provider answered without '" + field
                    + "'");
        }
        return value.booleanValue();
    }

    @Override
    public String toString() {
        return "ProviderClient[" + http + "]";
    }
}
