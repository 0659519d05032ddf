package org.errandless.identity.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code errandless.partners.token-endpoint-url} is required (prod sets no default) and must be an absolute http(s)
 * URL: the application refuses to start otherwise, naming the environment variable.
 */
class TokenEndpointSettingTest {

    @Test
    void missingIsRefusedNamingTheVariable() {
        for (Optional<String> missing : java.util.List.of(Optional.<String>empty(), Optional.of(" "))) {
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> ClientAssertions.tokenEndpoint(missing));
            assertTrue(refused.getMessage().contains("ERRANDLESS_PARTNERS_TOKEN_ENDPOINT_URL"), refused.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "/api/v1/auth/clients/token", "api.example.gov.cn/api/v1/auth/clients/token",
            "ftp://api.example.gov.cn/token", "https://api.example.gov.cn/token?x=1",
            "https://api.example.gov.cn/token#x", "https:///token", "https://api example/token" })
    void notAnAbsoluteHttpUrlIsRefused(String url) {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> ClientAssertions.tokenEndpoint(Optional.of(url)));
        assertTrue(refused.getMessage().contains("ERRANDLESS_PARTNERS_TOKEN_ENDPOINT_URL"), refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = { "https://api.example.gov.cn/api/v1/auth/clients/token",
            "http://localhost:8080/api/v1/auth/clients/token", " https://gw.example/token " })
    void anAbsoluteHttpUrlIsTheAudience(String url) {
        assertEquals(url.strip(), ClientAssertions.tokenEndpoint(Optional.of(url)));
    }
}
