package org.errandless.applications;

import static org.errandless.applications.Apps.APPLICATIONS;
import static org.errandless.applications.Apps.PROBLEM;
import static org.errandless.applications.Apps.STATION;
import static org.errandless.applications.Apps.act;
import static org.errandless.applications.Apps.as;
import static org.errandless.applications.Apps.attach;
import static org.errandless.applications.Apps.document;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.errandless.audit.AccessLog;
import org.errandless.audit.AccessRecord;
import org.errandless.common.security.Roles;
import org.errandless.registry.FamilyFixtures;
import org.errandless.registry.FamilyFixtures.Born;
import org.errandless.registry.RegistryFixtures.Family;
import org.errandless.registry.RegistryFixtures.Member;
import org.errandless.registry.Relationship;
import org.errandless.support.TestCitizens;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * A parent applies for a minor child of the household ({@code onBehalfOf}, issue 15 item 2): the service's rules are
 * those of the child, the application shows both people, officers' reads are in the child's data-access log; anyone
 * else is 404 (not of the household) or 403 {@code not-entitled-to-act} (of the household, but not a child of the
 * caller under 16). The business date is 2026-09-30.
 */
@QuarkusTest
class OnBehalfOfTest {

    /** Ten years old on the business date. */
    private static final LocalDate CHILD = LocalDate.of(2016, 5, 1);
    /** Fifteen, sixteen tomorrow. */
    private static final LocalDate NEARLY_SIXTEEN = LocalDate.of(2010, 10, 1);
    /** Sixteen today. */
    private static final LocalDate SIXTEEN = LocalDate.of(2010, 9, 30);
    private static final LocalDate ADULT = LocalDate.of(1984, 3, 12);

    @Inject
    FamilyFixtures families;
    @Inject
    AccessLog accessLog;

    private Family family(LocalDate sonBorn, LocalDate daughterBorn) {
        return families.household(new Born(Relationship.HEAD, ADULT), new Born(Relationship.SPOUSE, ADULT.plusYears(1)),
                new Born(Relationship.SON, sonBorn), new Born(Relationship.DAUGHTER, daughterBorn));
    }

    private static Response create(String token, String serviceCode, Map<String, Object> form, Object onBehalfOf) {
        Map<String, Object> body = new HashMap<>();
        body.put("serviceCode", serviceCode);
        body.put("form", form);
        body.put("onBehalfOf", onBehalfOf);
        return as(token).contentType(ContentType.JSON).body(body).post(APPLICATIONS);
    }

    @Test
    void aParentAppliesForAChildAndBothAreShown() {
        Family family = family(CHILD, NEARLY_SIXTEEN);
        Member mother = family.member(Relationship.SPOUSE);
        Member son = family.member(Relationship.SON);
        String token = TestCitizens.boundTo(mother.id()).accessToken();

        String id = create(token, "ADDRESS_CHANGE", Map.of("newAddress", "重庆市南岸区家庭路3号"), son.id()).then()
                .statusCode(201)
                .body("actingBasis", equalTo("GUARDIAN"))
                .body("applicant.personId", equalTo(mother.id().toString()))
                .body("applicant.name", equalTo(mother.name()))
                .body("applicant.idNumber", equalTo(mask(mother.idNumber())))
                .body("subject.personId", equalTo(son.id().toString()))
                .body("subject.idNumber", equalTo(mask(son.idNumber())))
                .body("subject.relationship", equalTo("SON"))
                .extract().path("id");
        attach(token, id, "TENANCY_PROOF", document(token)).then().statusCode(200);
        act(token, id, "submit", Map.of("consentToDataSharing", false)).then().statusCode(200)
                .body("status", equalTo("SUBMITTED"));
        // the parent keeps the application: it is on their list
        as(token).queryParam("serviceCode", "ADDRESS_CHANGE").get(APPLICATIONS).then().statusCode(200)
                .body("items.id", org.hamcrest.Matchers.hasItem(id));

        // the officer sees who applied for whom; the read is in the child's (and the parent's) data-access log
        String officer = TestTokens.staff(Roles.OFFICER, STATION).accessToken();
        as(officer).get(APPLICATIONS + "/" + id).then().statusCode(200)
                .body("subject.personId", equalTo(son.id().toString()))
                .body("applicant.personId", equalTo(mother.id().toString()));
        assertEquals(1, officerReads(son.id()).size());
        assertEquals("审核住址变更申请", officerReads(son.id()).get(0).purpose());
        assertEquals(1, officerReads(mother.id()).size());

        // the daughter is fifteen, sixteen tomorrow: still a minor today
        create(token, "HOUSEHOLD_CERTIFICATE", Map.of("purpose", "办理入学"), family.member(Relationship.DAUGHTER).id())
                .then().statusCode(201).body("subject.relationship", equalTo("DAUGHTER"));
    }

