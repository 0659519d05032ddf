package org.errandless.common.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * JSON over HTTP to an outside service (a verification provider, a partner department): POST a JSON body with the
 * API key as a bearer token, bounded waits for the connection and for each answer, no redirects (a redirect would
 * carry the key and the personal data elsewhere).
 *
 * <p>It answers whatever status came back and leaves its meaning to the caller; it throws only when no answer came
 * ({@link OutboundCallException}). Retries and circuit breaking are the callers' business (SmallRye Fault Tolerance
 * on their methods), so each caller decides what is worth retrying. Nothing here logs a request or an answer: both
 * may carry personal data.
 */
public class OutboundJsonClient {

    /**
     * An answer.
     *
     * @param status the HTTP status
     * @param body the body as received (empty when there was none)
     */
    public record Response(int status, byte[] body) {
    }

    private final String service;
    private final String endpoint;
    private final String apiKey;
    private final Duration requestTimeout;
    private final ObjectMapper json;
    private final HttpClient http;

    /**
     * @param service what the other side is, for messages (e.g. "carrier check")
     * @param endpoint the URL to POST to, or the base that {@link #post(String, Object)} appends paths to
     * @param apiKey sent as {@code Authorization: Bearer}
     * @param connectTimeout how long to wait for a connection
     * @param requestTimeout how long to wait for the answer to one request
     */
    public OutboundJsonClient(String service, URI endpoint, String apiKey, Duration connectTimeout,
            Duration requestTimeout, ObjectMapper json) {
        this.service = Objects.requireNonNull(service);
        this.endpoint = Objects.requireNonNull(endpoint).toString();
        this.apiKey = Objects.requireNonNull(apiKey);
        this.requestTimeout = Objects.requireNonNull(requestTimeout);
        this.json = Objects.requireNonNull(json);
        this.http = HttpClient.newBuilder().connectTimeout(Objects.requireNonNull(connectTimeout))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** What the other side is, for messages. */
    public String service() {
        return service;
    }

    /**
     * Posts a JSON body to the endpoint itself.
     *
     * @throws OutboundCallException when no answer came
     */
    public Response post(Object body) {
        return post("", body);
    }

    /**
     * Posts a JSON body to the endpoint with {@code path} appended (e.g. {@code /marriages}).
     *
     * @throws OutboundCallException when no answer came
     */
    public Response post(String path, Object body) {
        byte[] request;
        try {
            request = json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write the " + service + " request", e);
        }
        URI target = URI.create(path.isEmpty() ? endpoint : stripTrailingSlash(endpoint) + path);
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(target).timeout(requestTimeout)
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .header("Authorization", "Bearer " + apiKey)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(request)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return new Response(response.statusCode(), response.body() == null ? new byte[0] : response.body());
        } catch (IOException e) {
            throw new OutboundCallException("The " + service + " did not answer (" + e.getClass().getSimpleName()
                    + ")", e, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OutboundCallException("The " + service + " request was interrupted", e, true);
        }
    }

    /** The answer's body as a JSON object; empty when it is not one (no JSON, an array, nothing). */
    public Optional<JsonNode> object(Response response) {
        try {
            JsonNode answer = json.readTree(response.body());
            return answer != null && answer.isObject() ? Optional.of(answer) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String stripTrailingSlash(String value) {
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }

    @Override
    public String toString() {
        return "OutboundJsonClient[" + service + " at " + endpoint + "]";
    }
}
