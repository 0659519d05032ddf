package org.errandless.notifications;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The gateway of each channel, its startup guard, and the batch-against-lease check, without starting the
 * application: the same rules for every channel.
 */
class DeliveryGatewaysTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @EnumSource(MessageChannel.class)
    void theLogGatewayIsADevelopmentAdapter(MessageChannel channel) {
        DeliveryGateway gateway = DeliveryGateways.create(config(channel, ChannelConfig.Gateway.LOG, null),
                List.of("dev"), false, JSON).of(channel);
        assertEquals("log", gateway.name());
        assertTrue(gateway.keepsText());
        assertEquals(Duration.ZERO, gateway.longestSend());

        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> DeliveryGateways.create(
                config(channel, ChannelConfig.Gateway.LOG, null), List.of("prod"), false, JSON));
        assertTrue(refused.getMessage().contains(channel.settingsPrefix() + ".gateway=log"), refused.getMessage());
        assertTrue(refused.getMessage().contains("errandless.dev-adapters.allowed"), refused.getMessage());

        assertEquals("log", DeliveryGateways.create(config(channel, ChannelConfig.Gateway.LOG, null),
                List.of("prod"), true, JSON).of(channel).name());
    }

    @ParameterizedTest
    @EnumSource(MessageChannel.class)
    void theHttpGatewayNeedsAProviderUrl(MessageChannel channel) {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> DeliveryGateways.create(
                config(channel, ChannelConfig.Gateway.HTTP, null), List.of("prod"), false, JSON));
        assertTrue(refused.getMessage().contains(channel.settingsPrefix() + ".http.url"), refused.getMessage());
        assertTrue(refused.getMessage().contains("ERRANDLESS_" + channel.name() + "_HTTP_URL"), refused.getMessage());

        DeliveryGateway gateway = DeliveryGateways.create(config(channel, ChannelConfig.Gateway.HTTP,
                URI.create("https://provider.example/send")), List.of("prod"), false, JSON).of(channel);
        assertEquals("http", gateway.name());
        assertFalse(gateway.keepsText());
    }

    @Test
    void theLongestSendCountsEveryTryAndThePausesBetween() {
        // 3 tries of 3 s + 10 s, and pauses of 0.5 s and 1 s: the default settings
        assertEquals(Duration.ofMillis(40_500), http(Duration.ofSeconds(3), Duration.ofSeconds(10), 2,
                Duration.ofMillis(500)).longestSend());
        assertEquals(Duration.ofMillis(700), http(Duration.ofMillis(200), Duration.ofMillis(500), 0,
                Duration.ofSeconds(5)).longestSend());
    }

    @Test
    void aBatchMustFinishInsideItsLease() {
        DeliveryGateway slow = http(Duration.ofSeconds(3), Duration.ofSeconds(10), 2, Duration.ofMillis(500));
        DeliveryGateways gateways = new DeliveryGateways(Map.of(MessageChannel.SMS, slow, MessageChannel.PUSH,
                new LogGateway(MessageChannel.PUSH)));
        // the defaults: 5 x 40.5 s = 202.5 s, under 4 minutes
        assertDoesNotThrow(() -> new OutboxDispatcher.Limits(5, Duration.ofMinutes(4)).requireFits(gateways));
        // the defaults before: 20 x 40.5 s = 13.5 minutes, over a lease of 10
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> new OutboxDispatcher.Limits(20, Duration.ofMinutes(10)).requireFits(gateways));
        assertTrue(refused.getMessage().contains("errandless.notifications.batch-size (20)"), refused.getMessage());
        assertTrue(refused.getMessage().contains("errandless.notifications.claim-lease"), refused.getMessage());
        assertTrue(refused.getMessage().contains("SMS"), refused.getMessage());
        // exactly the lease is not under it
        assertThrows(IllegalStateException.class,
                () -> new OutboxDispatcher.Limits(2, Duration.ofSeconds(81)).requireFits(gateways));
        assertThrows(IllegalArgumentException.class, () -> new OutboxDispatcher.Limits(0, Duration.ofMinutes(1)));
        assertThrows(IllegalArgumentException.class, () -> new OutboxDispatcher.Limits(1, Duration.ZERO));
    }

    @Test
    void everyChannelNeedsAGateway() {
        assertThrows(IllegalArgumentException.class,
                () -> new DeliveryGateways(Map.of(MessageChannel.SMS, new LogGateway(MessageChannel.SMS))));
    }

    private static DeliveryGateway http(Duration connect, Duration read, int retries, Duration backoff) {
        return new HttpGateway(MessageChannel.SMS, new ProviderClient(URI.create("https://provider.example/send"),
                Optional.empty(), connect, read, retries, backoff), JSON);
    }

    private static Map<MessageChannel, ChannelConfig> config(MessageChannel channel, ChannelConfig.Gateway kind,
            URI url) {
        // the other channel on a well-configured HTTP gateway, so only the channel under test can be refused
        ChannelConfig other = channel(ChannelConfig.Gateway.HTTP, URI.create("https://other.example/send"));
        Map<MessageChannel, ChannelConfig> configs = new EnumMap<>(MessageChannel.class);
        for (MessageChannel each : MessageChannel.values()) {
            configs.put(each, each == channel ? channel(kind, url) : other);
        }
        return configs;
    }

    private static ChannelConfig channel(ChannelConfig.Gateway kind, URI url) {
        ChannelConfig.Http http = new ChannelConfig.Http() {
            @Override
            public Optional<URI> url() {
                return Optional.ofNullable(url);
            }

            @Override
            public Optional<String> apiKey() {
                return Optional.of("key");
            }

            @Override
            public Duration connectTimeout() {
                return Duration.ofSeconds(1);
            }

            @Override
            public Duration readTimeout() {
                return Duration.ofSeconds(1);
            }

            @Override
            public int retries() {
                return 0;
            }

            @Override
            public Duration retryBackoff() {
                return Duration.ofMillis(1);
            }
        };
        return new ChannelConfig() {
            @Override
            public Gateway gateway() {
                return kind;
            }

            @Override
            public Http http() {
                return http;
            }
        };
    }
}
