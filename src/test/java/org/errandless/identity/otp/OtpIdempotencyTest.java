package org.errandless.identity.otp;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;
import java.util.UUID;

import org.errandless.support.TestAddresses;
import org.errandless.support.TestCitizens;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Asking for a code proves no caller (anyone may send a phone number), so it keeps no answer to replay (issue 11
 * item 1): a retry after a lost answer, with whatever key, meets the phone's resend interval and sends no second SMS,
 * and nobody who sends the same phone and key learns the challenge.
 */
@QuarkusTest
class OtpIdempotencyTest {

    @Test
    void aRetriedCodeRequestSendsOneSmsAndRevealsNoChallenge() {
        String phone = TestCitizens.newPhone();
        String key = UUID.randomUUID().toString();
        String challenge = given().header(TestAddresses.HEADER, TestAddresses.newAddress())
                .header("Idempotency-Key", key).contentType("application/json").body(Map.of("phone", phone))
                .post("/api/v1/auth/otp").then().statusCode(202).extract().path("challengeId");
        given().header(TestAddresses.HEADER, TestAddresses.newAddress()).header("Idempotency-Key", key)
                .contentType("application/json").body(Map.of("phone", phone)).post("/api/v1/auth/otp").then()
                .statusCode(429).header("Idempotent-Replayed", nullValue()).header("Retry-After", not(nullValue()))
                .body("code", equalTo("rate-limited")).body("challengeId", nullValue())
                .body(not(org.hamcrest.Matchers.containsString(challenge)));
        given().auth().oauth2(TestTokens.admin()).queryParam("phone", phone).get("/api/v1/admin/sms-outbox").then()
                .statusCode(200).body("items", hasSize(1));
    }
}
