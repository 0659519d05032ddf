package org.errandless.common.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    @Test
    void prodStaysProdWhateverOtherProfileIsActive() {
        assertThrows(IllegalStateException.class,
                () -> DevelopmentAdapters.requireAllowed("x", List.of("prod", "demo"), false));
        assertFalse(DevelopmentAdapters.isDevelopment(List.of("prod", "dev")));
        assertFalse(DevelopmentAdapters.isDevelopment(List.of()));
        assertTrue(DevelopmentAdapters.isDevelopment(List.of("demo", "custom")));
    }

    @Test
    void demoDataIsSeededOnlyInADevelopmentRun() {
        for (String profile : List.of("dev", "demo", "test")) {
            assertTrue(DevelopmentAdapters.demoDataAllowed("the demo staff", List.of(profile), true));
            assertFalse(DevelopmentAdapters.demoDataAllowed("the demo staff", List.of(profile), false));
        }
        assertFalse(DevelopmentAdapters.demoDataAllowed("the demo staff", List.of("prod"), false));
    }

    @Test
    void demoDataInProdRefusesTheStartNamingTheSettingAndHasNoOptIn() {
        for (List<String> profiles : List.of(List.of("prod"), List.of("prod", "demo"), List.of("staging"))) {
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> DevelopmentAdapters.demoDataAllowed("the demo staff", profiles, true));
            assertTrue(refused.getMessage().contains(DevelopmentAdapters.DEMO_DATA_KEY), refused.getMessage());
            assertTrue(refused.getMessage().contains(DevelopmentAdapters.DEMO_DATA_VARIABLE), refused.getMessage());
            assertTrue(refused.getMessage().contains("the demo staff"), refused.getMessage());
        }
    }
}
