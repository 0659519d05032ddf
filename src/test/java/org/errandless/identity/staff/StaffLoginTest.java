package org.errandless.identity.staff;

import static io.restassured.RestAssured.given;
import static org.errandless.identity.staff.StaffFixtures.PASSWORD;
import static org.errandless.identity.staff.StaffFixtures.claims;
import static org.errandless.identity.staff.StaffFixtures.login;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.errandless.common.time.BusinessClock;
import org.errandless.identity.staff.StaffFixtures.Account;
import org.errandless.identity.token.TokenPair;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * Staff sign-in over HTTP: tokens and claims, answers that never tell whether a username exists, the lockout and
 * its expiry, disabled accounts and password resets, and the seeded accounts. Every test makes its own accounts.
 */
@QuarkusTest
class StaffLoginTest {

    private static final String PROBLEM = "application/problem+json";

    @Inject
    AgroalDataSource dataSource;
    @Inject
    BusinessClock clock;
    @Inject
    StaffBootstrap bootstrap;

    @Test
    void startUpFindsTheSeededAccountsInOneReadInAnyCase() {
        // what lets a restart skip the seeding (and its transactions) when every account is in place
        assertEquals(Set.of("officer.50010301", "supervisor", "bootstrap.admin"), bootstrap.existing(
                List.of("Officer.50010301", " SUPERVISOR ", "bootstrap.admin", "nobody.at.all")));
        assertEquals(Set.of(), bootstrap.existing(List.of()));
    }

    @Test
    void officerSignsInWithRolesStationAndAnyCaseOfUsername() {
        Account officer = StaffFixtures.officer("50010301");
        TokenPair pair = login(officer.username().toUpperCase(Locale.ROOT), PASSWORD).then().statusCode(200)
                .body("tokenType", equalTo("Bearer")).body("expiresIn", equalTo(900))
                .body("refreshToken", notNullValue()).extract().as(TokenPair.class);
        JsonPath claims = claims(pair.accessToken());
        assertEquals(officer.id().toString(), claims.getString("sub"));
        assertEquals(List.of("OFFICER"), claims.getList("groups"));
        assertEquals("50010301", claims.getString("station"));
        assertEquals("STAFF", claims.getString("acct"));
        assertNull(claims.get("division"));
        // an officer is no admin
        given().auth().oauth2(pair.accessToken()).get(StaffFixtures.ADMIN_STAFF).then().statusCode(403)
                .body("code", equalTo("forbidden"));
    }

    @Test
    void adminTokenWorksOnAnAdminEndpointAndRefreshKeepsTheRoles() {
        Account admin = StaffFixtures.admin();
        TokenPair pair = login(admin.username(), PASSWORD).then().statusCode(200).extract().as(TokenPair.class);
        given().auth().oauth2(pair.accessToken()).get(StaffFixtures.ADMIN_STAFF + "/" + admin.id()).then()
                .statusCode(200).body("username", equalTo(admin.username())).body("roles", equalTo(List.of("ADMIN")));
        TokenPair refreshed = given().contentType("application/json")
                .body(Map.of("refreshToken", pair.refreshToken())).post("/api/v1/auth/refresh").then().statusCode(200)
                .extract().as(TokenPair.class);
        assertEquals(List.of("ADMIN"), claims(refreshed.accessToken()).getList("groups"));
        assertEquals(admin.id().toString(), claims(refreshed.accessToken()).getString("sub"));
    }

    @Test
    void districtSupervisorCarriesItsDivision() {
        Account supervisor = StaffFixtures.create("supervisor", List.of("SUPERVISOR"), null, "500103");
        String token = login(supervisor.username(), PASSWORD).then().statusCode(200).extract().path("accessToken");
        assertEquals("500103", claims(token).getString("division"));
        assertNull(claims(token).get("station"));
    }

    @Test
    void wrongPasswordAndUnknownUsernameAnswerByteForByteAlike() {
        Account officer = StaffFixtures.officer("50010501");
        Response wrongPassword = login(officer.username(), "not-the-password-at-all");
        Response unknownUser = login(StaffFixtures.uniqueUsername("nobody"), "not-the-password-at-all");
        for (Response response : List.of(wrongPassword, unknownUser)) {
            response.then().statusCode(401).contentType(PROBLEM).header("WWW-Authenticate", "Bearer")
                    .body("code", equalTo("login-failed"));
        }
        assertEquals(wrongPassword.asString(), unknownUser.asString());
    }

