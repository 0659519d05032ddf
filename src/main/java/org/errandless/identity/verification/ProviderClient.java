package org.errandless.identity.verification;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * JSON over HTTP to an outside verification provider: one POST per question, the API key as a bearer token, bounded
 * waits. It tells apart what is worth retrying ({@link ProviderTransportException}: no answer) from what is not
 * ({@link VerificationUnavailableException}: an answer that is an error); retries and the circuit breaker are the
 * adapters' business. Messages name the provider and the status, never the request (it carries personal data).
 */
public class ProviderClient {

    private final String provider;
    private final URI endpoint;
    private final String apiKey;
    private final Duration requestTimeout;
    private final ObjectMapper json;
    private final HttpClient http;

    /**
     * @param provider what the provider does, for messages (e.g. "carrier check")
     * @param endpoint where to POST
     * @param apiKey sent as {@code Authorization: Bearer}
     */
    public ProviderClient(String provider, URI endpoint, String apiKey, Duration connectTimeout,
            Duration requestTimeout, ObjectMapper json) {
        this.provider = Objects.requireNonNull(provider);
        this.endpoint = Objects.requireNonNull(endpoint);
        this.apiKey = Objects.requireNonNull(apiKey);
        this.requestTimeout = Objects.requireNonNull(requestTimeout);
        this.json = Objects.requireNonNull(json);
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Posts a JSON body and answers the provider's JSON object.
     *
     * @throws ProviderTransportException when no answer came (connection refused or dropped, timeout)
     * @throws VerificationUnavailableException when the provider answered with an error or something unreadable
     */
    public JsonNode post(Object body) {
        byte[] request;
        try {
            request = json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write the " + provider + " request", e);
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(HttpRequest.newBuilder(endpoint).timeout(requestTimeout)
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .header("Authorization", "Bearer " + apiKey)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(request)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new ProviderTransportException("The " + provider + " provider did not answer ("
                    + e.getClass().getSimpleName() + ")", e);
        } catch (InterruptedException e) {
            // a fault-tolerance timeout interrupts the call; it reports the timeout itself
            Thread.currentThread().interrupt();
            throw new VerificationUnavailableException("The " + provider + " request was interrupted", e);
        }
        int status = response.statusCode();
        if (status != 200) {
            throw new VerificationUnavailableException("The " + provider + " provider answered HTTP " + status);
        }
        try {
            JsonNode answer = json.readTree(response.body());
            if (answer == null || !answer.isObject()) {
                throw new VerificationUnavailableException("The " + provider + " provider answered no JSON object");
            }
            return answer;
        } catch (IOException e) {
            throw new VerificationUnavailableException("The " + provider + " provider answered no JSON", e);
        }
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
        return "ProviderClient[" + provider + " at " + endpoint + "]";
    }
}
