package org.errandless.catalog;

import org.errandless.common.security.AssuranceLevel;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.errandless.common.web.ETags;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** GET /api/v1/services and /api/v1/services/{code}: the seeded catalogue, ETags, 304 and 404. */
@QuarkusTest
class CatalogResourceTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void listsTheSixServicesInCatalogueOrder() {
        given().when().get("/api/v1/services").then().statusCode(200).contentType("application/json")
                .header("ETag", notNullValue()).header("Cache-Control", containsString("no-cache"))
                .body("items", hasSize(6))
                .body("items.code", contains("BIRTH_REGISTRATION", "MOVE_IN", "HOUSEHOLD_CERTIFICATE",
                        "ID_CARD_RENEWAL", "ADDRESS_CHANGE", "DEATH_DEREGISTRATION"))
                .body("nextCursor", nullValue())
                .body("items.name.zh", contains("出生登记", "户口迁入（市内购房/投靠）", "户籍证明", "居民身份证换领", "住址变更",
                        "死亡注销"))
                .body("items.timeLimit.amount", contains(1, 20, 0, 60, 5, 1))
                .body("items.timeLimit.unit", contains("WORKING_DAYS", "WORKING_DAYS", "WORKING_DAYS",
                        "CALENDAR_DAYS", "WORKING_DAYS", "WORKING_DAYS"))
                .body("items.minimumAssuranceLevel", contains("L2", "L3", "L2", "L3", "L2", "L2"))
                .body("items.handlingMode", contains("FULLY_ONLINE", "FULLY_ONLINE", "FULLY_ONLINE",
                        "ONLINE_WITH_PICKUP", "FULLY_ONLINE", "FULLY_ONLINE"))
                .body("items.handOverStep", contains(false, false, false, true, false, false))
                .body("items.formSchema.type", contains("object", "object", "object", "object", "object", "object"))
                .body("items[0]", not(hasKey("instant")));
    }

    @Test
    void listCarriesEveryServicesMaterials() {
        given().when().get("/api/v1/services").then().statusCode(200)
                .body("items[0].materials.code", contains("BIRTH_MEDICAL_CERTIFICATE", "MARRIAGE_CERTIFICATE"))
                .body("items[0].materials.source", contains("SHARED", "SHARED"))
                .body("items[0].materials.sourceDepartment", contains("HEALTH", "CIVIL_AFFAIRS"))
                .body("items[0].materials.required", contains(true, false))
                .body("items[1].materials.code", contains("PROPERTY_CERTIFICATE", "RELATIONSHIP_PROOF", "ID_PHOTO"))
                .body("items[1].materials.oneOfGroup", contains("SETTLEMENT_BASIS", "SETTLEMENT_BASIS", null))
                .body("items[1].materials.sourceDepartment", contains("HOUSING", null, null))
                .body("items[2].materials.source", contains("REGISTRY"))
                .body("items[3].materials.code", contains("ID_PHOTO"))
                .body("items[4].materials.code", contains("PROPERTY_CERTIFICATE", "TENANCY_PROOF"))
                .body("items[4].materials.oneOfGroup", contains("NEW_ADDRESS_PROOF", "NEW_ADDRESS_PROOF"))
                .body("items[5].materials.code", contains("DEATH_MEDICAL_CERTIFICATE"))
                .body("items[5].materials.name.en", contains("Medical certificate of death"));
    }

    @Test
    void getsOneService() {
        given().when().get("/api/v1/services/ID_CARD_RENEWAL").then().statusCode(200).contentType("application/json")
                .header("ETag", notNullValue())
                .body("code", equalTo("ID_CARD_RENEWAL"))
                .body("name.zh", equalTo("居民身份证换领")).body("name.en", equalTo("Resident ID card renewal"))
                .body("timeLimit.amount", equalTo(60)).body("timeLimit.unit", equalTo("CALENDAR_DAYS"))
                .body("minimumAssuranceLevel", equalTo("L3")).body("handlingMode", equalTo("ONLINE_WITH_PICKUP"))
                .body("handOverStep", equalTo(true))
                .body("materials", hasSize(1)).body("materials[0].code", equalTo("ID_PHOTO"))
                .body("materials[0].source", equalTo("UPLOAD")).body("materials[0].required", equalTo(true));
        given().when().get("/api/v1/services/HOUSEHOLD_CERTIFICATE").then().statusCode(200)
                .body("timeLimit.amount", equalTo(0)).body("timeLimit.unit", equalTo("WORKING_DAYS"));
    }

    @Test
    void unknownServiceIs404ServiceNotFound() {
        given().when().get("/api/v1/services/PASSPORT").then().statusCode(404).contentType(PROBLEM)
                .header("ETag", nullValue())
                .body("code", equalTo("service-not-found")).body("status", equalTo(404))
                .body("title", equalTo("服务事项不存在")).body("instance", equalTo("/api/v1/services/PASSPORT"))
                .body("detail", containsString("PASSPORT"));
        // codes are case-sensitive
        given().when().get("/api/v1/services/move_in").then().statusCode(404).contentType(PROBLEM)
                .body("code", equalTo("service-not-found"));
        given().header("Accept-Language", "en").when().get("/api/v1/services/PASSPORT").then().statusCode(404)
                .contentType(PROBLEM).body("title", equalTo("Unknown service"));
    }

    @Test
    void etagIsTheHashOfTheBodyServed() {
        Response list = given().when().get("/api/v1/services");
        assertEquals(ETags.strong(list.asByteArray()), list.getHeader("ETag"));
        Response one = given().when().get("/api/v1/services/MOVE_IN");
        assertEquals(ETags.strong(one.asByteArray()), one.getHeader("ETag"));
        assertNotEquals(list.getHeader("ETag"), one.getHeader("ETag"));
        // the same representation, the same tag: whatever the caller's language
        assertEquals(one.getHeader("ETag"),
                given().header("Accept-Language", "en").when().get("/api/v1/services/MOVE_IN").getHeader("ETag"));
    }

    @Test
    void ifNoneMatchAnswers304WithoutBody() {
        String listTag = given().when().get("/api/v1/services").then().statusCode(200).extract().header("ETag");
        given().header("If-None-Match", listTag).when().get("/api/v1/services").then().statusCode(304)
                .header("ETag", equalTo(listTag)).body(emptyString());
        given().header("If-None-Match", "\"stale\", " + listTag).when().get("/api/v1/services").then()
                .statusCode(304);
        given().header("If-None-Match", "*").when().get("/api/v1/services").then().statusCode(304);
        given().header("If-None-Match", "\"stale\"").when().get("/api/v1/services").then().statusCode(200)
                .body("items", hasSize(6));

        String tag = given().when().get("/api/v1/services/BIRTH_REGISTRATION").then().statusCode(200).extract()
                .header("ETag");
        given().header("If-None-Match", tag).when().get("/api/v1/services/BIRTH_REGISTRATION").then()
                .statusCode(304).header("ETag", equalTo(tag)).body(emptyString());
        // another service's tag does not match
        given().header("If-None-Match", tag).when().get("/api/v1/services/MOVE_IN").then().statusCode(200);
        // an unknown service is still 404, whatever the precondition
        given().header("If-None-Match", "*").when().get("/api/v1/services/PASSPORT").then().statusCode(404)
                .contentType(PROBLEM).body("code", equalTo("service-not-found"));
    }

    @Test
    void onlyJsonIsProduced() {
        given().accept("application/xml").when().get("/api/v1/services").then().statusCode(406)
                .contentType(PROBLEM).body("code", equalTo("not-acceptable"));
    }
}
