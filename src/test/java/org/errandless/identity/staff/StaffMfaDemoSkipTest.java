package org.errandless.identity.staff;

import static io.restassured.RestAssured.given;
import static org.errandless.identity.staff.StaffFixtures.PASSWORD;
import static org.errandless.identity.staff.StaffFixtures.claims;
import static org.errandless.identity.staff.StaffFixtures.login;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.errandless.common.time.TestBusinessClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * The demo skip of the second factor: with it on (as in the dev and demo profiles), the demo staff work with their
 * password long after the grace period, and nobody else does; outside a development run it refuses the start.
 */
@QuarkusTest
@TestProfile(StaffMfaDemoSkipTest.DemoSkip.class)
class StaffMfaDemoSkipTest {

    /** The test profile with the demo skip on. */
    public static class DemoSkip implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("errandless.staff.mfa.demo-skip", "true");
        }
    }

    @AfterEach
    void resetClock() {
        TestBusinessClock.reset();
    }

    @Test
    void demoStaffSkipTheSecondFactorOthersDoNot() {
        StaffFixtures.Account other = StaffFixtures.officer("50010301");
        TestBusinessClock.advance(Duration.ofDays(30));
        Response demo = login("officer.50010301", "demo-password-2026");
        demo.then().statusCode(200).body("mfaEnrolmentRequired", equalTo(false)).body("mfaEnrolBy", nullValue());
        String demoToken = demo.path("accessToken");
        assertEquals(Boolean.TRUE, claims(demoToken).get("mfa_exempt"));
        assertEquals(List.of("pwd"), claims(demoToken).getList("amr"));
        given().auth().oauth2(demoToken).header("If-Match", "\"x\"").contentType("application/json").body("{}")
                .post("/api/v1/applications/" + UUID.randomUUID() + "/approve").then()
                .statusCode(not(equalTo(403)));

        String otherToken = login(other.username(), PASSWORD).then().statusCode(200)
                .body("mfaEnrolmentRequired", equalTo(true)).extract().path("accessToken");
        given().auth().oauth2(otherToken).header("If-Match", "\"x\"").contentType("application/json").body("{}")
                .post("/api/v1/applications/" + UUID.randomUUID() + "/approve").then().statusCode(403)
                .body("code", equalTo("mfa-required"));
    }

    @Test
    void theDemoSkipIsRefusedOutsideADevelopmentRun() {
        StaffMfaRules.checkDemoSkip(true, List.of("demo"));
        StaffMfaRules.checkDemoSkip(true, List.of("test"));
        StaffMfaRules.checkDemoSkip(false, List.of("prod"));
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> StaffMfaRules.checkDemoSkip(true, List.of("prod")));
        assertEquals(true, refused.getMessage().contains("errandless.staff.mfa.demo-skip=true"));
        assertThrows(IllegalStateException.class, () -> StaffMfaRules.checkDemoSkip(true, List.of("staging")));
    }
}
