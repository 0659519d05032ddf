package org.errandless.sharing;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.errandless.registry.IdNumbers;
import org.errandless.registry.RegistryFixtures;
import org.errandless.registry.RegistryService;
import org.errandless.registry.Relationship;
import org.errandless.registry.Sex;
import org.errandless.support.TestCitizens;
import org.errandless.support.TestPartners;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
class PartnerCheckTest {

    static final String RESIDENCY = "/api/v1/partner/residency-checks";
    static final String RELATIONSHIP = "/api/v1/partner/relationship-checks";
    static final String VITAL = "/api/v1/partner/vital-status-checks";
    /** Valid, but nobody in the register (fixtures and demo data are born after 1931). */
    static final String NOBODY = IdNumbers.generate("500108", LocalDate.of(1931, 1, 1), Sex.M, 997);

    @Inject
    RegistryFixtures fixtures;
    @Inject
    RegistryService registry;

    @Test
    void residencyAnswersResidentAndDistrictOnly() {
        RegistryFixtures.Family family = fixtures.household(Relationship.HEAD, Relationship.SON);
        String token = TestPartners.token(TestPartners.create(100, "registry.person.read"));
        post(token, RESIDENCY, body(family.member(Relationship.HEAD).idNumber(), "SOCIAL_ASSISTANCE")).statusCode(200)
                .body("keySet()", equalTo(Set.of("resident", "divisionCode"))).body("resident", equalTo(true))
                .body("divisionCode", equalTo("500108"));
        post(token, RESIDENCY, body(NOBODY, "social_assistance")).statusCode(200)
                .body("keySet()", equalTo(Set.of("resident", "divisionCode"))).body("resident", equalTo(false))
                .body("divisionCode", nullValue());
    }

    @Test
    void relationshipAnswersTheSecondPersonsRelationToTheFirst() {
        RegistryFixtures.Family family = fixtures.household(Relationship.HEAD, Relationship.SPOUSE, Relationship.SON);
        RegistryFixtures.Family other = fixtures.household(Relationship.HEAD);
        String head = family.member(Relationship.HEAD).idNumber();
        String spouse = family.member(Relationship.SPOUSE).idNumber();
        String son = family.member(Relationship.SON).idNumber();
        String token = TestPartners.token(TestPartners.create(100, "registry.household.read"));
        relationship(token, head, son).statusCode(200)
                .body("keySet()", equalTo(Set.of("sameHousehold", "relationship")))
                .body("sameHousehold", equalTo(true)).body("relationship", equalTo("SON"));
        relationship(token, son, head).statusCode(200).body("relationship", equalTo("FATHER"));
        relationship(token, son, spouse).statusCode(200).body("relationship", equalTo("MOTHER"));
        relationship(token, head, other.member(Relationship.HEAD).idNumber()).statusCode(200)
                .body("sameHousehold", equalTo(false)).body("relationship", equalTo("OTHER"));
        relationship(token, head, NOBODY).statusCode(200).body("sameHousehold", equalTo(false));
    }

    @Test
    void vitalStatusAnswersDeceasedOnly() {
        RegistryFixtures.Family family = fixtures.household(Relationship.HEAD, Relationship.SON);
        RegistryFixtures.Member son = family.member(Relationship.SON);
        String token = TestPartners.token(TestPartners.create(100, "registry.vital.read"));
        post(token, VITAL, body(son.idNumber(), "FUNERAL_ALLOWANCE")).statusCode(200)
                .body("keySet()", equalTo(Set.of("deceased"))).body("deceased", equalTo(false));
        registry.markDeceased(son.id(), UUID.randomUUID());
        post(token, VITAL, body(son.idNumber(), "FUNERAL_ALLOWANCE")).statusCode(200)
                .body("keySet()", equalTo(Set.of("deceased"))).body("deceased", equalTo(true));
        post(token, VITAL, body(NOBODY, "FUNERAL_ALLOWANCE")).statusCode(200).body("deceased", equalTo(false));
    }

