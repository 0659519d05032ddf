package org.errandless.identity.otp;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.errandless.support.TestAddresses;
import org.errandless.support.TestCitizens;
import org.errandless.support.TestOtp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Phone sign-in over HTTP. The business clock stands still (2026-09-30T02:00:00Z), so each test uses its own phone
 * numbers and client addresses, and moves a challenge in time by rewriting its row where it needs a code to be older.
 */
@QuarkusTest
class OtpResourceTest {

    private static final String PROBLEM = "application/problem+json";

    @Inject
    AgroalDataSource dataSource;

    @Test
    void theWholeWalkFromCodeToRefresh() {
        String phone = TestCitizens.newPhone();
        String challengeId = TestOtp.request("+86" + phone).then().statusCode(202).contentType(ContentType.JSON)
                .body("challengeId", notNullValue()).body("expiresAt", equalTo("2026-09-30T02:05:00Z"))
                .body("resendAfterSeconds", equalTo(60)).extract().path("challengeId");
        String text = TestOtp.latestText(phone);
        assertTrue(text.startsWith("【重庆户籍】验证码 "), text);
        assertTrue(text.contains("5分钟内有效"), text);

        Map<String, Object> tokens = TestOtp.verify(challengeId, TestOtp.codeIn(text)).then().statusCode(200)
                .body("tokenType", equalTo("Bearer")).body("expiresIn", equalTo(900))
                .body("accessToken", notNullValue()).body("refreshToken", notNullValue()).extract().as(Map.class);

        String accountId = given().auth().oauth2((String) tokens.get("accessToken")).get("/api/v1/me").then()
                .statusCode(200).body("assuranceLevel", equalTo("L1")).body("phone", equalTo("+86" + phone))
                .extract().path("id");
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", tokens.get("refreshToken")))
                .post("/api/v1/auth/refresh").then().statusCode(200).body("accessToken", notNullValue());

        List<Map<String, String>> events = auditOf(challengeId);
        assertTrue(events.stream().anyMatch(event -> "auth.otp.request".equals(event.get("action"))
                && "ANONYMOUS".equals(event.get("actor_type")) && "SUCCESS".equals(event.get("outcome"))));
        assertTrue(events.stream().anyMatch(event -> "auth.otp.verify".equals(event.get("action"))
                && "CITIZEN".equals(event.get("actor_type")) && accountId.equals(event.get("actor_id"))
                && event.get("details").contains("\"firstSignIn\": \"true\"")));
        events.forEach(event -> assertFalse(String.valueOf(event).contains(phone), "the phone is in the audit trail"));
    }

    @Test
    void anExistingAccountSignsInAgain() {
        TestCitizens.SignedIn existing = TestCitizens.signIn();
        String challengeId = TestOtp.challenge(existing.phone());
        String access = TestOtp.verify(challengeId, TestOtp.latestCode(existing.phone())).then().statusCode(200)
                .extract().path("accessToken");
        given().auth().oauth2(access).get("/api/v1/me").then().statusCode(200)
                .body("id", equalTo(existing.accountId().toString()));
        assertTrue(auditOf(challengeId).stream().anyMatch(event -> "auth.otp.verify".equals(event.get("action"))
                && event.get("details").contains("\"firstSignIn\": \"false\"")));
    }

    @Test
    void aWrongCodeIs401AndCounted() throws SQLException {
        String phone = TestCitizens.newPhone();
        String challengeId = TestOtp.challenge(phone);
        String code = TestOtp.latestCode(phone);
        TestOtp.verify(challengeId, TestOtp.wrong(code)).then().statusCode(401).contentType(PROBLEM)
                .body("code", equalTo("otp-invalid")).body("detail", containsString("4 tries left"));
        assertEquals(1, attempts(challengeId));
        assertTrue(auditOf(challengeId).stream().anyMatch(event -> "auth.otp.verify".equals(event.get("action"))
                && "ANONYMOUS".equals(event.get("actor_type")) && "FAILURE".equals(event.get("outcome"))
                && event.get("details").contains("wrong-code")));
        // a wrong try does not spend the challenge
        TestOtp.verify(challengeId, code).then().statusCode(200);
    }

    @Test
    void theFifthWrongCodeLocksEvenAgainstTheRightOne() throws SQLException {
        String phone = TestCitizens.newPhone();
        String challengeId = TestOtp.challenge(phone);
        String code = TestOtp.latestCode(phone);
        for (int i = 1; i <= 4; i++) {
            TestOtp.verify(challengeId, TestOtp.wrong(code)).then().statusCode(401)
                    .body("code", equalTo("otp-invalid"));
        }
        TestOtp.verify(challengeId, TestOtp.wrong(code)).then().statusCode(423).contentType(PROBLEM)
                .body("code", equalTo("otp-locked"));
        TestOtp.verify(challengeId, code).then().statusCode(423).body("code", equalTo("otp-locked"));
        assertEquals(5, attempts(challengeId));
    }

