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
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The outbound HTTP client of the delivery channels, one per channel with that channel's settings
 * ({@link ChannelConfig.Http}): a JSON POST with {@code Authorization: Bearer <api key>} and
 * {@code Idempotency-Key: <message id>}, and a few quick retries inside one attempt for connection failures,
 * timeouts, 408, 429 and 5xx, each after a doubling pause. Any 2xx is delivery; another 4xx is the provider refusing
 * the message itself, which no retry changes. Response bodies are never read: they may echo the recipient.
 *
 * <p>Every try is bounded as a whole (connection, request, answer) by the connect plus the read timeout, so an attempt
 * never takes longer than {@link #longestSend()}, which the dispatcher counts on to finish a batch inside its lease.
 */
final class ProviderClient {

    /** Why an attempt failed, free of personal data; {@code permanent} when trying again cannot help. */
    record Failure(String reason, boolean permanent) {
    }

    private final URI url;
    private final Optional<String> apiKey;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final int retries;
    private final Duration retryBackoff;
    private final HttpClient client;

    ProviderClient(URI url, Optional<String> apiKey, Duration connectTimeout, Duration readTimeout, int retries,
            Duration retryBackoff) {
        this.url = Objects.requireNonNull(url, "url");
        this.apiKey = apiKey.filter(key -> !key.isBlank());
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.retries = Math.max(0, retries);
        this.retryBackoff = retryBackoff;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    ProviderClient(ChannelConfig.Http settings) {
        this(settings.url().orElseThrow(), settings.apiKey(), settings.connectTimeout(), settings.readTimeout(),
                settings.retries(), settings.retryBackoff());
    }

    /** The host it posts to, for logs (the URL may carry a key in its query string). */
    String host() {
        return url.getHost();
    }

    /** Every try at its time limit, plus the pauses between them. */
    Duration longestSend() {
        Duration total = connectTimeout.plus(readTimeout).multipliedBy(retries + 1L);
        for (int retry = 1; retry <= retries; retry++) {
            total = total.plus(pauseBefore(retry));
        }
        return total;
    }

    /** Posts the JSON body under the message's idempotency key; null when the provider accepted it. */
    Failure post(byte[] json, String idempotencyKey) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(url).timeout(readTimeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofByteArray(json));
        apiKey.ifPresent(key -> builder.header("Authorization", "Bearer " + key));
        HttpRequest request = builder.build();
        String failure = null;
        for (int attempt = 0; attempt <= retries; attempt++) {
            if (attempt > 0 && !pause(pauseBefore(attempt))) {
                return new Failure("interrupted", false);
            }
            try {
                int status = exchange(request);
                if (status >= 200 && status < 300) {
                    return null;
                }
                failure = "HTTP " + status;
                if (status >= 400 && status < 500 && status != 408 && status != 429) {
                    return new Failure("provider refused the message: " + failure, true);
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
                return new Failure("interrupted", false);
            }
        }
        return new Failure(failure + (retries > 0 ? " (" + (retries + 1) + " tries)" : ""), false);
    }

    /** One try, bounded as a whole: a provider that trickles its answer cannot hold the dispatcher. */
    private int exchange(HttpRequest request) throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<Void>> response = client.sendAsync(request,
                HttpResponse.BodyHandlers.discarding());
        try {
            return response.get(connectTimeout.plus(readTimeout).toMillis(), TimeUnit.MILLISECONDS).statusCode();
        } catch (TimeoutException e) {
            response.cancel(true);
            throw new HttpTimeoutException("no complete answer in time");
        } catch (InterruptedException e) {
            response.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(cause == null ? e : cause);
        }
    }

    private Duration pauseBefore(int retry) {
        return retryBackoff.multipliedBy(1L << Math.min(retry - 1, 16));
    }

    private static boolean pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