    @Test
    void forOneselfTheApplicantIsTheSubject() {
        Family family = family(CHILD, CHILD);
        Member head = family.member(Relationship.HEAD);
        String token = TestCitizens.boundTo(head.id()).accessToken();
        create(token, "HOUSEHOLD_CERTIFICATE", Map.of("purpose", "办理入学"), null).then().statusCode(201)
                .body("actingBasis", nullValue())
                .body("applicant.personId", equalTo(head.id().toString()))
                .body("subject.personId", equalTo(head.id().toString()));
        create(token, "HOUSEHOLD_CERTIFICATE", Map.of("purpose", "办理入学"), head.id()).then().statusCode(201)
                .body("actingBasis", nullValue());
    }

    @Test
    void theServicesRulesAreTheChilds() {
        Family family = family(CHILD, CHILD);
        String token = TestCitizens.boundTo(family.member(Relationship.HEAD).id()).accessToken();
        Map<String, Object> birth = Map.of("childName", "测试宝宝", "childSex", "F", "childBirthDate", "2026-09-25");
        // the head may register a birth; a ten-year-old may not, so on the son's behalf it is not eligible
        String id = create(token, "BIRTH_REGISTRATION", birth, family.member(Relationship.SON).id()).then()
                .statusCode(201).extract().path("id");
        act(token, id, "submit", Map.of("consentToDataSharing", true)).then().statusCode(422)
                .contentType(PROBLEM).body("code", equalTo("applicant-not-eligible"));
    }

    @Test
    void aStrangerIsNotFoundAndAMemberOneMayNotActForIsForbidden() {
        Family family = family(SIXTEEN, CHILD);
        Family other = family(CHILD, CHILD);
        String head = TestCitizens.boundTo(family.member(Relationship.HEAD).id()).accessToken();
        Map<String, Object> form = Map.of("purpose", "办理入学");

        // a child of another household, or an id of nobody: the same 404
        create(head, "HOUSEHOLD_CERTIFICATE", form, other.member(Relationship.SON).id()).then().statusCode(404)
                .contentType(PROBLEM).body("code", equalTo("not-found"));
        create(head, "HOUSEHOLD_CERTIFICATE", form, UUID.randomUUID()).then().statusCode(404)
                .body("code", equalTo("not-found"));
        // the son is sixteen today; the spouse is an adult
        create(head, "HOUSEHOLD_CERTIFICATE", form, family.member(Relationship.SON).id()).then().statusCode(403)
                .contentType(PROBLEM).body("code", equalTo("not-entitled-to-act"));
        create(head, "HOUSEHOLD_CERTIFICATE", form, family.member(Relationship.SPOUSE).id()).then().statusCode(403)
                .body("code", equalTo("not-entitled-to-act"));
        // the daughter (ten) may not act for her parents, and a grandchild relation is not the head's to claim
        String daughter = TestCitizens.boundTo(family.member(Relationship.DAUGHTER).id()).accessToken();
        create(daughter, "HOUSEHOLD_CERTIFICATE", form, family.member(Relationship.HEAD).id()).then().statusCode(403)
                .body("code", equalTo("not-entitled-to-act"));
    }

    @Test
    void badInputAndNoToken() {
        Family family = family(CHILD, CHILD);
        String head = TestCitizens.boundTo(family.member(Relationship.HEAD).id()).accessToken();
        create(head, "HOUSEHOLD_CERTIFICATE", Map.of("purpose", "办理入学"), "not-a-uuid").then().statusCode(400)
                .contentType(PROBLEM);
        create(head, "HOUSEHOLD_CERTIFICATE", Map.of("purpose", "办理入学"), 42).then().statusCode(400)
                .contentType(PROBLEM);
        RestAssured.given().contentType(ContentType.JSON).body(Map.of("serviceCode", "HOUSEHOLD_CERTIFICATE",
                "onBehalfOf", family.member(Relationship.SON).id().toString())).post(APPLICATIONS).then()
                .statusCode(401).contentType(PROBLEM).body("code", equalTo("unauthorized"));
    }

    private List<AccessRecord> officerReads(UUID person) {
        return accessLog.listForPerson(person, null, 100).items().stream()
                .filter(record -> record.what().equals("application")).toList();
    }

    private static String mask(String idNumber) {
        return org.errandless.registry.IdNumbers.mask(idNumber);
    }
}
