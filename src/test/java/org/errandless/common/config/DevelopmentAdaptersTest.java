package org.errandless.common.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class DevelopmentAdaptersTest {

    @Test
    void allowedInDevDemoAndTest() {
        for (String profile : List.of("dev", "demo", "test")) {
            assertDoesNotThrow(() -> DevelopmentAdapters.requireAllowed("errandless.sms.gateway=log", List.of(profile),
                    false));
        }
    }

    @Test
    void refusedInProdWithAClearMessage() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> DevelopmentAdapters.requireAllowed("errandless.sms.gateway=log", List.of("prod"), false));
        assertTrue(refused.getMessage().contains("errandless.sms.gateway=log"), refused.getMessage());
        assertTrue(refused.getMessage().contains(DevelopmentAdapters.ALLOWED_KEY), refused.getMessage());
    }

    @Test
    void prodMayOptIn() {
        assertDoesNotThrow(() -> DevelopmentAdapters.requireAllowed("x", List.of("prod"), true));
    }

    @Test
    void anUnknownProfileCountsAsProd() {
        assertThrows(IllegalStateException.class,
                () -> DevelopmentAdapters.requireAllowed("x", List.of("staging"), false));
    }
}
