package org.errandless.identity.otp;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.util.Map;
import java.util.UUID;

import org.errandless.support.TestAddresses;
import org.errandless.support.TestCitizens;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** On a flaky network, asking for a code again with the same Idempotency-Key sends no second SMS. */
@QuarkusTest
class OtpIdempotencyTest {

    @Test
    void aRetriedCodeRequestReplaysTheChallengeAndSendsOneSms() {
        String phone = TestCitizens.newPhone();
        String key = UUID.randomUUID().toString();
        String address = TestAddresses.newAddress();
        String challenge = given().header(TestAddresses.HEADER, address).header("Idempotency-Key", key)
                .contentType("application/json").body(Map.of("phone", phone)).post("/api/v1/auth/otp").then()
                .statusCode(202).extract().path("challengeId");
        given().header(TestAddresses.HEADER, address).header("Idempotency-Key", key).contentType("application/json")
                .body(Map.of("phone", phone)).post("/api/v1/auth/otp").then().statusCode(202)
                .header("Idempotent-Replayed", "true").body("challengeId", equalTo(challenge));
        given().auth().oauth2(TestTokens.admin()).queryParam("phone", phone).get("/api/v1/admin/sms-outbox").then()
                .statusCode(200).body("items", hasSize(1));
    }
}
