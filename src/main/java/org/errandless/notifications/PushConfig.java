package org.errandless.notifications;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Which push gateway delivers the outbox's PUSH messages, and how the HTTP one reaches its push service. */
@ConfigMapping(prefix = "errandless.push")
public interface PushConfig {

    /** The gateways there are. */
    enum Gateway {
        /** Development: logs a line with the ids, the text stays in the outbox. */
        LOG,
        /** A push service's HTTP API. */
        HTTP
    }

    /** {@code http} (prod) or {@code log} (dev, demo, test; refused in prod unless dev adapters are allowed). */
    @WithDefault("http")
    Gateway gateway();

    /** The HTTP push service. */
    Http http();

    /** Settings of the HTTP gateway. */
    interface Http {

        /** The endpoint messages are POSTed to as JSON; required when the gateway is {@code http}. */
        Optional<URI> url();

        /** Sent as {@code Authorization: Bearer <key>} (env {@code ERRANDLESS_PUSH_HTTP_API_KEY}). */
        Optional<String> apiKey();

        /** Longest wait for the connection to the push service. */
        @WithDefault("3S")
        Duration connectTimeout();

        /** Longest wait for its answer once the request is sent. */
        @WithDefault("10S")
        Duration readTimeout();

        /** Further tries within one delivery attempt, for connection failures, timeouts, 429 and 5xx answers. */
        @WithDefault("2")
        int retries();

        /** Pause before the first retry within an attempt; doubled before each further one. */
        @WithDefault("500MS")
        Duration retryBackoff();
    }
}
