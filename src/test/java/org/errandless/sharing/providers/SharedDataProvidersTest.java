package org.errandless.sharing.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.errandless.catalog.SourceDepartment;
import org.errandless.common.config.DevelopmentAdapters;
import org.junit.jupiter.api.Test;

/** The startup check of {@code errandless.sharing.providers.<department>.*}. */
class SharedDataProvidersTest {

    private static final List<String> PROD = List.of("prod");

    record Settings(String mode, Optional<String> url, Optional<String> apiKey) implements
            SharingProvidersConfig.Department {

        Settings(String mode) {
            this(mode, Optional.empty(), Optional.empty());
        }

        @Override
        public Duration connectTimeout() {
            return Duration.ofSeconds(2);
        }

        @Override
        public Duration readTimeout() {
            return Duration.ofSeconds(3);
        }
    }

    @Test
    void offIsAllowedEverywhere() {
        assertEquals("off", SharedDataProviders.check(SourceDepartment.HEALTH, new Settings("off"), PROD, false));
        assertEquals("off", SharedDataProviders.check(SourceDepartment.HEALTH, new Settings(" OFF "), PROD, false));
    }

    @Test
    void demoIsRefusedInProdUnlessDevelopmentAdaptersAreAllowed() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> SharedDataProviders.check(SourceDepartment.CIVIL_AFFAIRS, new Settings("demo"), PROD, false));
        assertTrue(refused.getMessage().contains("errandless.sharing.providers.civil-affairs.mode=demo"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains(DevelopmentAdapters.ALLOWED_KEY), refused.getMessage());
        assertEquals("demo", SharedDataProviders.check(SourceDepartment.CIVIL_AFFAIRS, new Settings("demo"), PROD,
                true));
        for (String profile : List.of("dev", "test", "demo")) {
            assertEquals("demo", SharedDataProviders.check(SourceDepartment.HOUSING, new Settings("demo"),
                    List.of(profile), false));
        }
    }

    @Test
    void httpNeedsAnHttpUrlAndAnApiKey() {
        IllegalStateException noUrl = assertThrows(IllegalStateException.class, () -> SharedDataProviders.check(
                SourceDepartment.HOUSING, new Settings("http", Optional.empty(), Optional.of("k")), PROD, false));
        assertTrue(noUrl.getMessage().contains("errandless.sharing.providers.housing.url"), noUrl.getMessage());
        IllegalStateException noKey = assertThrows(IllegalStateException.class, () -> SharedDataProviders.check(
                SourceDepartment.HOUSING, new Settings("http", Optional.of("https://housing.example"),
                        Optional.of(" ")), PROD, false));
        assertTrue(noKey.getMessage().contains("ERRANDLESS_SHARING_HOUSING_API_KEY"), noKey.getMessage());
        assertThrows(IllegalStateException.class, () -> SharedDataProviders.check(SourceDepartment.HOUSING,
                new Settings("http", Optional.of("ftp://housing.example"), Optional.of("k")), PROD, false));
        assertEquals("http", SharedDataProviders.check(SourceDepartment.HOUSING,
                new Settings("http", Optional.of("https://housing.example/api"), Optional.of("secret-key")), PROD,
                false));
    }

    @Test
    void anUnknownModeIsRefusedNamingTheChoices() {
        for (String mode : new String[] { "", "fake", "stub" }) {
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> SharedDataProviders.check(SourceDepartment.HEALTH, new Settings(mode), List.of("dev"),
                            true));
            assertTrue(refused.getMessage().contains("off") && refused.getMessage().contains("http"),
                    refused.getMessage());
        }
    }

    @Test
    void messagesNeverCarryTheApiKey() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> SharedDataProviders.check(
                SourceDepartment.HEALTH, new Settings("http", Optional.of("not a url"), Optional.of("secret-key")),
                PROD, false));
        assertFalse(refused.getMessage().contains("secret-key"));
    }
}