    /**
     * Issue 11 item 9: no check tells whether an ID number is in the register. An unknown number answers byte for
     * byte like a known one that does not match (on main the vital-status check answered 404 "no person with this ID
     * number is in the register").
     */
    @Test
    void unknownIdNumbersAnswerExactlyLikeNonMatchingOnes() {
        RegistryFixtures.Family family = fixtures.household(Relationship.HEAD, Relationship.SON);
        RegistryFixtures.Family other = fixtures.household(Relationship.HEAD);
        RegistryFixtures.Member living = family.member(Relationship.HEAD);
        RegistryFixtures.Member gone = other.member(Relationship.HEAD);
        registry.markDeceased(gone.id(), UUID.randomUUID());
        String token = TestPartners.token(TestPartners.create(100, "registry.person.read", "registry.household.read",
                "registry.vital.read"));

        assertAlike(post(token, VITAL, body(living.idNumber(), "PENSION_ENTITLEMENT")),
                post(token, VITAL, body(NOBODY, "PENSION_ENTITLEMENT")));
        // not resident: the deceased head is in the register, no longer an active resident
        assertAlike(post(token, RESIDENCY, body(gone.idNumber(), "SOCIAL_ASSISTANCE")),
                post(token, RESIDENCY, body(NOBODY, "SOCIAL_ASSISTANCE")));
        String son = family.member(Relationship.SON).idNumber();
        assertAlike(relationship(token, son, other.member(Relationship.HEAD).idNumber()),
                relationship(token, son, NOBODY));
        assertAlike(relationship(token, son, other.member(Relationship.HEAD).idNumber()),
                relationship(token, NOBODY, son));
    }

    /** Issue 11 item 9: a client names only the purposes an admin granted it; a refused check uses no quota. */
    @Test
    void aClientChecksOnlyForItsGrantedPurposes() {
        String head = fixtures.household(Relationship.HEAD).member(Relationship.HEAD).idNumber();
        TestPartners.Client client = TestPartners.create(2, List.of("FUNERAL_ALLOWANCE"), "registry.vital.read",
                "registry.person.read");
        String token = TestPartners.token(client);
        problem(post(token, VITAL, body(head, "PENSION_ENTITLEMENT")), 403, "purpose-not-granted")
                .body("detail", containsString("PENSION_ENTITLEMENT"));
        problem(post(token, RESIDENCY, body(head, "social_assistance")), 403, "purpose-not-granted");
        post(token, VITAL, body(head, "FUNERAL_ALLOWANCE")).statusCode(200);

        String purposes = TestPartners.CLIENTS + "/" + client.clientId() + "/purposes/";
        given().auth().oauth2(TestTokens.admin()).put(purposes + "PENSION_ENTITLEMENT").then().statusCode(200);
        post(token, VITAL, body(head, "PENSION_ENTITLEMENT")).statusCode(200); // the second of the quota of 2
        given().auth().oauth2(TestTokens.admin()).delete(purposes + "FUNERAL_ALLOWANCE").then().statusCode(200);
        problem(post(token, VITAL, body(head, "FUNERAL_ALLOWANCE")), 403, "purpose-not-granted");

        // a client registered without purposes can check nothing until an admin grants one
        String none = TestPartners.token(TestPartners.create(100, List.of(), "registry.vital.read"));
        problem(post(none, VITAL, body(head, "FUNERAL_ALLOWANCE")), 403, "purpose-not-granted");
    }

    private static void assertAlike(ValidatableResponse known, ValidatableResponse unknown) {
        var first = known.statusCode(200).extract();
        var second = unknown.statusCode(200).extract();
        assertEquals(first.asString(), second.asString());
        assertEquals(first.contentType(), second.contentType());
        assertEquals(names(first.headers()), names(second.headers()));
    }

    private static Set<String> names(io.restassured.http.Headers headers) {
        return headers.asList().stream().map(header -> header.getName().toLowerCase(java.util.Locale.ROOT))
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }

