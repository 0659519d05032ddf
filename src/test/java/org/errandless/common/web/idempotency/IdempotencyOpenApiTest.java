package org.errandless.common.web.idempotency;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** {@code @Idempotent} operations are documented with the header, the 409 and 422 answers, and no marker left. */
@QuarkusTest
class IdempotencyOpenApiTest {

    private static final String REFRESH = "paths.'/api/v1/auth/refresh'.post";

    @Test
    void idempotentOperationsDocumentTheKey() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("components.parameters.IdempotencyKey.name", equalTo("Idempotency-Key"))
                .body("components.parameters.IdempotencyKey.in", equalTo("header"))
                .body("components.parameters.IdempotencyKey.required", equalTo(false))
                .body("components.parameters.IdempotencyKey.example", notNullValue())
                .body(REFRESH + ".parameters.'$ref'", hasItem("#/components/parameters/IdempotencyKey"))
                .body(REFRESH + ".responses.'409'.content.'application/problem+json'.examples", notNullValue())
                .body(REFRESH + ".responses.'422'.description", containsString("idempotency-key-reused"))
                .body(REFRESH + ".responses.'200'.headers.'Idempotent-Replayed'", notNullValue())
                .body(not(containsString(IdempotencyOpenApi.MARKER)));
    }

    @Test
    void otherOperationsDoNotMentionIt() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("paths.'/api/v1/auth/logout'.post.parameters", org.hamcrest.Matchers.nullValue());
    }
}
