package org.errandless.common.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Prod refuses a public base URL that is unset or points at this machine; development runs take anything. */
class PublicUrlsTest {

    private static final List<String> PROD = List.of("prod");

    @ParameterizedTest
    @ValueSource(strings = { "", " ", "http://localhost:8080", "https://LOCALHOST", "http://api.localhost/",
            "http://127.0.0.1:8080", "http://127.1.2.3", "http://[::1]:8080", "http://0.0.0.0", "ftp://example.org",
            "errandless.example", "http://" })
    void refusedInProd(String url) {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> PublicUrls.requirePublic("errandless.certificates.public-base-url", "ERRANDLESS_PUBLIC_BASE_URL",
                        url, PROD));
        assertTrue(refused.getMessage().contains("ERRANDLESS_PUBLIC_BASE_URL"), refused.getMessage());
        assertTrue(refused.getMessage().contains("errandless.certificates.public-base-url"), refused.getMessage());
        assertDoesNotThrow(() -> PublicUrls.requirePublic("k", "V", url, List.of("demo")));
    }

    @ParameterizedTest
    @ValueSource(strings = { "https://errandless.example", "https://hukou.cq.gov.cn/", "http://10.0.0.5:8080",
            "https://[2001:db8::1]", "https://localhost.example.org" })
    void acceptedInProd(String url) {
        assertDoesNotThrow(() -> PublicUrls.requirePublic("k", "V", url, PROD));
        assertDoesNotThrow(() -> PublicUrls.requirePublic("k", "V", url, List.of("staging")));
    }

    @org.junit.jupiter.api.Test
    void aProdWithADevelopmentProfileIsStillProd() {
        assertThrows(IllegalStateException.class, () -> PublicUrls.requirePublic("k", "V", "http://localhost",
                List.of("prod", "demo")));
    }
}
