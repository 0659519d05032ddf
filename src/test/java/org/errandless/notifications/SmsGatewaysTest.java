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

/** The gateway choice and its startup guard, without starting the application. */
class SmsGatewaysTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theLogGatewayIsADevelopmentAdapter() {
        SmsGateway gateway = SmsGateways.create(config(SmsConfig.Gateway.LOG, null), List.of("dev"), false, JSON);
        assertEquals("log", gateway.name());
        assertTrue(gateway.keepsText());
    }

    @Test
    void theLogGatewayIsRefusedInProd() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> SmsGateways.create(config(SmsConfig.Gateway.LOG, null), List.of("prod"), false, JSON));
        assertTrue(refused.getMessage().contains("errandless.sms.gateway=log"), refused.getMessage());
        assertTrue(refused.getMessage().contains("errandless.dev-adapters.allowed"), refused.getMessage());
    }

    @Test
    void prodMayAllowItExplicitly() {
        assertEquals("log",
                SmsGateways.create(config(SmsConfig.Gateway.LOG, null), List.of("prod"), true, JSON).name());
    }

    @Test
    void theHttpGatewayNeedsAProviderUrl() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> SmsGateways.create(config(SmsConfig.Gateway.HTTP, null), List.of("prod"), false, JSON));
        assertTrue(refused.getMessage().contains("errandless.sms.http.url"), refused.getMessage());
        SmsGateway gateway = SmsGateways.create(config(SmsConfig.Gateway.HTTP, URI.create("https://sms.example/send")),
                List.of("prod"), false, JSON);
        assertEquals("http", gateway.name());
        assertFalse(gateway.keepsText());
    }

    private static SmsConfig config(SmsConfig.Gateway kind, URI url) {
        SmsConfig.Http http = new SmsConfig.Http() {
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
        return new SmsConfig() {
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
