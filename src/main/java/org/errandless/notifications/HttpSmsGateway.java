package org.errandless.notifications;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
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
 * pause; if they persist, the attempt fails and the dispatcher tries again later. Other 4xx answers mean the provider
 * refused the message itself, which no retry changes. Response bodies are never read: they may echo the number.
 */
final class HttpSmsGateway implements SmsGateway {

    private static final Logger LOG = Logger.getLogger(HttpSmsGateway.class);

    private final URI url;
    private final Optional<String> apiKey;
    private final Duration readTimeout;
    private final int retries;
    private final Duration retryBackoff;
    private final ObjectMapper json;
    private final HttpClient client;

    HttpSmsGateway(URI url, Optional<String> apiKey, Duration connectTimeout, Duration readTimeout, int retries,
            Duration retryBackoff, ObjectMapper json) {
        this.url = Objects.requireNonNull(url, "url");
        this.apiKey = apiKey.filter(key -> !key.isBlank());
        this.readTimeout = readTimeout;
        this.retries = Math.max(0, retries);
        this.retryBackoff = retryBackoff;
        this.json = json;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
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
        HttpRequest request = request(message);
        String failure = null;
        for (int attempt = 0; attempt <= retries; attempt++) {
            if (attempt > 0) {
                pause(retryBackoff.multipliedBy(1L << Math.min(attempt - 1, 16)));
            }
            try {
                int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status >= 200 && status < 300) {
                    LOG.debugf("SMS to %s accepted by the provider (message %s)",
                            PersonalDataMasks.phone(message.phone()), message.id());
                    return;
                }
                failure = "HTTP " + status;
                if (status >= 400 && status < 500 && status != 408 && status != 429) {
                    throw new SmsDeliveryException("provider refused the message: " + failure, true);
                }
            } catch (HttpConnectTimeoutException e) {
                failure = "connect timed out";
            } catch (HttpTimeoutException e) {
                failure = "timed out waiting for the provider";
            } catch (ConnectException e) {
                failure = "connection refused";
            } catch (IOException e) {
                failure = "I/O error (" + e.getClass().getSimpleName() + ")";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SmsDeliveryException("interrupted", false);
            }
        }
        throw new SmsDeliveryException(failure + (retries > 0 ? " (" + (retries + 1) + " tries)" : ""), false);
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

    private static void pause(Duration duration) throws SmsDeliveryException {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SmsDeliveryException("interrupted", false);
        }
    }

    @Override
    public String toString() {
        // the URL may carry a key in its query string: name the host only
        return "HttpSmsGateway[" + url.getHost() + "]";
    }
}
