package org.errandless.identity.staff;

import static io.restassured.RestAssured.given;
import static org.errandless.identity.staff.StaffFixtures.PASSWORD;
import static org.errandless.identity.staff.StaffFixtures.claims;
import static org.errandless.identity.staff.StaffFixtures.login;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import org.errandless.common.security.Roles;
import org.errandless.common.time.BusinessClock;
import org.errandless.common.time.TestBusinessClock;
import org.errandless.identity.mfa.Base32;
import org.errandless.identity.mfa.Totp;
import org.errandless.identity.staff.StaffFixtures.Account;
import org.errandless.support.Bursts;
import org.errandless.support.TestCitizens;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * Issue 15 item 3, over HTTP against the real stack: TOTP enrolment, the two-step sign-in, wrong codes, replays,
 * recovery codes, the shared lockout, 403 {@code mfa-required} on admin endpoints and officer decisions, the enrolment
 * grace period, staff session limits, disabling and the admin reset. Codes are computed here from the secret the
 * enrolment shows, at the business clock's time (fixed, and moved where a test needs time to pass). Every test makes
 * its own accounts.
 */
@QuarkusTest
class StaffMfaTest {

    private static final String PROBLEM = "application/problem+json";
    private static final String MFA = "/api/v1/auth/staff/mfa";
    private static final String ENROLMENT = MFA + "/enrolment";
    private static final String DECISIONS = "/api/v1/applications/";
    private static final List<String> TRANSITIONS = List.of("accept", "request-supplement", "approve", "reject",
            "suspend", "resume", "complete");

    private final Totp totp = new Totp();

    @Inject
    BusinessClock clock;

    @AfterEach
    void resetClock() {
        TestBusinessClock.reset();
    }

