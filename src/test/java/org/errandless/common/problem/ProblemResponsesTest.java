package org.errandless.common.problem;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Every error a client can provoke is RFC 9457 problem+json with a stable code (API.md). */
@QuarkusTest
class ProblemResponsesTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void unknownPathIs404() {
        given().when().get("/api/v1/no-such-thing").then().statusCode(404).contentType(PROBLEM)
                .body("code", equalTo("not-found")).body("status", equalTo(404))
                .body("instance", equalTo("/api/v1/no-such-thing"));
        given().when().get("/definitely/not/here").then().statusCode(404).contentType(PROBLEM)
                .body("code", equalTo("not-found"));
    }

    @Test
    void wrongMethodIs405() {
        given().when().delete("/test-support/errors").then().statusCode(405).contentType(PROBLEM)
                .body("code", equalTo("method-not-allowed"));
    }

    @Test
    void malformedJsonIs400MalformedRequest() {
        given().contentType("application/json").body("{not json").when().post("/test-support/errors").then()
                .statusCode(400).contentType(PROBLEM).body("code", equalTo("malformed-request"));
    }

    @Test
    void beanValidationIs400WithInvalidParams() {
        given().contentType("application/json").body("{\"name\":\"\"}").when().post("/test-support/errors").then()
                .statusCode(400).contentType(PROBLEM).body("code", equalTo("validation-failed"))
                .body("invalidParams.name", hasItem("name")).body("invalidParams.name", hasItem("count"))
                .body("invalidParams.code", hasItem("required"));
        given().queryParam("count", 9).when().get("/test-support/errors").then().statusCode(400).contentType(PROBLEM)
                .body("code", equalTo("validation-failed")).body("invalidParams[0].name", equalTo("count"))
                .body("invalidParams[0].code", equalTo("out-of-range"));
    }

    @Test
    void wrongJsonTypeIs400ValidationFailed() {
        given().contentType("application/json").body("{\"name\":\"a\",\"count\":\"many\"}").when()
                .post("/test-support/errors").then().statusCode(400).contentType(PROBLEM)
                .body("code", equalTo("validation-failed")).body("invalidParams[0].name", equalTo("count"));
    }

    @Test
    void unacceptableMediaTypeIs406() {
        given().accept("application/xml").when().get("/test-support/errors").then().statusCode(406)
                .contentType(PROBLEM).body("code", equalTo("not-acceptable"));
    }

    @Test
    void unsupportedMediaTypeIs415() {
        given().contentType("text/plain").body("hello").when().post("/test-support/errors").then().statusCode(415)
                .contentType(PROBLEM).body("code", equalTo("unsupported-media-type"));
    }

    @Test
    void bodyTooLargeIs413() {
        byte[] body = new byte[2 * 1024 * 1024];
        java.util.Arrays.fill(body, (byte) ' ');
        given().contentType("application/json").body(body).when().post("/test-support/errors").then().statusCode(413)
                .contentType(PROBLEM).body("code", equalTo("payload-too-large"));
    }

    @Test
    void missingTokenIs401WithChallenge() {
        given().when().get("/test-support/errors/admin-only").then().statusCode(401).contentType(PROBLEM)
                .header("WWW-Authenticate", containsString("Bearer")).body("code", equalTo("unauthorized"));
        given().auth().oauth2("not-a-jwt").when().get("/test-support/errors/admin-only").then().statusCode(401)
                .contentType(PROBLEM).body("code", equalTo("unauthorized"));
    }

    @Test
    void unexpectedErrorIs500WithCorrelationIdAndNoInternals() {
        given().header("X-Request-Id", "trace-me-42").when().get("/test-support/errors/boom").then().statusCode(500)
                .contentType(PROBLEM).body("code", equalTo("internal-error"))
                .body("correlationId", equalTo("trace-me-42")).header("X-Request-Id", "trace-me-42")
                .body(not(containsString("select"))).body(not(containsString("IllegalState")));
    }

    @Test
    void titlesFollowAcceptLanguage() {
        given().header("Accept-Language", "en").when().get("/api/v1/no-such-thing").then().statusCode(404)
                .body("title", equalTo("Not found"));
        given().when().get("/api/v1/no-such-thing").then().statusCode(404).body("title", equalTo("资源不存在"));
    }

    @Test
    void everyResponseCarriesARequestId() {
        given().when().get("/q/health/live").then().statusCode(200).header("X-Request-Id", notNullValue());
        given().header("X-Request-Id", "abc-123").when().get("/q/health/live").then()
                .header("X-Request-Id", "abc-123");
        // an insane client id (too long, odd characters) is replaced by a generated one
        given().header("X-Request-Id", "x".repeat(200)).when().get("/q/health/live").then()
                .header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"));
    }
}