    @Test
    void fifthFailureLocksAnExistingUsername() {
        Account officer = StaffFixtures.officer("50010601");
        for (int i = 0; i < 4; i++) {
            login(officer.username(), "wrong-password-" + i).then().statusCode(401).body("code", equalTo("login-failed"));
        }
        Response fifth = login(officer.username(), "wrong-password-5");
        fifth.then().statusCode(423).contentType(PROBLEM).body("code", equalTo("account-locked"))
                .header("Retry-After", "900");
        // locked means locked: the right password is not even checked
        login(officer.username(), PASSWORD).then().statusCode(423).body("code", equalTo("account-locked"))
                .header("Retry-After", "900");
    }

    @Test
    void unknownUsernameLocksExactlyLikeAnExistingOne() {
        Account officer = StaffFixtures.officer("50011201");
        String unknown = StaffFixtures.uniqueUsername("ghost");
        for (int i = 0; i < 4; i++) {
            Response existing = login(officer.username(), "wrong-password-" + i);
            Response missing = login(unknown, "wrong-password-" + i);
            existing.then().statusCode(401);
            assertEquals(existing.asString(), missing.asString());
            assertEquals(existing.statusCode(), missing.statusCode());
        }
        for (int i = 0; i < 2; i++) {
            Response existing = login(officer.username(), "wrong-password-x");
            Response missing = login(unknown, "wrong-password-x");
            existing.then().statusCode(423).header("Retry-After", "900");
            missing.then().statusCode(423).header("Retry-After", "900").body("code", equalTo("account-locked"));
            assertEquals(existing.asString(), missing.asString());
        }
    }

    @Test
    void lockoutExpires() throws SQLException {
        Account officer = StaffFixtures.officer("50010301");
        for (int i = 0; i < 5; i++) {
            login(officer.username(), "wrong-password-" + i);
        }
        login(officer.username(), PASSWORD).then().statusCode(423);
        // the business clock is fixed in tests: move the lockout's end into the past instead
        setLockedUntil(officer.username(), clock.now().minusSeconds(1));
        login(officer.username(), PASSWORD).then().statusCode(200);
        // the success cleared the count: four more failures do not lock again
        for (int i = 0; i < 4; i++) {
            login(officer.username(), "wrong-password-" + i).then().statusCode(401);
        }
        login(officer.username(), PASSWORD).then().statusCode(200);
    }

