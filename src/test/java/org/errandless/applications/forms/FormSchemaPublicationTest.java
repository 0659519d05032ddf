package org.errandless.applications.forms;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

import org.errandless.catalog.CatalogService;
import org.errandless.catalog.ServiceItem;

/**
 * GET /api/v1/services/{code} publishes each service's form schema; its examples[0] passes the very validation that
 * submission runs, and is eligible for the demo household of 张伟 as its description says (checked read-only: the
 * demo people are never changed).
 */
@QuarkusTest
class FormSchemaPublicationTest {

    static final UUID ZHANG_WEI = demoId("5001030100001", "500103198803120516");
    static final UUID LI_NA = demoId("5001030100001", "500103199007180424");
    static final UUID ZHANG_ZIXUAN = demoId("5001030100001", "500103201809050330");
    static final UUID ZHANG_WEI_HOUSEHOLD = demoId("5001030100001", "household");
    static final UUID LIU_XIUYING_HOUSEHOLD = demoId("5001060100001", "household");

    @Inject
    CatalogService catalog;
    @Inject
    CatalogServiceRules rules;
    @Inject
    ObjectMapper json;

    /** DemoPopulation's stable ids (name-based UUIDs), computed the same way. */
    static UUID demoId(String householdNumber, String discriminator) {
        return UUID.nameUUIDFromBytes(("errandless-demo:" + householdNumber + ":" + discriminator)
                .getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = { "BIRTH_REGISTRATION", "MOVE_IN", "HOUSEHOLD_CERTIFICATE", "ID_CARD_RENEWAL",
            "ADDRESS_CHANGE", "DEATH_DEREGISTRATION" })
    void thePublishedExampleValidatesAsSubmissionWould(String code) throws Exception {
        String body = given().when().get("/api/v1/services/" + code).then().statusCode(200)
                .body("formSchema.'$schema'", equalTo("https://json-schema.org/draft/2020-12/schema"))
                .body("formSchema.type", equalTo("object"))
                .body("formSchema.additionalProperties", equalTo(false))
                .body("formSchema.required", not(org.hamcrest.Matchers.empty()))
                .extract().asString();
        JsonNode schema = json.readTree(body).get("formSchema");
        schema.get("properties").fields().forEachRemaining(field -> {
            String title = field.getValue().path("title").asText();
            assertTrue(title.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN),
                    code + "." + field.getKey() + " has a Chinese title");
            assertFalse(field.getValue().path("description").asText().isBlank(), code + "." + field.getKey());
        });
        // fields in reading order: the required ones first, as listed
        List<String> fields = json.convertValue(schema.get("properties"), Map.class).keySet().stream()
                .map(String::valueOf).toList();
        List<String> required = json.convertValue(schema.get("required"), List.class);
        assertEquals(required, fields.subList(0, required.size()));
        assertTrue(schema.path("description").asText().contains("张伟"), "the description names the example's applicant");

        JsonNode example = schema.get("examples").get(0);
        assertEquals(List.of(), rules.validate(catalog.service(code), example));
    }

    @Test
    void theBirthExampleIsExactlyTheOneOfTheFormContract() {
        given().when().get("/api/v1/services/BIRTH_REGISTRATION").then().statusCode(200)
                .body("formSchema.examples[0].childName", equalTo("张小满"))
                .body("formSchema.examples[0].childSex", equalTo("F"))
                .body("formSchema.examples[0].childBirthDate", equalTo("2026-09-20"))
                .body("formSchema.examples[0].childEthnicity", equalTo("汉族"))
                .body("formSchema.properties.keySet()", contains("childName", "childSex", "childBirthDate",
                        "childEthnicity"));
    }

    @Test
    void theExamplesAreEligibleForTheDemoHouseholdOfZhangWei() {
        ServiceRules.Target birth = rules.target(catalog.service("BIRTH_REGISTRATION"), ZHANG_WEI,
                example("BIRTH_REGISTRATION"));
        assertEquals(new ServiceRules.Target(ZHANG_WEI_HOUSEHOLD, "50010301"), birth);
        assertEquals(birth, rules.target(catalog.service("ADDRESS_CHANGE"), ZHANG_WEI, example("ADDRESS_CHANGE")));
        assertEquals(birth, rules.target(catalog.service("ID_CARD_RENEWAL"), ZHANG_WEI, example("ID_CARD_RENEWAL")));
        assertEquals(birth, rules.target(catalog.service("HOUSEHOLD_CERTIFICATE"), ZHANG_WEI,
                example("HOUSEHOLD_CERTIFICATE")));
        JsonNode death = example("DEATH_DEREGISTRATION");
        assertEquals(ZHANG_ZIXUAN.toString(), death.get("deceasedPersonId").asText());
        assertEquals(birth, rules.target(catalog.service("DEATH_DEREGISTRATION"), ZHANG_WEI, death));
        // 李娜 of 张伟's household moves to 刘秀英's household: its station (沙坪坝区磁器口) decides
        assertEquals(new ServiceRules.Target(LIU_XIUYING_HOUSEHOLD, "50010601"),
                rules.target(catalog.service("MOVE_IN"), LI_NA, example("MOVE_IN")));
    }

    @Test
    void theCatalogueETagFollowsTheFormSchema() {
        String before = given().when().get("/api/v1/services/HOUSEHOLD_CERTIFICATE").then().statusCode(200)
                .extract().header("ETag");
        String listBefore = given().when().get("/api/v1/services").then().statusCode(200).extract().header("ETag");
        String original = QuarkusTransaction.requiringNew().call(() -> {
            ServiceItem item = ServiceItem.findById("HOUSEHOLD_CERTIFICATE");
            String schema = item.formSchema;
            item.formSchema = schema.replace("办理入学", "办理落户");
            // the catalogue lives in memory on every instance: a change says so in its transaction
            catalog.changed();
            return schema;
        });
        try {
            String after = given().when().get("/api/v1/services/HOUSEHOLD_CERTIFICATE").then().statusCode(200)
                    .body("formSchema.examples[0].purpose", equalTo("办理落户")).extract().header("ETag");
            assertNotEquals(before, after);
            assertNotEquals(listBefore, given().when().get("/api/v1/services").then().statusCode(200).extract()
                    .header("ETag"));
            given().header("If-None-Match", before).when().get("/api/v1/services/HOUSEHOLD_CERTIFICATE").then()
                    .statusCode(200);
        } finally {
            QuarkusTransaction.requiringNew().run(() -> {
                ServiceItem item = ServiceItem.findById("HOUSEHOLD_CERTIFICATE");
                item.formSchema = original;
                catalog.changed();
            });
        }
        given().header("If-None-Match", before).when().get("/api/v1/services/HOUSEHOLD_CERTIFICATE").then()
                .statusCode(304);
    }

    private JsonNode example(String code) {
        return json.valueToTree(((List<?>) catalog.service(code).formSchema().get("examples")).get(0));
    }
}
