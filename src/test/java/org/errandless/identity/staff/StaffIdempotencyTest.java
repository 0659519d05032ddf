package org.errandless.identity.staff;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.errandless.support.TestTokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** A lost answer to "create staff" is retried safely with the same Idempotency-Key. */
@QuarkusTest
class StaffIdempotencyTest {

    private static Map<String, Object> officer(String username) {
        Map<String, Object> body = new HashMap<>();
        body.put("username", username);
        body.put("password", "long-enough-password");
        body.put("displayName", "Retry test officer");
        body.put("roles", List.of("OFFICER"));
        body.put("stationCode", "50010301");
        return body;
    }

    @Test
    void retryReplaysTheCreationInsteadOfConflicting() {
        String admin = TestTokens.admin();
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = officer(StaffFixtures.uniqueUsername("Retry"));
        String id = given().auth().oauth2(admin).header("Idempotency-Key", key).contentType("application/json")
                .body(body).post(StaffFixtures.ADMIN_STAFF).then().statusCode(201).extract().path("id");
        given().auth().oauth2(admin).header("Idempotency-Key", key).contentType("application/json").body(body)
                .post(StaffFixtures.ADMIN_STAFF).then().statusCode(201).header("Idempotent-Replayed", "true")
                .body("id", equalTo(id));
        given().auth().oauth2(admin).header("Idempotency-Key", key).contentType("application/json")
                .body(officer(StaffFixtures.uniqueUsername("Other"))).post(StaffFixtures.ADMIN_STAFF).then()
                .statusCode(422).contentType("application/problem+json")
                .body("code", equalTo("idempotency-key-reused"));
    }
}
