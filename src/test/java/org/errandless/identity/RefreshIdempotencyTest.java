package org.errandless.identity;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Map;
import java.util.UUID;

import org.errandless.common.security.Roles;
import org.errandless.identity.token.TokenPair;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * {@code POST /api/v1/auth/refresh} with {@code Idempotency-Key}: a client that lost the answer gets the same pair
 * again, while any other reuse of a spent refresh token still ends the sign-in.
 */
@QuarkusTest
class RefreshIdempotencyTest {

    private static final String PROTECTED = "/test-support/errors/admin-only";

    @Test
    void aRetryWithTheSameKeyGetsTheSamePair() {
        TokenPair signIn = TestTokens.staff(Roles.ADMIN, null);
        String key = UUID.randomUUID().toString();

        Response first = refresh(signIn.refreshToken(), key);
        first.then().statusCode(200).header("Idempotent-Replayed", nullValue());
        TokenPair pair = first.as(TokenPair.class);

        Response retry = refresh(signIn.refreshToken(), key);
        retry.then().statusCode(200).contentType("application/json").header("Idempotent-Replayed", "true");
        assertEquals(first.asString(), retry.asString());

        // the replay spent nothing: the pair works, and the sign-in goes on
        given().auth().oauth2(pair.accessToken()).get(PROTECTED).then().statusCode(200);
        TokenPair next = refresh(pair.refreshToken(), UUID.randomUUID().toString()).then().statusCode(200)
                .extract().as(TokenPair.class);
        assertNotEquals(pair.refreshToken(), next.refreshToken());
        given().auth().oauth2(next.accessToken()).get(PROTECTED).then().statusCode(200);
    }

    @Inject
    DataSource dataSource;

    @Test
    void theStoredAnswerDoesNotRevealTheTokens() throws Exception {
        TokenPair signIn = TestTokens.staff(Roles.ADMIN, null);
        String key = UUID.randomUUID().toString();
        TokenPair pair = refresh(signIn.refreshToken(), key).then().statusCode(200).extract().as(TokenPair.class);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT response_body FROM idempotency_record WHERE idempotency_key = ?")) {
            select.setString(1, key);
            try (ResultSet row = select.executeQuery()) {
                assertTrue(row.next());
                String stored = new String(row.getBytes(1), StandardCharsets.ISO_8859_1);
                assertFalse(stored.contains(pair.refreshToken()), "refresh token stored in clear");
                assertFalse(stored.contains(pair.accessToken().substring(0, 40)), "access token stored in clear");
            }
        }
        // and the sealed answer still replays
        refresh(signIn.refreshToken(), key).then().statusCode(200).header("Idempotent-Replayed", "true")
                .body("refreshToken", equalTo(pair.refreshToken()));
    }

    @Test
    void aSpentTokenUnderAnotherKeyStillRevokesTheFamily() {
        TokenPair signIn = TestTokens.staff(Roles.ADMIN, null);
        TokenPair pair = refresh(signIn.refreshToken(), UUID.randomUUID().toString()).then().statusCode(200)
                .extract().as(TokenPair.class);

        refresh(signIn.refreshToken(), UUID.randomUUID().toString()).then().statusCode(401)
                .contentType("application/problem+json").body("code", equalTo("unauthorized"));

        given().auth().oauth2(pair.accessToken()).get(PROTECTED).then().statusCode(401);
        refresh(pair.refreshToken(), UUID.randomUUID().toString()).then().statusCode(401)
                .body("code", equalTo("unauthorized"));
    }

    @Test
    void aSpentTokenWithoutAKeyStillRevokesTheFamily() {
        TokenPair signIn = TestTokens.staff(Roles.ADMIN, null);
        TokenPair pair = refresh(signIn.refreshToken(), UUID.randomUUID().toString()).then().statusCode(200)
                .extract().as(TokenPair.class);

        given().contentType("application/json").body(Map.of("refreshToken", signIn.refreshToken()))
                .post("/api/v1/auth/refresh").then().statusCode(401);
        given().auth().oauth2(pair.accessToken()).get(PROTECTED).then().statusCode(401);
    }

    @Test
    void theSameKeyForAnotherTokenIsAnotherCallersKey() {
        String key = UUID.randomUUID().toString();
        TokenPair first = TestTokens.staff(Roles.ADMIN, null);
        refresh(first.refreshToken(), key).then().statusCode(200);
        // keys belong to their caller, here the refresh token: another token's request with that key is its own
        TokenPair other = TestTokens.staff(Roles.ADMIN, null);
        refresh(other.refreshToken(), key).then().statusCode(200).header("Idempotent-Replayed", nullValue());
    }

    @Test
    void theSameKeyWithAnotherBodyIs422() {
        String key = UUID.randomUUID().toString();
        TokenPair signIn = TestTokens.staff(Roles.ADMIN, null);
        TokenPair pair = refresh(signIn.refreshToken(), key).then().statusCode(200).extract().as(TokenPair.class);
        given().contentType("application/json").header("Idempotency-Key", key)
                .body(Map.of("refreshToken", signIn.refreshToken(), "note", "x")).post("/api/v1/auth/refresh").then()
                .statusCode(422).contentType("application/problem+json")
                .body("code", equalTo("idempotency-key-reused"));
        // refused before it ran: nothing was reused, the new pair goes on
        refresh(pair.refreshToken(), UUID.randomUUID().toString()).then().statusCode(200);
    }

    @Test
    void aMalformedKeyIs400() {
        refresh(TestTokens.staff(Roles.ADMIN, null).refreshToken(), "x".repeat(256)).then().statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("validation-failed"))
                .body("invalidParams[0].name", equalTo("Idempotency-Key"));
    }

    private static Response refresh(String refreshToken, String key) {
        return given().contentType("application/json").header("Idempotency-Key", key)
                .body(Map.of("refreshToken", refreshToken)).post("/api/v1/auth/refresh");
    }
}
