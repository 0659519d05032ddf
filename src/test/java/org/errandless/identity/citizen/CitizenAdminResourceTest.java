package org.errandless.identity.citizen;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;
import java.util.UUID;

import org.errandless.common.security.Roles;
import org.errandless.identity.token.TokenPair;
import org.errandless.identity.token.TokenService;
import org.errandless.support.TestCitizens;
import org.errandless.support.TestOtp;
import org.errandless.support.TestTokens;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Admins disable and enable citizen accounts: a disabled citizen's tokens stop with the next request, refresh and
 * sign-in fail, and after enabling the citizen signs in again. Each change is on the audit trail.
 */
@QuarkusTest
class CitizenAdminResourceTest {

    private static final String CITIZENS = "/api/v1/admin/citizens/";

    @ParameterizedTest
    @ValueSource(strings = { "disable", "enable" })
    void needsAToken(String action) {
        given().post(CITIZENS + TestCitizens.signIn().accountId() + "/" + action).then().statusCode(401)
                .contentType("application/problem+json").body("code", equalTo("unauthorized"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "disable", "enable" })
    void onlyAdminsMay(String action) {
        TestCitizens.SignedIn citizen = TestCitizens.signIn();
        for (String token : new String[] { citizen.accessToken(),
                TestTokens.staff(Roles.OFFICER, "50010301").accessToken(),
                TestTokens.staff(Roles.SUPERVISOR, null).accessToken() }) {
            given().auth().oauth2(token).post(CITIZENS + citizen.accountId() + "/" + action).then().statusCode(403)
                    .contentType("application/problem+json").body("code", equalTo("forbidden"));
        }
        // refused means untouched: the citizen still gets in
        given().auth().oauth2(citizen.accessToken()).get("/api/v1/me").then().statusCode(200);
    }

    @ParameterizedTest
    @ValueSource(strings = { "disable", "enable" })
    void anUnknownAccountIs404(String action) {
        given().auth().oauth2(TestTokens.admin()).post(CITIZENS + UUID.randomUUID() + "/" + action).then()
                .statusCode(404).contentType("application/problem+json").body("code", equalTo("not-found"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "disable", "enable" })
    void badInputIs400(String action) {
        String admin = TestTokens.admin();
        given().auth().oauth2(admin).post(CITIZENS + "12345/" + action).then().statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("validation-failed"))
                .body("invalidParams[0].name", equalTo("accountId"));
        TestCitizens.SignedIn citizen = TestCitizens.signIn();
        String url = CITIZENS + citizen.accountId() + "/" + action;
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("reason", "x".repeat(201))).post(url)
                .then().statusCode(400).body("code", equalTo("validation-failed"))
                .body("invalidParams[0].name", equalTo("reason"));
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("reason", "the holder of 13800138000 asked")).post(url).then().statusCode(400)
                .body("code", equalTo("validation-failed")).body("invalidParams[0].code", equalTo("personal-data"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"reason\":").post(url).then()
                .statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(admin).contentType(ContentType.TEXT).body("stolen").post(url).then().statusCode(415)
                .contentType("application/problem+json").body("code", equalTo("unsupported-media-type"));
        // nothing of that changed the account
        given().auth().oauth2(citizen.accessToken()).get("/api/v1/me").then().statusCode(200);
    }

    @Test
    void disablingStopsTheCitizenAtOnceAndEnablingLetsThemBackIn() throws Exception {
        TestCitizens.SignedIn citizen = TestCitizens.signIn();
        given().auth().oauth2(citizen.accessToken()).get("/api/v1/me").then().statusCode(200);
        TokenPair admin = TestTokens.staff(Roles.ADMIN, null);

        given().auth().oauth2(admin.accessToken()).contentType(ContentType.JSON)
                .body(Map.of("reason", "reported stolen at the counter")).post(CITIZENS + citizen.accountId()
                        + "/disable")
                .then().statusCode(200).body("id", equalTo(citizen.accountId().toString()))
                .body("disabled", equalTo(true)).body("assuranceLevel", equalTo("L1"));
        // the very next request with the token it already holds, the refresh and a new sign-in all fail
        given().auth().oauth2(citizen.accessToken()).get("/api/v1/me").then().statusCode(401)
                .contentType("application/problem+json").body("code", equalTo("unauthorized"));
        given().auth().oauth2(citizen.accessToken()).post("/api/v1/auth/logout").then().statusCode(401);
        refresh(citizen.tokens().refreshToken()).then().statusCode(401).body("code", equalTo("unauthorized"));

        // without a body: the reason is optional
        given().auth().oauth2(admin.accessToken()).post(CITIZENS + citizen.accountId() + "/enable").then()
                .statusCode(200).body("disabled", equalTo(false));
        String fresh = TestOtp.verify(TestOtp.challenge(citizen.phone()), TestOtp.latestCode(citizen.phone()))
                .then().statusCode(200).extract().path("accessToken");
        given().auth().oauth2(fresh).get("/api/v1/me").then().statusCode(200)
                .body("id", equalTo(citizen.accountId().toString()));
        // the sign-ins revoked by the disable stay revoked
        given().auth().oauth2(citizen.accessToken()).get("/api/v1/me").then().statusCode(401);

        given().auth().oauth2(TestTokens.admin()).queryParam("action", "citizen.*")
                .queryParam("actorId", subjectOf(admin.accessToken())).get("/api/v1/admin/audit").then()
                .statusCode(200)
                .body("items.action", containsInAnyOrder("citizen.disable", "citizen.enable"))
                .body("items.targetId", containsInAnyOrder(citizen.accountId().toString(),
                        citizen.accountId().toString()))
                .body("items.find { it.action == 'citizen.disable' }.details.reason",
                        equalTo("reported stolen at the counter"));
    }

    @Test
    void aDisabledCitizenCannotSignIn() {
        // one code per phone in this test (the resend interval runs on the fixed business clock)
        TestCitizens.SignedIn citizen = TestCitizens.signIn();
        given().auth().oauth2(TestTokens.admin()).post(CITIZENS + citizen.accountId() + "/disable").then()
                .statusCode(200).body("disabled", equalTo(true));
        TestOtp.verify(TestOtp.challenge(citizen.phone()), TestOtp.latestCode(citizen.phone())).then()
                .statusCode(403).body("code", equalTo("forbidden"));
    }

    @Test
    void aTokenMintedInARaceWithTheDisableIsRefusedToo() {
        TestCitizens.SignedIn citizen = TestCitizens.signIn();
        given().auth().oauth2(TestTokens.admin()).post(CITIZENS + citizen.accountId() + "/disable").then()
                .statusCode(200);
        // a sign-in that read the account just before the disable committed mints a token of a new, unrevoked family
        CitizenAccounts accounts = Arc.container().instance(CitizenAccounts.class).get();
        CitizenAccount account = accounts.byId(citizen.accountId()).orElseThrow();
        TokenPair raced = Arc.container().instance(TokenService.class).get().issue(accounts.subjectOf(account));
        // logout does not look at the account itself: only the token check can refuse it
        given().auth().oauth2(raced.accessToken()).post("/api/v1/auth/logout").then().statusCode(401)
                .body("code", equalTo("unauthorized"));
    }

    private static io.restassured.response.Response refresh(String token) {
        return given().contentType(ContentType.JSON).body(Map.of("refreshToken", token)).post("/api/v1/auth/refresh");
    }

    private static String subjectOf(String accessToken) throws Exception {
        return new JwtConsumerBuilder().setSkipAllValidators().setDisableRequireSignature()
                .setSkipSignatureVerification().build().processToClaims(accessToken).getSubject();
    }
}
