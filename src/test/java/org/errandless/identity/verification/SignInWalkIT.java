package org.errandless.identity.verification;

import static io.restassured.RestAssured.given;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;

/**
 * The sign-in walk against the packaged application with the demo person 张伟, whose mobile the demo carrier knows;
 * this run's database is its own, so binding him touches no other test.
 */
@QuarkusIntegrationTest
class SignInWalkIT extends SignInWalk {

    @Override
    String adminToken() {
        // the test profile's bootstrap admin (test-only credentials)
        return given().contentType(ContentType.JSON)
                .body(Map.of("username", "bootstrap.admin", "password", "test-only-admin-password"))
                .post("/api/v1/auth/staff/login").then().statusCode(200).extract().path("accessToken");
    }

    @Test
    void demoPersonFromCodeToL3AndTheftDetection() {
        walk("13800000001", "张伟", "500103198803120516");
    }
}