    @Test
    void anExpiredCodeIs410() throws SQLException {
        String phone = TestCitizens.newPhone();
        String challengeId = TestOtp.challenge(phone);
        String code = TestOtp.latestCode(phone);
        update("update otp_challenge set expires_at = timestamptz '2026-09-30T01:59:59Z' where id = ?", challengeId);
        TestOtp.verify(challengeId, code).then().statusCode(410).contentType(PROBLEM)
                .body("code", equalTo("otp-expired"));
    }

    @Test
    void aCodeWorksOnce() {
        String phone = TestCitizens.newPhone();
        String challengeId = TestOtp.challenge(phone);
        String code = TestOtp.latestCode(phone);
        TestOtp.verify(challengeId, code).then().statusCode(200);
        TestOtp.verify(challengeId, code).then().statusCode(401).contentType(PROBLEM)
                .body("code", equalTo("otp-invalid"));
    }

    @Test
    void ofTwoConcurrentSignInsWithOneCodeExactlyOneSucceeds() throws Exception {
        String phone = TestCitizens.newPhone();
        String challengeId = TestOtp.challenge(phone);
        String code = TestOtp.latestCode(phone);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                statuses.add(pool.submit(() -> {
                    start.await();
                    return TestOtp.verify(challengeId, code).statusCode();
                }));
            }
            start.countDown();
            List<Integer> answered = new ArrayList<>();
            for (Future<Integer> status : statuses) {
                answered.add(status.get(60, TimeUnit.SECONDS));
            }
            answered.sort(null);
            assertEquals(List.of(200, 401), answered);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anUnknownChallengeIs401() {
        TestOtp.verify(UUID.randomUUID().toString(), "123456").then().statusCode(401).contentType(PROBLEM)
                .body("code", equalTo("otp-invalid"));
    }

    @Test
    void aNewCodeReplacesTheOldOne() throws SQLException {
        String phone = TestCitizens.newPhone();
        String first = TestOtp.challenge(phone);
        String firstCode = TestOtp.latestCode(phone);
        makeOlder(first, 61);
        String second = TestOtp.challenge(phone);
        String secondCode = TestOtp.latestCode(phone);
        TestOtp.verify(first, firstCode).then().statusCode(410).body("code", equalTo("otp-expired"));
        TestOtp.verify(second, secondCode).then().statusCode(200);
    }

    @Test
    void aResendWithinSixtySecondsIs429() {
        String phone = TestCitizens.newPhone();
        TestOtp.challenge(phone);
        TestOtp.request(phone).then().statusCode(429).contentType(PROBLEM).body("code", equalTo("rate-limited"))
                .header("Retry-After", equalTo("60"));
    }

    @Test
    void theEleventhCodeInAnHourIs429() throws SQLException {
        String phone = TestCitizens.newPhone();
        for (int i = 0; i < 10; i++) {
            // each code is made a minute older than the resend interval, all within the hour
            makeOlder(TestOtp.challenge(phone), 61);
        }
        TestOtp.request(phone).then().statusCode(429).contentType(PROBLEM).body("code", equalTo("rate-limited"))
                .header("Retry-After", equalTo(Integer.toString(3600 - 61)));
        TestOtp.request(TestCitizens.newPhone()).then().statusCode(202);
    }

    @Test
    void oneClientAddressIsLimited() {
        // the test profile allows 5 per hour per address
        String address = TestAddresses.newAddress();
        for (int i = 0; i < 5; i++) {
            TestOtp.request(TestCitizens.newPhone(), address).then().statusCode(202);
        }
        TestOtp.request(TestCitizens.newPhone(), address).then().statusCode(429).contentType(PROBLEM)
                .body("code", equalTo("rate-limited")).header("Retry-After", equalTo("3600"));
        TestOtp.request(TestCitizens.newPhone(), TestAddresses.newAddress()).then().statusCode(202);
    }

    @Test
    void signInTriesFromOneClientAddressAreLimited() {
        // the test profile allows 10 per hour per address; unknown challenges are the cheapest tries
        String address = TestAddresses.newAddress();
        for (int i = 0; i < 10; i++) {
            TestOtp.verify(UUID.randomUUID().toString(), "123456", address).then().statusCode(401);
        }
        TestOtp.verify(UUID.randomUUID().toString(), "123456", address).then().statusCode(429).contentType(PROBLEM)
                .body("code", equalTo("rate-limited")).header("Retry-After", equalTo("3600"));
        String phone = TestCitizens.newPhone();
        TestOtp.verify(TestOtp.challenge(phone), TestOtp.latestCode(phone)).then().statusCode(200);
    }

