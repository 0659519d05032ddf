package org.errandless.notifications;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Delivers through a push service's HTTP API (a vendor's or our own relay to APNs and the Android push channels),
 * which maps an account id (an alias) to the account's devices: one JSON POST per message,
 * {@code {"id": "<message id>", "alias": "<account id>", "title": "重庆户籍", "body": "...", "purpose":
 * "STATUS_CHANGED", "data": {"subjectId": "<application id>"}}}, with {@code Authorization: Bearer <api key>} and
 * {@code Idempotency-Key: <message id>}. Retries, timeouts and the meaning of answers are those of
 * {@link ProviderPost}.
 */
final class HttpPushGateway implements PushGateway {

    private static final Logger LOG = Logger.getLogger(HttpPushGateway.class);
    /** The notification's title on the phone: who it is from. */
    static final String TITLE = "重庆户籍";

    private final URI url;
    private final Optional<String> apiKey;
    private final Duration readTimeout;
    private final ObjectMapper json;
    private final ProviderPost post;

    HttpPushGateway(URI url, Optional<String> apiKey, Duration connectTimeout, Duration readTimeout, int retries,
            Duration retryBackoff, ObjectMapper json) {
        this.url = Objects.requireNonNull(url, "url");
        this.apiKey = apiKey.filter(key -> !key.isBlank());
        this.readTimeout = readTimeout;
        this.json = json;
        this.post = new ProviderPost(connectTimeout, retries, retryBackoff);
    }

    @Override
    public String name() {
        return "http";
    }

    @Override
    public boolean keepsText() {
        return false;
    }

    @Override
    public void send(PushMessage message) throws PushDeliveryException {
        ProviderPost.Failure failure = post.send(request(message));
        if (failure != null) {
            throw new PushDeliveryException(failure.reason(), failure.permanent());
        }
        LOG.debugf("Push to account %s accepted by the push service (message %s)", message.accountId(), message.id());
    }

    private HttpRequest request(PushMessage message) throws PushDeliveryException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", message.id().toString());
        body.put("alias", message.accountId().toString());
        body.put("title", TITLE);
        body.put("body", message.text());
        body.put("purpose", message.purpose().name());
        Map<String, String> data = new LinkedHashMap<>();
        if (message.subjectId() != null) {
            data.put("subjectId", message.subjectId().toString());
        }
        body.put("data", data);
        HttpRequest.Builder builder;
        try {
            builder = HttpRequest.newBuilder(url).timeout(readTimeout)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header("Idempotency-Key", message.id().toString())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
        } catch (JsonProcessingException e) {
            throw new PushDeliveryException("could not write the request", true);
        }
        apiKey.ifPresent(key -> builder.header("Authorization", "Bearer " + key));
        return builder.build();
    }

    @Override
    public String toString() {
        return "HttpPushGateway[" + url.getHost() + "]";
    }
}
