package org.errandless.notifications;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.errandless.common.crypto.PersonalDataMasks;
import org.errandless.common.validation.MainlandMobile;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Delivers through a provider's HTTP API: one JSON POST per message,
 * {@code {"id": "<message id>", "to": "+8613800000001", "text": "...", "purpose": "OTP"}}, with
 * {@code Authorization: Bearer <api key>} and {@code Idempotency-Key: <message id>} so a provider that saw a retried
 * request can drop the duplicate.
 *
 * <p>Any 2xx is delivery. Connection failures, timeouts, 408, 429 and 5xx are retried a few times with a doubling
 * pause ({@link ProviderPost}); if they persist, the attempt fails and the dispatcher tries again later. Other 4xx
 * answers mean the provider refused the message itself, which no retry changes. Response bodies are never read: they
 * may echo the number.
 */
final class HttpSmsGateway implements SmsGateway {

    private static final Logger LOG = Logger.getLogger(HttpSmsGateway.class);

    private final URI url;
    private final Optional<String> apiKey;
    private final Duration readTimeout;
    private final ObjectMapper json;
    private final ProviderPost post;

    HttpSmsGateway(URI url, Optional<String> apiKey, Duration connectTimeout, Duration readTimeout, int retries,
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
    public void send(SmsMessage message) throws SmsDeliveryException {
        ProviderPost.Failure failure = post.send(request(message));
        if (failure != null) {
            throw new SmsDeliveryException(failure.reason(), failure.permanent());
        }
        LOG.debugf("SMS to %s accepted by the provider (message %s)", PersonalDataMasks.phone(message.phone()),
                message.id());
    }

    private HttpRequest request(SmsMessage message) throws SmsDeliveryException {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("id", message.id().toString());
        body.put("to", MainlandMobile.e164(message.phone()));
        body.put("text", message.text());
        body.put("purpose", message.purpose().name());
        HttpRequest.Builder builder;
        try {
            builder = HttpRequest.newBuilder(url).timeout(readTimeout)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header("Idempotency-Key", message.id().toString())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
        } catch (JsonProcessingException e) {
            throw new SmsDeliveryException("could not write the request", true);
        }
        apiKey.ifPresent(key -> builder.header("Authorization", "Bearer " + key));
        return builder.build();
    }

    @Override
    public String toString() {
        // the URL may carry a key in its query string: name the host only
        return "HttpSmsGateway[" + url.getHost() + "]";
    }
}