    @ParameterizedTest
    @ValueSource(strings = { "02363800000", "023-63800000", "1380000000", "138000000012", "1380000000a",
            "abcdefghijk", "+12025550123", "12800000001", "+86 13800000001", "" })
    void anythingButAMainlandMobileIs400(String phone) {
        TestOtp.request(phone).then().statusCode(400).contentType(PROBLEM).body("code", equalTo("validation-failed"))
                .body("invalidParams", hasSize(1)).body("invalidParams[0].name", equalTo("phone"));
    }

    @Test
    void aMissingPhoneOrBodyIs400() {
        given().header(TestAddresses.HEADER, TestAddresses.newAddress()).contentType(ContentType.JSON).body("{}")
                .post("/api/v1/auth/otp").then().statusCode(400).contentType(PROBLEM)
                .body("code", equalTo("validation-failed")).body("invalidParams[0].name", equalTo("phone"))
                .body("invalidParams[0].code", equalTo("required"));
        given().contentType(ContentType.JSON).post("/api/v1/auth/otp").then().statusCode(400).contentType(PROBLEM)
                .body("code", equalTo("validation-failed"));
    }

    @Test
    void malformedJsonIs400() {
        given().contentType(ContentType.JSON).body("{\"phone\": ").post("/api/v1/auth/otp").then().statusCode(400)
                .contentType(PROBLEM).body("code", equalTo("malformed-request"));
        given().contentType(ContentType.JSON).body("{\"challengeId\": ").post("/api/v1/auth/otp/verify").then()
                .statusCode(400).contentType(PROBLEM).body("code", equalTo("malformed-request"));
    }

    @Test
    void aBadVerificationBodyIs400() {
        TestOtp.verify(UUID.randomUUID().toString(), "12345").then().statusCode(400).contentType(PROBLEM)
                .body("code", equalTo("validation-failed")).body("invalidParams[0].name", equalTo("code"));
        TestOtp.verify("not-a-uuid", "123456").then().statusCode(400).contentType(PROBLEM)
                .body("code", equalTo("validation-failed")).body("invalidParams[0].name", equalTo("challengeId"));
        given().contentType(ContentType.JSON).body("{}").post("/api/v1/auth/otp/verify").then().statusCode(400)
                .contentType(PROBLEM).body("code", equalTo("validation-failed")).body("invalidParams", hasSize(2));
    }

    @Test
    void theCodeAndThePhoneAreNotStoredInClear() throws SQLException {
        String phone = TestCitizens.newPhone();
        String challengeId = TestOtp.challenge(phone);
        String code = TestOtp.latestCode(phone);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "select phone_cipher, phone_hash, code_hash from otp_challenge where id = ?")) {
            select.setObject(1, UUID.fromString(challengeId));
            try (ResultSet row = select.executeQuery()) {
                assertTrue(row.next());
                assertTrue(row.getString(1).startsWith("v1:"));
                for (int column = 1; column <= 3; column++) {
                    assertFalse(row.getString(column).contains(phone));
                    assertFalse(row.getString(column).contains(code));
                }
                assertNotEquals(code, row.getString(3));
            }
        }
    }

    private int attempts(String challengeId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "select attempts from otp_challenge where id = ?")) {
            select.setObject(1, UUID.fromString(challengeId));
            try (ResultSet row = select.executeQuery()) {
                assertTrue(row.next());
                return row.getInt(1);
            }
        }
    }

    private void makeOlder(String challengeId, int seconds) throws SQLException {
        update("update otp_challenge set created_at = created_at - make_interval(secs => " + seconds
                + "), expires_at = expires_at - make_interval(secs => " + seconds + ") where id = ?", challengeId);
    }

    private void update(String sql, String challengeId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(sql)) {
            update.setObject(1, UUID.fromString(challengeId));
            assertEquals(1, update.executeUpdate());
        }
    }

    private List<Map<String, String>> auditOf(String challengeId) {
        List<Map<String, String>> events = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("select action, actor_type, actor_id, outcome, "
                        + "coalesce(details::text, '') from audit_event where target_type = 'otp-challenge' "
                        + "and target_id = ? order by seq")) {
            select.setString(1, challengeId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Map<String, String> event = new java.util.HashMap<>();
                    event.put("action", rows.getString(1));
                    event.put("actor_type", rows.getString(2));
                    event.put("actor_id", rows.getString(3));
                    event.put("outcome", rows.getString(4));
                    event.put("details", rows.getString(5));
                    events.add(event);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return events;
    }
}
