package org.errandless.notifications;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The push gateway choice and its startup guard, without starting the application. */
class PushGatewaysTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theLogGatewayIsADevelopmentAdapterRefusedInProd() {
        assertEquals("log", PushGateways.create(config(PushConfig.Gateway.LOG, null), List.of("test"), false, JSON)
                .name());
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> PushGateways.create(config(PushConfig.Gateway.LOG, null), List.of("prod"), false, JSON));
        assertTrue(refused.getMessage().contains("errandless.push.gateway=log"), refused.getMessage());
        assertTrue(PushGateways.create(config(PushConfig.Gateway.LOG, null), List.of("prod"), true, JSON)
                .keepsText());
    }

    @Test
    void theHttpGatewayNeedsAnEndpoint() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> PushGateways.create(config(PushConfig.Gateway.HTTP, null), List.of("prod"), false, JSON));
        assertTrue(refused.getMessage().contains("errandless.push.http.url"), refused.getMessage());
        PushGateway gateway = PushGateways.create(config(PushConfig.Gateway.HTTP, URI.create("https://push.example/v1")),
                List.of("prod"), false, JSON);
        assertEquals("http", gateway.name());
        assertFalse(gateway.keepsText());
    }

    private static PushConfig config(PushConfig.Gateway kind, URI url) {
        PushConfig.Http http = new PushConfig.Http() {
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
        return new PushConfig() {
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