    @Test
    void everyCheckNeedsAPurposeFromTheList() {
        String head = fixtures.household(Relationship.HEAD).member(Relationship.HEAD).idNumber();
        String token = TestPartners.token(TestPartners.create(100, "registry.person.read", "registry.household.read",
                "registry.vital.read"));
        for (String path : new String[] { RESIDENCY, VITAL }) {
            problem(post(token, path, body(head, null)), 422, "purpose-required");
            problem(post(token, path, body(head, "CURIOSITY")), 422, "purpose-required");
            problem(post(token, path, body(head, "")), 422, "purpose-required");
        }
        Map<String, Object> pair = new HashMap<>(Map.of("idNumber", head, "otherIdNumber", head));
        problem(post(token, RELATIONSHIP, pair), 422, "purpose-required");
    }

    @Test
    void badInputIsRefused() {
        String token = TestPartners.token(TestPartners.create(100, "registry.person.read"));
        problem(post(token, RESIDENCY, Map.of("purpose", "SOCIAL_ASSISTANCE")), 400, "validation-failed")
                .body("invalidParams.name", hasItem("idNumber"));
        problem(post(token, RESIDENCY, body("500108193101019999", "SOCIAL_ASSISTANCE")), 422, "id-number-invalid");
    }

    @Test
    void eachCheckNeedsItsScope() {
        String head = fixtures.household(Relationship.HEAD).member(Relationship.HEAD).idNumber();
        String vitalOnly = TestPartners.token(TestPartners.create(100, "registry.vital.read"));
        String personOnly = TestPartners.token(TestPartners.create(100, "registry.person.read"));
        problem(post(vitalOnly, RESIDENCY, body(head, "SOCIAL_ASSISTANCE")), 403, "forbidden");
        problem(post(personOnly, VITAL, body(head, "SOCIAL_ASSISTANCE")), 403, "forbidden");
        problem(relationship(personOnly, head, head), 403, "forbidden");
    }

    @Test
    void onlyPartnersCheck() {
        String head = fixtures.household(Relationship.HEAD).member(Relationship.HEAD).idNumber();
        problem(given().contentType(ContentType.JSON).body(body(head, "SOCIAL_ASSISTANCE")).post(RESIDENCY).then(),
                401, "unauthorized");
        problem(post(TestCitizens.signIn().accessToken(), RESIDENCY, body(head, "SOCIAL_ASSISTANCE")), 403,
                "forbidden");
        problem(post(TestTokens.admin(), RESIDENCY, body(head, "SOCIAL_ASSISTANCE")), 403, "forbidden");
    }

    @Test
    void theDailyQuotaRunsOut() {
        String head = fixtures.household(Relationship.HEAD).member(Relationship.HEAD).idNumber();
        String token = TestPartners.token(TestPartners.create(2, "registry.person.read"));
        post(token, RESIDENCY, body(head, "SOCIAL_ASSISTANCE")).statusCode(200);
        problem(post(token, RESIDENCY, body(head, null)), 422, "purpose-required"); // a refused check uses nothing
        post(token, RESIDENCY, body(head, "SOCIAL_ASSISTANCE")).statusCode(200);
        problem(post(token, RESIDENCY, body(head, "SOCIAL_ASSISTANCE")), 429, "quota-exceeded")
                .header("Retry-After", notNullValue());
    }

    @Test
    void purposesArePublicWithTheirLegalBasis() {
        given().get("/api/v1/partner/purposes").then().statusCode(200).body("code", hasItem("SOCIAL_ASSISTANCE"))
                .body("find { it.code == 'SOCIAL_ASSISTANCE' }.legalBasis", equalTo("《社会救助暂行办法》"))
                .body("find { it.code == 'SOCIAL_ASSISTANCE' }.name", equalTo("最低生活保障审核确认"));
    }

    static Map<String, Object> body(String idNumber, String purpose) {
        Map<String, Object> body = new HashMap<>();
        body.put("idNumber", idNumber);
        if (purpose != null) {
            body.put("purpose", purpose);
        }
        return body;
    }

    static ValidatableResponse post(String token, String path, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post(path).then();
    }

    static ValidatableResponse relationship(String token, String first, String second) {
        return post(token, RELATIONSHIP, Map.of("idNumber", first, "otherIdNumber", second, "purpose",
                "SOCIAL_ASSISTANCE"));
    }

    static ValidatableResponse problem(ValidatableResponse response, int status, String code) {
        return response.statusCode(status).contentType("application/problem+json").body("code", equalTo(code));
    }
}
