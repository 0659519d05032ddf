package org.errandless.notifications;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * One delivery attempt to a provider's HTTP API, shared by the HTTP gateways (SMS and push): POST, with a few quick
 * retries inside the attempt for connection failures, timeouts, 408, 429 and 5xx, each after a doubling pause. Any
 * 2xx is delivery; another 4xx is the provider refusing the message itself, which no retry changes. Response bodies
 * are never read: they may echo the recipient.
 */
final class ProviderPost {

    /** Why an attempt failed, free of personal data; {@code permanent} when trying again cannot help. */
    record Failure(String reason, boolean permanent) {
    }

    private final HttpClient client;
    private final int retries;
    private final Duration retryBackoff;

    ProviderPost(Duration connectTimeout, int retries, Duration retryBackoff) {
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.retries = Math.max(0, retries);
        this.retryBackoff = retryBackoff;
    }

    /** Sends the request (which carries its own read timeout); null when the provider accepted it. */
    Failure send(HttpRequest request) {
        String failure = null;
        for (int attempt = 0; attempt <= retries; attempt++) {
            if (attempt > 0 && !pause(retryBackoff.multipliedBy(1L << Math.min(attempt - 1, 16)))) {
                return new Failure("interrupted", false);
            }
            try {
                int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
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