    @Test
    void successBetweenFailuresResetsTheCount() {
        Account officer = StaffFixtures.officer("50010301");
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 4; i++) {
                login(officer.username(), "wrong-password-" + i).then().statusCode(401);
            }
            login(officer.username(), PASSWORD).then().statusCode(200);
        }
    }

    @Test
    void disabledAccountCannotSignInAndItsTokensStopAtOnce() {
        Account admin = StaffFixtures.admin();
        TokenPair pair = login(admin.username(), PASSWORD).then().statusCode(200).extract().as(TokenPair.class);
        String self = StaffFixtures.ADMIN_STAFF + "/" + admin.id();
        given().auth().oauth2(pair.accessToken()).get(self).then().statusCode(200);

        given().auth().oauth2(TestTokens.admin()).post(self + "/disable").then().statusCode(200)
                .body("disabled", equalTo(true));

        given().auth().oauth2(pair.accessToken()).get(self).then().statusCode(401).body("code", equalTo("unauthorized"));
        given().contentType("application/json").body(Map.of("refreshToken", pair.refreshToken()))
                .post("/api/v1/auth/refresh").then().statusCode(401);
        Response disabled = login(admin.username(), PASSWORD);
        Response unknown = login(StaffFixtures.uniqueUsername("nobody"), PASSWORD);
        disabled.then().statusCode(401).body("code", equalTo("login-failed"));
        assertEquals(unknown.asString(), disabled.asString());

        given().auth().oauth2(TestTokens.admin()).post(self + "/enable").then().statusCode(200)
                .body("disabled", equalTo(false));
        login(admin.username(), PASSWORD).then().statusCode(200);
    }

    @Test
    void passwordResetRevokesSignIns() {
        Account admin = StaffFixtures.admin();
        TokenPair first = login(admin.username(), PASSWORD).then().statusCode(200).extract().as(TokenPair.class);
        TokenPair second = login(admin.username(), PASSWORD).then().statusCode(200).extract().as(TokenPair.class);
        String self = StaffFixtures.ADMIN_STAFF + "/" + admin.id();

        given().auth().oauth2(TestTokens.admin()).contentType("application/json")
                .body(Map.of("password", "a-brand-new-passphrase")).post(self + "/password").then().statusCode(204);

        for (TokenPair pair : List.of(first, second)) {
            given().auth().oauth2(pair.accessToken()).get(self).then().statusCode(401);
            given().contentType("application/json").body(Map.of("refreshToken", pair.refreshToken()))
                    .post("/api/v1/auth/refresh").then().statusCode(401);
        }
        login(admin.username(), PASSWORD).then().statusCode(401).body("code", equalTo("login-failed"));
        login(admin.username(), "a-brand-new-passphrase").then().statusCode(200);
    }

    @Test
    void passwordResetLiftsALockout() {
        Account officer = StaffFixtures.officer("50010501");
        for (int i = 0; i < 5; i++) {
            login(officer.username(), "wrong-password-" + i);
        }
        login(officer.username(), PASSWORD).then().statusCode(423);
        given().auth().oauth2(TestTokens.admin()).contentType("application/json")
                .body(Map.of("password", "after-the-lockout-2026"))
                .post(StaffFixtures.ADMIN_STAFF + "/" + officer.id() + "/password").then().statusCode(204);
        login(officer.username(), "after-the-lockout-2026").then().statusCode(200);
    }

    @Test
    void bootstrapAdminSignsIn() {
        String token = login("bootstrap.admin", "test-only-admin-password").then().statusCode(200).extract()
                .path("accessToken");
        assertEquals(List.of("ADMIN"), claims(token).getList("groups"));
        given().auth().oauth2(token).get(StaffFixtures.ADMIN_STAFF).then().statusCode(200);
    }

    @Test
    void demoOfficerAndSupervisorSignIn() {
        String officer = login("officer.50010301", "demo-password-2026").then().statusCode(200).extract()
                .path("accessToken");
        assertEquals("50010301", claims(officer).getString("station"));
        assertEquals(List.of("OFFICER"), claims(officer).getList("groups"));
        String supervisor = login("supervisor", "demo-password-2026").then().statusCode(200).extract()
                .path("accessToken");
        assertEquals(List.of("SUPERVISOR"), claims(supervisor).getList("groups"));
        assertNull(claims(supervisor).get("station"));
        assertNull(claims(supervisor).get("division"));
    }

    @Test
    void signInsFailuresAndLockoutsAreOnTheAuditTrail() {
        Account officer = StaffFixtures.officer("50010601");
        login(officer.username(), "wrong-password-0").then().statusCode(401);
        login(officer.username(), PASSWORD).then().statusCode(200);
        String admin = TestTokens.admin();
        given().auth().oauth2(admin).queryParam("actorId", officer.id().toString())
                .queryParam("action", "auth.staff.login").get("/api/v1/admin/audit").then().statusCode(200)
                .body("items[0].outcome", equalTo("SUCCESS")).body("items[0].actorType", equalTo("STAFF"))
                .body("items[0].actorLabel", equalTo("OFFICER @ 50010601"))
                .body("items[0].targetId", equalTo(officer.id().toString()));
        given().auth().oauth2(admin).queryParam("action", "auth.staff.*").queryParam("outcome", "FAILURE")
                .queryParam("limit", 100).get("/api/v1/admin/audit").then().statusCode(200)
                .body("items.targetId", hasItem(officer.id().toString()));
        // the success cleared the first failure: five more lock it
        for (int i = 0; i < 5; i++) {
            login(officer.username(), "wrong-password-" + i);
        }
        given().auth().oauth2(admin).queryParam("action", "auth.staff.lockout").queryParam("limit", 100)
                .get("/api/v1/admin/audit").then().statusCode(200)
                .body("items.targetId", hasItem(officer.id().toString()))
                .body("items.find { it.targetId == '" + officer.id() + "' }.outcome", equalTo("DENIED"));
        given().auth().oauth2(admin).get("/api/v1/admin/audit/verify").then().statusCode(200)
                .body("valid", equalTo(true));
    }

    @Test
    void signInValidatesItsInput() {
        given().contentType("application/json").body(Map.of("username", "someone")).post(StaffFixtures.LOGIN)
                .then().statusCode(400).contentType(PROBLEM).body("code", equalTo("validation-failed"))
                .body("invalidParams[0].name", equalTo("password"));
        login("not a username!", "whatever-password").then().statusCode(400).body("code", equalTo("validation-failed"))
                .body("invalidParams[0].name", equalTo("username"));
        given().contentType("application/json").body("{\"username\":").post(StaffFixtures.LOGIN).then()
                .statusCode(400).body("code", equalTo("malformed-request"));
    }

    private void setLockedUntil(String username, Instant until) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(
                        "update staff_login_throttle set locked_until = ? where username = ?")) {
            update.setObject(1, OffsetDateTime.ofInstant(until, ZoneOffset.UTC));
            update.setString(2, username);
            assertEquals(1, update.executeUpdate());
        }
    }
}
