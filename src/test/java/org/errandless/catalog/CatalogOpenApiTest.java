package org.errandless.catalog;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The published contract of the catalogue and calendar endpoints: tags, problem responses, examples. */
@QuarkusTest
class CatalogOpenApiTest {

    private static final String PROBLEM_REF = "#/components/schemas/Problem";

    @Test
    void operationsAreTaggedDocumentedAndNameTheirProblems() {
        given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                .body("paths.'/api/v1/services'.get.tags", contains("Catalogue"))
                .body("paths.'/api/v1/services'.get.summary", notNullValue())
                .body("paths.'/api/v1/services'.get.responses.'200'.content.'application/json'.examples",
                        hasKey("catalogue"))
                .body("paths.'/api/v1/services'.get.responses.'200'.content.'application/json'.schema.'$ref'",
                        equalTo("#/components/schemas/ServiceItemPage"))
                .body("components.schemas.ServiceItemPage.properties.items.items.'$ref'",
                        equalTo("#/components/schemas/ServiceItem"))
                .body("paths.'/api/v1/services/{code}'.get.tags", contains("Catalogue"))
                .body("paths.'/api/v1/services/{code}'.get.responses.'404'.content.'application/problem+json'.schema.'$ref'",
                        equalTo(PROBLEM_REF))
                .body("paths.'/api/v1/services/{code}'.get.parameters.find { it.name == 'code' }.example",
                        equalTo("BIRTH_REGISTRATION"))
                .body("paths.'/api/v1/calendar/{year}'.get.tags", contains("Calendar"))
                .body("paths.'/api/v1/calendar/{year}'.get.responses.'400'.content.'application/problem+json'.schema.'$ref'",
                        equalTo(PROBLEM_REF))
                .body("paths.'/api/v1/calendar/due-date'.get.tags", contains("Calendar"))
                .body("paths.'/api/v1/calendar/due-date'.get.responses.'400'.content.'application/problem+json'.schema.'$ref'",
                        equalTo(PROBLEM_REF))
                .body("paths.'/api/v1/calendar/due-date'.get.parameters.find { it.name == 'from' }.example",
                        equalTo("2026-09-30"))
                .body("components.schemas.ServiceItem.properties", hasKey("timeLimit"))
                .body("components.schemas.ServiceItem.properties", not(hasKey("instant")))
                .body("paths.'/api/v1/services'.get.security", org.hamcrest.Matchers.empty());
    }
}
