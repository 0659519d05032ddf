package org.errandless.notifications;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The settings of one delivery channel: which gateway delivers it and how the HTTP gateway reaches its provider. Every
 * channel has this same block under its own prefix ({@link MessageChannel#settingsPrefix()}): {@code errandless.sms.*}
 * (the prefix here) and {@code errandless.push.*} (given where it is injected, {@link DeliveryGateways.Producer}).
 */
@ConfigMapping(prefix = "errandless.sms")
public interface ChannelConfig {

    /** The gateways there are. */
    enum Gateway {
        /** Development: logs a line without personal data; the text stays readable in the outbox. */
        LOG,
        /** A provider's HTTP API. */
        HTTP
    }

    /** {@code http} (prod) or {@code log} (dev, demo, test; refused in prod unless dev adapters are allowed). */
    @WithDefault("http")
    Gateway gateway();

    /** The HTTP provider. */
    Http http();

    /** How the HTTP gateway of the channel reaches its provider. */
    interface Http {

        /** The provider endpoint messages are POSTed to as JSON; required when the gateway is {@code http}. */
        Optional<URI> url();

        /** Sent as {@code Authorization: Bearer <key>} (env {@code ERRANDLESS_SMS_HTTP_API_KEY}, {@code ..._PUSH_...}). */
        Optional<String> apiKey();

        /** Longest wait for the connection to the provider. */
        @WithDefault("3S")
        Duration connectTimeout();

        /** Longest wait for the provider's answer once the request is sent. */
        @WithDefault("10S")
        Duration readTimeout();

        /** Further tries within one delivery attempt, for connection failures, timeouts, 408, 429 and 5xx answers. */
        @WithDefault("2")
        int retries();

        /** Pause before the first retry within an attempt; doubled before each further one. */
        @WithDefault("500MS")
        Duration retryBackoff();
    }
}
