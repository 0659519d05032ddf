package org.errandless.identity.verification;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The startup guard of the adapter choice, and the demo carrier's extra mappings. */
class VerificationProvidersTest {

    private static final Optional<String> URL = Optional.of("https://carrier.example/v1/three-elements");
    private static final Optional<String> KEY = Optional.of("k");
    private static final List<String> PROD = List.of("prod");

    @Test
    void demoAdaptersNeedNoOptInInADevelopmentRun() {
        assertDoesNotThrow(() -> VerificationProviders.check("errandless.face", "demo", List.of("dev"), false,
                Optional.empty(), Optional.empty(), "ERRANDLESS_FACE_API_KEY"));
        assertThrows(IllegalStateException.class, () -> VerificationProviders.check("errandless.face", "demo",
                List.of("prod", "demo"), false, Optional.empty(), Optional.empty(), "ERRANDLESS_FACE_API_KEY"));
    }

    @Test
    void demoAdaptersAreRefusedWhereDevelopmentAdaptersAreNotAllowed() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> VerificationProviders.check(
                "errandless.face", "demo", PROD, false, Optional.empty(), Optional.empty(), "ERRANDLESS_FACE_API_KEY"));
        assertTrue(e.getMessage().contains("errandless.face.provider=demo"), e.getMessage());
        assertTrue(e.getMessage().contains("errandless.dev-adapters.allowed=true"), e.getMessage());
        assertTrue(e.getMessage().contains("ERRANDLESS_FACE_API_KEY"), e.getMessage());
    }

    @Test
    void demoAdaptersAreAcceptedWhereExplicitlyAllowed() {
        assertDoesNotThrow(() -> VerificationProviders.check("errandless.carrier", "demo", PROD, true, Optional.empty(),
                Optional.empty(), "ERRANDLESS_CARRIER_API_KEY"));
    }

    @Test
    void theHttpAdapterNeedsAUrlAndAKey() {
        assertDoesNotThrow(() -> VerificationProviders.check("errandless.carrier", "http", PROD, false, URL, KEY,
                "K"));
        for (var missing : List.of(List.of(Optional.<String>empty(), KEY), List.of(URL, Optional.<String>empty()),
                List.of(Optional.of(" "), KEY))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> VerificationProviders.check(
                    "errandless.carrier", "http", PROD, true, missing.get(0), missing.get(1), "ERRANDLESS_CARRIER_API_KEY"));
            assertTrue(e.getMessage().contains("errandless.carrier.http.url"), e.getMessage());
        }
        assertThrows(IllegalStateException.class, () -> VerificationProviders.check("errandless.carrier", "http",
                PROD, false, Optional.of("ftp://carrier.example"), KEY, "K"));
    }

    @Test
    void unknownAdaptersAreRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> VerificationProviders.check(
                "errandless.carrier", "mock", PROD, true, URL, KEY, "K"));
        assertTrue(e.getMessage().contains("unknown"), e.getMessage());
    }

    @Test
    void extraMappingsArePhoneEqualsIdNumber() {
        assertEquals(Map.of("13900000001", "500103198803120516", "13900000002", "11010519491231002X"),
                DemoCarrierVerifier.parse(List.of("13900000001=500103198803120516",
                        " +86 139-0000-0002 = 11010519491231002x ", "")));
    }

    @Test
    void aMalformedMappingIsNamedByPositionNotByContent() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DemoCarrierVerifier.parse(
                List.of("13900000001=500103198803120516", "13900000002:500103198803120516")));
        assertTrue(e.getMessage().contains("Entry 2"), e.getMessage());
        assertFalse(e.getMessage().contains("500103198803120516"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DemoCarrierVerifier.parse(List.of("13900000001=")));
    }
}