    @Test
    void enrolConfirmAndSignInWithACode() {
        Account officer = StaffFixtures.officer("50010301");
        Response first = login(officer.username(), PASSWORD);
        first.then().statusCode(200).body("mfaEnrolmentRequired", equalTo(true))
                .body("mfaEnrolBy", equalTo(clock.now().plus(Duration.ofDays(7)).toString()));
        String token = first.path("accessToken");
        JsonPath passwordOnly = claims(token);
        assertEquals(List.of("pwd"), passwordOnly.getList("amr"));
        assertEquals("AAL1", passwordOnly.getString("acr"));
        assertEquals(clock.now().plus(Duration.ofDays(7)).getEpochSecond(), passwordOnly.getLong("mfa_enrol_by"));
        given().auth().oauth2(token).get(ENROLMENT).then().statusCode(200).body("state", equalTo("NONE"))
                .body("enrolmentRequired", equalTo(true)).body("recoveryCodesLeft", nullValue());

        Response started = given().auth().oauth2(token).post(ENROLMENT);
        started.then().statusCode(201).header("Location", endsWith(ENROLMENT)).header("Cache-Control", "no-store")
                .body("secret", matchesPattern("[A-Z2-7]{32}")).body("algorithm", equalTo("SHA1"))
                .body("digits", equalTo(6)).body("period", equalTo(30)).body("issuer", equalTo("Errandless"))
                .body("accountName", equalTo(officer.username()));
        String secret = started.path("secret");
        assertEquals("otpauth://totp/Errandless:" + officer.username() + "?secret=" + secret
                + "&issuer=Errandless&algorithm=SHA1&digits=6&period=30", started.path("otpauthUri"));
        given().auth().oauth2(token).get(ENROLMENT).then().statusCode(200).body("state", equalTo("PENDING"));
        // a password sign-in needs no code until the enrolment is confirmed
        login(officer.username(), PASSWORD).then().statusCode(200);

        confirm(token, wrongCode(secret)).then().statusCode(422).contentType(PROBLEM)
                .body("code", equalTo("mfa-code-invalid"));
        List<String> recoveryCodes = confirm(token, code(secret, 0)).then().statusCode(200)
                .header("Cache-Control", "no-store").body("recoveryCodes", hasSize(10))
                .body("issuedAt", equalTo(clock.now().toString())).extract().path("recoveryCodes");
        assertEquals(10, new HashSet<>(recoveryCodes).size());
        recoveryCodes.forEach(code -> assertTrue(code.matches("[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}"), code));
        given().auth().oauth2(token).get(ENROLMENT).then().statusCode(200).body("state", equalTo("ACTIVE"))
                .body("recoveryCodesLeft", equalTo(10)).body("enrolmentRequired", equalTo(false))
                .body("enrolledAt", equalTo(clock.now().toString()));
        given().auth().oauth2(token).post(ENROLMENT).then().statusCode(409).body("code", equalTo("mfa-already-enrolled"));
        confirm(token, code(secret, 1)).then().statusCode(409).body("code", equalTo("mfa-already-enrolled"));

        // the password now opens the second step
        Response challenged = login(officer.username(), PASSWORD);
        challenged.then().statusCode(401).contentType(PROBLEM).header("Cache-Control", "no-store")
                .header("WWW-Authenticate", "Bearer").body("code", equalTo("mfa-required"))
                .body("mfaToken", matchesPattern("mfa_[A-Za-z0-9_-]{43}"))
                .body("mfaTokenExpiresAt", equalTo(clock.now().plus(Duration.ofMinutes(5)).toString()))
                .body("accessToken", nullValue());
        // the code of the next time step is accepted (a phone's clock may be ahead); the confirmation used this one
        Response signedIn = secondStep(challenged.path("mfaToken"), code(secret, 1));
        signedIn.then().statusCode(200).header("Cache-Control", "no-store").body("mfaEnrolmentRequired", equalTo(false))
                .body("mfaEnrolBy", nullValue());
        JsonPath withCode = claims(signedIn.path("accessToken"));
        assertEquals(List.of("pwd", "otp", "mfa"), withCode.getList("amr"));
        assertEquals("AAL2", withCode.getString("acr"));
        assertNull(withCode.get("mfa_enrol_by"));
        assertEquals("50010301", withCode.getString("station"));

        // a refresh keeps how the sign-in was made
        String refreshed = refresh(signedIn.path("refreshToken")).then().statusCode(200).extract().path("accessToken");
        assertEquals(List.of("pwd", "otp", "mfa"), claims(refreshed).getList("amr"));
        assertEquals("AAL2", claims(refreshed).getString("acr"));

        String admin = TestTokens.admin();
        given().auth().oauth2(admin).queryParam("actorId", officer.id().toString()).queryParam("action", "staff.mfa.*")
                .queryParam("limit", 100).get("/api/v1/admin/audit").then().statusCode(200)
                .body("items.action", hasItem("staff.mfa.enrolment-start"))
                .body("items.action", hasItem("staff.mfa.enrol"));
        given().auth().oauth2(admin).queryParam("actorId", officer.id().toString())
                .queryParam("action", "auth.staff.login").get("/api/v1/admin/audit").then().statusCode(200)
                .body("items[0].details.secondFactor", equalTo("totp"));
        given().auth().oauth2(admin).get("/api/v1/admin/audit/verify").then().statusCode(200)
                .body("valid", equalTo(true));
    }

    @Test
    void aWrongCodeIsRefusedAndNoCodeIsAcceptedTwice() {
        Account officer = StaffFixtures.officer("50010501");
        Enrolled enrolled = enrol(officer);
        String challenge = mfaToken(officer);
        secondStep(challenge, wrongCode(enrolled.secret())).then().statusCode(401).contentType(PROBLEM)
                .body("code", equalTo("mfa-code-invalid"));
        // the confirmation used the current step: its code is spent
        secondStep(challenge, code(enrolled.secret(), 0)).then().statusCode(401)
                .body("code", equalTo("mfa-code-invalid"));
        // a wrong code does not spend the challenge
        secondStep(challenge, code(enrolled.secret(), 1)).then().statusCode(200);
        // the challenge completed one sign-in
        secondStep(challenge, code(enrolled.secret(), 1)).then().statusCode(401)
                .body("code", equalTo("mfa-challenge-invalid"));
        // the same code in a new sign-in is a replay; so is an earlier step's
        String next = mfaToken(officer);
        secondStep(next, code(enrolled.secret(), 1)).then().statusCode(401).body("code", equalTo("mfa-code-invalid"));
        secondStep(next, code(enrolled.secret(), -1)).then().statusCode(401).body("code", equalTo("mfa-code-invalid"));
        // half a minute later the next code works
        TestBusinessClock.advance(Duration.ofSeconds(30));
        secondStep(next, code(enrolled.secret(), 1)).then().statusCode(200);
        // a code two steps away from now is refused
        TestBusinessClock.advance(Duration.ofSeconds(90));
        secondStep(mfaToken(officer), code(enrolled.secret(), 2)).then().statusCode(401)
                .body("code", equalTo("mfa-code-invalid"));
    }

