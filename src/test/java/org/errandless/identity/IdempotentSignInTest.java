package org.errandless.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.errandless.common.security.Roles;
import org.errandless.common.web.idempotency.IdempotencyRecords;
import org.errandless.identity.token.TokenPair;
import org.errandless.support.TestCitizens;
import org.errandless.support.TestOtp;
import org.errandless.support.TestPartners;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Issue 11 item 1 on the endpoints that authenticate in the request: a stored answer is replayed only to a request
 * proving the same credential, only within the retry window, and a refresh answer only while the client has not moved
 * on. Each test reproduces a hole found on main (where it failed: the answer was replayed).
 */
@QuarkusTest
class IdempotentSignInTest {

    private static final String PROTECTED = "/test-support/errors/admin-only";

    @Inject
    DataSource dataSource;
    @Inject
    IdempotencyRecords records;

    @Test
    void aPartnerTokenIsNotReplayedToARequestWithoutTheClientsCredentials() {
        TestPartners.Client client = TestPartners.create(10, "registry.person.read");
        String key = UUID.randomUUID().toString();
        String token = clientToken(key).auth().preemptive().basic(client.clientId(), client.secret())
                .post(TestPartners.TOKEN).then().statusCode(200).extract().path("access_token");

        // the same key and body without Authorization: on main, 200 with the same token, replayed
        clientToken(key).post(TestPartners.TOKEN).then().statusCode(401).header("Idempotent-Replayed", nullValue())
                .body("error", equalTo("invalid_client")).body("access_token", nullValue());
        // or with a wrong secret
        clientToken(key).auth().preemptive().basic(client.clientId(), client.secret() + "x")
                .post(TestPartners.TOKEN).then().statusCode(401).header("Idempotent-Replayed", nullValue())
                .body("error", equalTo("invalid_client"));
        // the client itself, retrying, gets its answer again
        clientToken(key).auth().preemptive().basic(client.clientId(), client.secret()).post(TestPartners.TOKEN)
                .then().statusCode(200).header("Idempotent-Replayed", "true").body("access_token", equalTo(token));
    }

    @Test
    void aCodeSignInIsReplayedOnlyWithinTheRetryWindow() throws SQLException {
        String phone = TestCitizens.newPhone();
        String challenge = TestOtp.challenge(phone);
        String code = TestOtp.latestCode(phone);
        String key = UUID.randomUUID().toString();
        Response first = verify(key, challenge, code);
        first.then().statusCode(200);
        verify(key, challenge, code).then().statusCode(200).header("Idempotent-Replayed", "true")
                .body("refreshToken", equalTo(first.path("refreshToken")));

        // a minute later the pair is gone from the database; on main it was replayed for 24 h to whoever sent the
        // spent code again
        ageWindow(key);
        assertTrue(records.forgetExpiredSecrets() >= 1);
        assertEquals(0, storedAnswers(key), "the pair is deleted, not just ignored");
        verify(key, challenge, code).then().statusCode(401).header("Idempotent-Replayed", nullValue())
                .body("code", equalTo("otp-invalid"));
    }

    @Test
    void aRefreshReplayAfterTheClientMovedOnRevokesTheSignIn() {
        TokenPair signIn = TestTokens.staff(Roles.ADMIN, null);
        String key = UUID.randomUUID().toString();
        TokenPair pair = refresh(signIn.refreshToken(), key).then().statusCode(200).extract().as(TokenPair.class);
        // the client moves on: it uses the new refresh token
        TokenPair next = refresh(pair.refreshToken(), UUID.randomUUID().toString()).then().statusCode(200).extract()
                .as(TokenPair.class);
        given().auth().oauth2(next.accessToken()).get(PROTECTED).then().statusCode(200);

        // a captured copy of the first request, replayed: on main, 200 with the pair again
        refresh(signIn.refreshToken(), key).then().statusCode(401).header("Idempotent-Replayed", nullValue())
                .contentType("application/problem+json").body("code", equalTo("unauthorized"));
        // and it counts as reuse of the spent token: the whole sign-in ends
        given().auth().oauth2(next.accessToken()).get(PROTECTED).then().statusCode(401);
        refresh(next.refreshToken(), UUID.randomUUID().toString()).then().statusCode(401);
    }

    @Test
    void aRefreshRetryAfterTheWindowIsAReuseOfTheSpentToken() throws SQLException {
        TokenPair signIn = TestTokens.staff(Roles.ADMIN, null);
        String key = UUID.randomUUID().toString();
        TokenPair pair = refresh(signIn.refreshToken(), key).then().statusCode(200).extract().as(TokenPair.class);
        ageWindow(key);
        refresh(signIn.refreshToken(), key).then().statusCode(401).header("Idempotent-Replayed", nullValue());
        given().auth().oauth2(pair.accessToken()).get(PROTECTED).then().statusCode(401);
    }

    @Test
    void aRefreshRetryWithinTheWindowBeforeMovingOnGetsTheSamePair() {
        TokenPair signIn = TestTokens.staff(Roles.ADMIN, null);
        String key = UUID.randomUUID().toString();
        Response first = refresh(signIn.refreshToken(), key);
        first.then().statusCode(200);
        Response retry = refresh(signIn.refreshToken(), key);
        retry.then().statusCode(200).header("Idempotent-Replayed", "true");
        assertEquals(first.asString(), retry.asString());
        TokenPair pair = retry.as(TokenPair.class);
        TokenPair next = refresh(pair.refreshToken(), UUID.randomUUID().toString()).then().statusCode(200).extract()
                .as(TokenPair.class);
        assertNotEquals(pair.refreshToken(), next.refreshToken());
    }

    private static RequestSpecification clientToken(String key) {
        return given().header("Idempotency-Key", key).contentType(ContentType.URLENC)
                .formParam("grant_type", "client_credentials");
    }

    private static Response verify(String key, String challenge, String code) {
        return given().header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(Map.of("challengeId", challenge, "code", code)).post("/api/v1/auth/otp/verify");
    }

    private static Response refresh(String refreshToken, String key) {
        return given().contentType("application/json").header("Idempotency-Key", key)
                .body(Map.of("refreshToken", refreshToken)).post("/api/v1/auth/refresh");
    }

    /** Moves the end of a stored answer's retry window into the past, as if a minute had gone by. */
    private void ageWindow(String key) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement("UPDATE idempotency_record "
                        + "SET forget_after = forget_after - interval '61 seconds' WHERE idempotency_key = ?")) {
            update.setString(1, key);
            assertEquals(1, update.executeUpdate(), "no stored answer with a retry window");
        }
    }

    /** Records of this key that still hold an answer body. */
    private int storedAnswers(String key) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT count(*) FROM idempotency_record "
                        + "WHERE idempotency_key = ? AND response_body IS NOT NULL")) {
            select.setString(1, key);
            try (ResultSet row = select.executeQuery()) {
                assertTrue(row.next());
                return row.getInt(1);
            }
        }
    }
}