    @Test
    void eachRecoveryCodeWorksOnceAndNewOnesReplaceTheOld() {
        Account officer = StaffFixtures.officer("50010601");
        Enrolled enrolled = enrol(officer);
        String first = enrolled.recoveryCodes().get(0);
        // any case, with or without the hyphen
        Response signedIn = secondStep(mfaToken(officer), first.replace("-", "").toLowerCase());
        signedIn.then().statusCode(200);
        assertEquals("AAL2", claims(signedIn.path("accessToken")).getString("acr"));
        secondStep(mfaToken(officer), first).then().statusCode(401).body("code", equalTo("mfa-code-invalid"));
        String token = secondStep(mfaToken(officer), enrolled.recoveryCodes().get(1)).then().statusCode(200).extract()
                .path("accessToken");
        given().auth().oauth2(token).get(ENROLMENT).then().body("recoveryCodesLeft", equalTo(8));

        given().auth().oauth2(token).contentType("application/json").body(Map.of("code", wrongCode(enrolled.secret())))
                .post(MFA + "/recovery-codes").then().statusCode(422).body("code", equalTo("mfa-code-invalid"));
        List<String> fresh = given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("code", code(enrolled.secret(), 1))).post(MFA + "/recovery-codes").then()
                .statusCode(200).header("Cache-Control", "no-store").body("recoveryCodes", hasSize(10)).extract()
                .path("recoveryCodes");
        given().auth().oauth2(token).get(ENROLMENT).then().body("recoveryCodesLeft", equalTo(10));
        // the old set stopped working, the new one works
        secondStep(mfaToken(officer), enrolled.recoveryCodes().get(2)).then().statusCode(401)
                .body("code", equalTo("mfa-code-invalid"));
        secondStep(mfaToken(officer), fresh.get(0)).then().statusCode(200);
        given().auth().oauth2(TestTokens.admin()).queryParam("actorId", officer.id().toString())
                .queryParam("action", "auth.staff.login").get("/api/v1/admin/audit").then().statusCode(200)
                .body("items[0].details.secondFactor", equalTo("recovery-code"));
    }

    @Test
    void wrongCodesCountTowardTheLockoutAndThePasswordStepDoesNotResetIt() {
        Account officer = StaffFixtures.officer("50011201");
        Enrolled enrolled = enrol(officer);
        // the password step stays counted until a code completes it: password, wrong, password, wrong ...
        String challenge = mfaToken(officer); // 1
        secondStep(challenge, wrongCode(enrolled.secret())).then().statusCode(401); // 2
        mfaToken(officer); // 3
        secondStep(challenge, wrongCode(enrolled.secret())).then().statusCode(401); // 4
        // the fifth attempt locks the username, whatever it is
        secondStep(challenge, wrongCode(enrolled.secret())).then().statusCode(423).contentType(PROBLEM)
                .body("code", equalTo("account-locked")).header("Retry-After", "900");
        secondStep(challenge, code(enrolled.secret(), 1)).then().statusCode(423).body("code", equalTo("account-locked"));
        login(officer.username(), PASSWORD).then().statusCode(423);
        given().auth().oauth2(enrolled.passwordToken()).contentType("application/json")
                .body(Map.of("code", code(enrolled.secret(), 1))).post(MFA + "/recovery-codes").then()
                .statusCode(423).body("code", equalTo("account-locked"));
        given().auth().oauth2(TestTokens.admin()).queryParam("action", "auth.staff.lockout").queryParam("limit", 100)
                .get("/api/v1/admin/audit").then().statusCode(200)
                .body("items.targetId", hasItem(officer.id().toString()));

        TestBusinessClock.advance(Duration.ofMinutes(15));
        secondStep(mfaToken(officer), code(enrolled.secret(), 0)).then().statusCode(200);
    }

    @Test
    void aRightCodeClearsTheCount() {
        Account officer = StaffFixtures.officer("50010301");
        Enrolled enrolled = enrol(officer);
        String challenge = mfaToken(officer);
        for (int i = 0; i < 3; i++) {
            secondStep(challenge, wrongCode(enrolled.secret())).then().statusCode(401);
        }
        secondStep(challenge, code(enrolled.secret(), 1)).then().statusCode(200);
        // four more attempts are allowed again before the fifth locks
        challenge = mfaToken(officer);
        for (int i = 0; i < 3; i++) {
            secondStep(challenge, wrongCode(enrolled.secret())).then().statusCode(401);
        }
        secondStep(challenge, wrongCode(enrolled.secret())).then().statusCode(423);
    }

    @Test
    void adminEndpointsAndOfficerDecisionsNeedTheSecondFactor() {
        String passwordOnlyAdmin = TestTokens.staffWithoutSecondFactor(Roles.ADMIN, null).accessToken();
        given().auth().oauth2(passwordOnlyAdmin).get(StaffFixtures.ADMIN_STAFF).then().statusCode(403)
                .contentType(PROBLEM).body("code", equalTo("mfa-required"));
        given().auth().oauth2(passwordOnlyAdmin).get("/api/v1/admin/audit/verify").then().statusCode(403)
                .body("code", equalTo("mfa-required"));
        given().auth().oauth2(TestTokens.admin()).get(StaffFixtures.ADMIN_STAFF).then().statusCode(200);

        String passwordOnlyOfficer = TestTokens.staffWithoutSecondFactor(Roles.OFFICER, "50010301").accessToken();
        String officer = TestTokens.staff(Roles.OFFICER, "50010301").accessToken();
        String unknown = DECISIONS + UUID.randomUUID() + "/";
        for (String transition : TRANSITIONS) {
            given().auth().oauth2(passwordOnlyOfficer).header("If-Match", "\"x\"").contentType("application/json")
                    .body("{}").post(unknown + transition).then().statusCode(403).contentType(PROBLEM)
                    .body("code", equalTo("mfa-required"));
            // with the second factor the request reaches the application's own rules
            given().auth().oauth2(officer).header("If-Match", "\"x\"").contentType("application/json").body("{}")
                    .post(unknown + transition).then().statusCode(not(equalTo(403)));
        }
        // so do the staff decisions on reviews: an officer's appeal, a supervisor's rectification or appeal decision
        given().auth().oauth2(passwordOnlyOfficer).contentType("application/json").body("{\"reason\": \"x\"}")
                .post(DECISIONS + UUID.randomUUID() + "/evaluation/appeal").then().statusCode(403)
                .body("code", equalTo("mfa-required"));
        String passwordOnlySupervisor = TestTokens.staffWithoutSecondFactor(Roles.SUPERVISOR, null).accessToken();
        for (String decision : List.of("rectification", "appeal/decision")) {
            given().auth().oauth2(passwordOnlySupervisor).contentType("application/json").body("{\"note\": \"x\"}")
                    .post("/api/v1/supervision/evaluations/" + UUID.randomUUID() + "/" + decision).then()
                    .statusCode(403).body("code", equalTo("mfa-required"));
        }
        given().auth().oauth2(passwordOnlySupervisor).get("/api/v1/supervision/evaluations").then().statusCode(200);
        // reading needs no second factor
        given().auth().oauth2(passwordOnlyOfficer).get("/api/v1/officer/queue").then().statusCode(200);
        // roles still come first: a citizen is forbidden, not asked for a second factor
        String citizen = TestCitizens.signIn().tokens().accessToken();
        given().auth().oauth2(citizen).get(StaffFixtures.ADMIN_STAFF).then().statusCode(403)
                .body("code", equalTo("forbidden"));
        given().auth().oauth2(passwordOnlyOfficer).get(StaffFixtures.ADMIN_STAFF).then().statusCode(403)
                .body("code", equalTo("forbidden"));
        given().get(StaffFixtures.ADMIN_STAFF).then().statusCode(401);
    }

    @Test
    void withinTheGracePeriodThePasswordIsEnoughThenTheSecondFactorIsRequired() {
        Account admin = StaffFixtures.admin();
        String token = login(admin.username(), PASSWORD).then().statusCode(200).extract().path("accessToken");
        given().auth().oauth2(token).get(StaffFixtures.ADMIN_STAFF).then().statusCode(200);

        TestBusinessClock.advance(Duration.ofDays(7));
        // the same token, at the end of the grace period
        given().auth().oauth2(token).get(StaffFixtures.ADMIN_STAFF).then().statusCode(403)
                .body("code", equalTo("mfa-required"));
        Response late = login(admin.username(), PASSWORD);
        late.then().statusCode(200).body("mfaEnrolmentRequired", equalTo(true))
                .body("mfaEnrolBy", equalTo(clock.now().toString()));
        String lateToken = late.path("accessToken");
        assertNull(claims(lateToken).get("mfa_enrol_by"));
        given().auth().oauth2(lateToken).get(StaffFixtures.ADMIN_STAFF).then().statusCode(403)
                .body("code", equalTo("mfa-required"));
        // so is a demo officer's (the demo skip is off here)
        String demoOfficer = login("officer.50010301", "demo-password-2026").then().statusCode(200).extract()
                .path("accessToken");
        given().auth().oauth2(demoOfficer).header("If-Match", "\"x\"").contentType("application/json").body("{}")
                .post(DECISIONS + UUID.randomUUID() + "/approve").then().statusCode(403)
                .body("code", equalTo("mfa-required"));

        // enrolling is still possible, and a sign-in with the code may do everything again
        String secret = given().auth().oauth2(lateToken).post(ENROLMENT).then().statusCode(201).extract().path("secret");
        confirm(lateToken, code(secret, 0)).then().statusCode(200);
        String signedIn = secondStep(mfaToken(admin), code(secret, 1)).then().statusCode(200).extract()
                .path("accessToken");
        given().auth().oauth2(signedIn).get(StaffFixtures.ADMIN_STAFF).then().statusCode(200);
    }

    @Test
    void anAccountThatEnrolsLosesItsGraceAtTheNextRefresh() {
        Account admin = StaffFixtures.admin();
        Response login = login(admin.username(), PASSWORD);
        String token = login.path("accessToken");
        String secret = given().auth().oauth2(token).post(ENROLMENT).then().statusCode(201).extract().path("secret");
        confirm(token, code(secret, 0)).then().statusCode(200);
        String refreshed = refresh(login.path("refreshToken")).then().statusCode(200).extract().path("accessToken");
        assertNull(claims(refreshed).get("mfa_enrol_by"));
        given().auth().oauth2(refreshed).get(StaffFixtures.ADMIN_STAFF).then().statusCode(403)
                .body("code", equalTo("mfa-required"));
    }

    @Test
    void staffSessionsEndAfterTwelveHours() {
        Account officer = StaffFixtures.officer("50010501");
        String refreshToken = login(officer.username(), PASSWORD).then().statusCode(200).extract()
                .path("refreshToken");
        // refreshed every 29 minutes, never idle: still ended 12 hours after the sign-in
        Duration elapsed = Duration.ZERO;
        while (elapsed.plusMinutes(29).compareTo(Duration.ofHours(12)) < 0) {
            elapsed = elapsed.plusMinutes(29);
            TestBusinessClock.advance(elapsed);
            refreshToken = refresh(refreshToken).then().statusCode(200).extract().path("refreshToken");
        }
        TestBusinessClock.advance(Duration.ofHours(12));
        Response ended = refresh(refreshToken);
        ended.then().statusCode(401).contentType(PROBLEM).body("code", equalTo("unauthorized"));
        // the sign-in is revoked: no second chance with the same token
        TestBusinessClock.advance(elapsed);
        refresh(refreshToken).then().statusCode(401);
    }

    @Test
    void staffSessionsEndAfterThirtyMinutesIdleCitizensDoNot() {
        Account officer = StaffFixtures.officer("50010601");
        Response login = login(officer.username(), PASSWORD);
        String accessToken = login.path("accessToken");
        TestBusinessClock.advance(Duration.ofMinutes(29));
        String refreshToken = refresh(login.path("refreshToken")).then().statusCode(200).extract().path("refreshToken");
        TestBusinessClock.advance(Duration.ofMinutes(59));
        refresh(refreshToken).then().statusCode(401).body("code", equalTo("unauthorized"));
        // the whole sign-in ended, its access tokens too
        given().auth().oauth2(accessToken).get(ENROLMENT).then().statusCode(401);

        TestBusinessClock.reset();
        String citizenRefresh = TestCitizens.signIn().tokens().refreshToken();
        TestBusinessClock.advance(Duration.ofDays(2));
        refresh(citizenRefresh).then().statusCode(200);
    }

    @Test
    void disablingNeedsACodeAndEndsEverySignIn() {
        Account officer = StaffFixtures.officer("50010301");
        Enrolled enrolled = enrol(officer);
        Response signedIn = secondStep(mfaToken(officer), code(enrolled.secret(), 1));
        String token = signedIn.path("accessToken");
        disable(token, wrongCode(enrolled.secret())).then().statusCode(422).body("code", equalTo("mfa-code-invalid"));
        disable(token, code(enrolled.secret(), 1)).then().statusCode(422).body("code", equalTo("mfa-code-invalid"));
        TestBusinessClock.advance(Duration.ofSeconds(30));
        disable(token, code(enrolled.secret(), 1)).then().statusCode(204);
        given().auth().oauth2(token).get(ENROLMENT).then().statusCode(401);
        refresh(signedIn.path("refreshToken")).then().statusCode(401);
        String again = login(officer.username(), PASSWORD).then().statusCode(200).extract().path("accessToken");
        given().auth().oauth2(again).get(ENROLMENT).then().statusCode(200).body("state", equalTo("NONE"));
        disable(again, code(enrolled.secret(), 2)).then().statusCode(409).body("code", equalTo("mfa-not-enrolled"));
        given().auth().oauth2(again).contentType("application/json").body(Map.of("code", "123456"))
                .post(MFA + "/recovery-codes").then().statusCode(409).body("code", equalTo("mfa-not-enrolled"));
        confirm(again, "123456").then().statusCode(409).body("code", equalTo("mfa-enrolment-not-started"));
    }

    @Test
    void anAdminResetsASecondFactorOnTheAuditTrail() {
        Account officer = StaffFixtures.officer("50010501");
        Enrolled enrolled = enrol(officer);
        String token = secondStep(mfaToken(officer), code(enrolled.secret(), 1)).then().statusCode(200).extract()
                .path("accessToken");
        String open = mfaToken(officer);
        String admin = TestTokens.admin();
        given().auth().oauth2(admin).delete(StaffFixtures.ADMIN_STAFF + "/" + officer.id() + "/mfa").then()
                .statusCode(204);
        given().auth().oauth2(token).get(ENROLMENT).then().statusCode(401);
        // an open second step died with it
        TestBusinessClock.advance(Duration.ofSeconds(30));
        secondStep(open, code(enrolled.secret(), 0)).then().statusCode(401)
                .body("code", equalTo("mfa-challenge-invalid"));
        login(officer.username(), PASSWORD).then().statusCode(200).body("mfaEnrolmentRequired", equalTo(true));
        given().auth().oauth2(admin).queryParam("action", "staff.mfa.reset").queryParam("limit", 100)
                .get("/api/v1/admin/audit").then().statusCode(200)
                .body("items.find { it.targetId == '" + officer.id() + "' }.details.hadSecondFactor", equalTo("true"));

        // someone else's account: an officer may not, a password-only admin must use the second factor
        given().auth().oauth2(TestTokens.staff(Roles.OFFICER, "50010501").accessToken())
                .delete(StaffFixtures.ADMIN_STAFF + "/" + officer.id() + "/mfa").then().statusCode(403)
                .body("code", equalTo("forbidden"));
        given().auth().oauth2(TestTokens.staffWithoutSecondFactor(Roles.ADMIN, null).accessToken())
                .delete(StaffFixtures.ADMIN_STAFF + "/" + officer.id() + "/mfa").then().statusCode(403)
                .body("code", equalTo("mfa-required"));
        given().auth().oauth2(admin).delete(StaffFixtures.ADMIN_STAFF + "/" + UUID.randomUUID() + "/mfa").then()
                .statusCode(404).body("code", equalTo("not-found"));
        given().auth().oauth2(admin).delete(StaffFixtures.ADMIN_STAFF + "/not-an-id/mfa").then().statusCode(404);
        given().delete(StaffFixtures.ADMIN_STAFF + "/" + officer.id() + "/mfa").then().statusCode(401);
    }

    @Test
    void theNewEndpointsRefuseStrangersOthersAndBadInput() {
        for (String path : List.of(ENROLMENT, ENROLMENT + "/confirm", ENROLMENT + "/disable", MFA + "/recovery-codes")) {
            given().contentType("application/json").body(Map.of("code", "123456")).post(path).then().statusCode(401)
                    .contentType(PROBLEM).body("code", equalTo("unauthorized"));
        }
        given().get(ENROLMENT).then().statusCode(401);
        String citizen = TestCitizens.signIn().tokens().accessToken();
        given().auth().oauth2(citizen).get(ENROLMENT).then().statusCode(403).body("code", equalTo("forbidden"));
        given().auth().oauth2(citizen).post(ENROLMENT).then().statusCode(403).body("code", equalTo("forbidden"));
        // a token whose staff account does not exist
        String nobody = TestTokens.staff(Roles.OFFICER, "50010301").accessToken();
        given().auth().oauth2(nobody).get(ENROLMENT).then().statusCode(404).body("code", equalTo("not-found"));
        given().auth().oauth2(nobody).post(ENROLMENT).then().statusCode(404).body("code", equalTo("not-found"));

        Account officer = StaffFixtures.officer("50011201");
        String token = login(officer.username(), PASSWORD).then().statusCode(200).extract().path("accessToken");
        given().auth().oauth2(token).contentType("application/json").body("{}").post(ENROLMENT + "/confirm").then()
                .statusCode(400).body("code", equalTo("validation-failed")).body("invalidParams[0].name",
                        equalTo("code"));
        given().auth().oauth2(token).contentType("application/json").body(Map.of("code", "1".repeat(33)))
                .post(ENROLMENT + "/confirm").then().statusCode(400).body("code", equalTo("validation-failed"));
        given().auth().oauth2(token).contentType("application/json").body("{\"code\":").post(ENROLMENT + "/disable")
                .then().statusCode(400).body("code", equalTo("malformed-request"));
        given().contentType("application/json").body(Map.of("code", "123456")).post(MFA).then().statusCode(400)
                .body("code", equalTo("validation-failed")).body("invalidParams[0].name", equalTo("mfaToken"));
        given().contentType("application/json").body(Map.of("mfaToken", "mfa_nothing", "code", "123456")).post(MFA)
                .then().statusCode(401).body("code", equalTo("mfa-challenge-invalid"));

        // a challenge lasts five minutes
        Enrolled enrolled = enrol(StaffFixtures.officer("50011201"));
        String challenge = mfaToken(enrolled.account());
        TestBusinessClock.advance(Duration.ofMinutes(5));
        secondStep(challenge, code(enrolled.secret(), 0)).then().statusCode(401)
                .body("code", equalTo("mfa-challenge-invalid"));
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyGetsTheSameTokens() {
        Account officer = StaffFixtures.officer("50010301");
        Enrolled enrolled = enrol(officer);
        String challenge = mfaToken(officer);
        Map<String, String> body = Map.of("mfaToken", challenge, "code", code(enrolled.secret(), 1));
        String first = given().header("Idempotency-Key", "mfa-retry-1").contentType("application/json").body(body)
                .post(MFA).then().statusCode(200).extract().path("accessToken");
        String again = given().header("Idempotency-Key", "mfa-retry-1").contentType("application/json").body(body)
                .post(MFA).then().statusCode(200).header("Idempotent-Replayed", "true").extract().path("accessToken");
        assertEquals(first, again);
        assertNotEquals(first, secondStep(mfaToken(officer), enrolled.recoveryCodes().get(0)).path("accessToken"));
    }

    @Test
    void twentyParallelWrongCodesGetNoMoreTriesThanTheLockoutAllows() throws Exception {
        Account officer = StaffFixtures.officer("50010501");
        Enrolled enrolled = enrol(officer);
        String challenge = mfaToken(officer); // the first attempt of the count
        String wrong = wrongCode(enrolled.secret());
        List<Integer> statuses = Bursts.run(20, () -> secondStep(challenge, wrong).statusCode());
        assertEquals(3, Collections.frequency(statuses, 401), statuses.toString());
        assertEquals(17, Collections.frequency(statuses, 423), statuses.toString());
        secondStep(challenge, code(enrolled.secret(), 1)).then().statusCode(423);
    }

    @Test
    void oneCodeSentInTwoSignInsAtOnceSignsInOnce() throws Exception {
        Account officer = StaffFixtures.officer("50010601");
        Enrolled enrolled = enrol(officer);
        String code = code(enrolled.secret(), 1);
        List<String> challenges = List.of(mfaToken(officer), mfaToken(officer));
        List<Callable<Integer>> calls = List.of(() -> secondStep(challenges.get(0), code).statusCode(),
                () -> secondStep(challenges.get(1), code).statusCode());
        List<Integer> statuses = Bursts.start(calls).results();
        assertEquals(1, Collections.frequency(statuses, 200), statuses.toString());
        assertEquals(1, Collections.frequency(statuses, 401), statuses.toString());
    }

    // --- helpers

    private Enrolled enrol(Account account) {
        String token = login(account.username(), PASSWORD).then().statusCode(200).extract().path("accessToken");
        String secret = given().auth().oauth2(token).post(ENROLMENT).then().statusCode(201).extract().path("secret");
        List<String> codes = confirm(token, code(secret, 0)).then().statusCode(200).extract().path("recoveryCodes");
        return new Enrolled(account, secret, codes, token);
    }

    record Enrolled(Account account, String secret, List<String> recoveryCodes, String passwordToken) {
    }

    /** The code of the secret for the time step {@code offset} steps from the business clock's. */
    private String code(String secret, int offset) {
        return totp.code(Base32.decode(secret), Totp.step(clock.now()) + offset);
    }

    /** A code that is none of the window's around now. */
    private String wrongCode(String secret) {
        for (int candidate = 0;; candidate++) {
            String code = String.format("%06d", candidate);
            boolean inWindow = false;
            for (int offset = -2; offset <= 2; offset++) {
                inWindow |= code.equals(code(secret, offset));
            }
            if (!inWindow) {
                return code;
            }
        }
    }

    private static String mfaToken(Account account) {
        return login(account.username(), PASSWORD).then().statusCode(401).body("code", equalTo("mfa-required"))
                .extract().path("mfaToken");
    }

    private static Response secondStep(String mfaToken, String code) {
        return given().contentType("application/json").body(Map.of("mfaToken", mfaToken, "code", code)).post(MFA);
    }

    private static Response confirm(String token, String code) {
        return given().auth().oauth2(token).contentType("application/json").body(Map.of("code", code))
                .post(ENROLMENT + "/confirm");
    }

    private static Response disable(String token, String code) {
        return given().auth().oauth2(token).contentType("application/json").body(Map.of("code", code))
                .post(ENROLMENT + "/disable");
    }

    private static Response refresh(String refreshToken) {
        return given().contentType("application/json").body(Map.of("refreshToken", refreshToken))
                .post("/api/v1/auth/refresh");
    }
}
