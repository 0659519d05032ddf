package org.errandless.applications;

import static org.errandless.applications.Apps.APPLICATIONS;
import static org.errandless.applications.Apps.PROBLEM;
import static org.errandless.applications.Apps.STATION;
import static org.errandless.applications.Apps.act;
import static org.errandless.applications.Apps.as;
import static org.errandless.applications.Apps.attach;
import static org.errandless.applications.Apps.create;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.errandless.applications.forms.CatalogServiceRules;
import org.errandless.common.security.Roles;
import org.errandless.common.time.BusinessClock;
import org.errandless.registry.IdNumbers;
import org.errandless.registry.PersonStatus;
import org.errandless.registry.PersonView;
import org.errandless.registry.RegisterChangeKind;
import org.errandless.registry.RegisterChangeView;
import org.errandless.registry.RegistryFixtures;
import org.errandless.registry.RegistryService;
import org.errandless.registry.Relationship;
import org.errandless.support.TestCitizens;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Each of the six services end to end over HTTP, on fresh households of the register (never the demo people): a valid
 * form, real photos uploaded where a material is handed in, submission, the handling station's officer accepting and
 * approving, and the change visible in the register, in the citizen's household and in the results (the completion
 * notice, the household-registration certificate). The demo departments hold no records of fixture families, so the
 * shared materials are uploaded (the fallback the citizen always has).
 */
@QuarkusTest
class ServiceWalkTest {

    private static final String HOUSEHOLD = "/api/v1/me/household";
    /** A station of the demo data other than the fixtures' own. */
    private static final String OTHER_STATION = "50010301";

    @Inject
    RegistryFixtures fixtures;
    @Inject
    RegistryService registry;
    @Inject
    BusinessClock clock;
    @Inject
    CatalogServiceRules rules;

    private static String officer(String station) {
        return TestTokens.staff(Roles.OFFICER, station).accessToken();
    }

    private static String created(String token, String serviceCode, Map<String, Object> form) {
        return create(token, serviceCode, form).then().statusCode(201).body("status", equalTo("DRAFT")).extract()
                .path("id");
    }

    /** The officer of the handling station accepts and approves; answers the approval's body. */
    private static JsonPath acceptAndApprove(String officer, String id, String expectedStatus) {
        act(officer, id, "accept", Map.of("comment", "予以受理")).then().statusCode(200)
                .body("status", equalTo("ACCEPTED"));
        return act(officer, id, "approve", Map.of("comment", "准予办理")).then().statusCode(200)
                .body("status", equalTo(expectedStatus)).body("decidedAt", notNullValue()).extract().jsonPath();
    }

    private static JsonPath household(String token) {
        return as(token).get(HOUSEHOLD).then().statusCode(200).extract().jsonPath();
    }

    /** The e-certificate of a completed application, of the given type. */
    private static void certificate(String token, String id, String type) {
        as(token).get(APPLICATIONS + "/" + id + "/certificate").then().statusCode(200)
                .body("type", equalTo(type)).body("claims.applicationId", equalTo(id))
                .body("verificationCode", notNullValue()).body("jws", notNullValue());
    }

    /** The register's history names the application for every change it made, and there is at least one. */
    private List<RegisterChangeView> changesOf(String id, RegisterChangeKind... kinds) {
        List<RegisterChangeView> changes = registry.changesOfApplication(UUID.fromString(id));
        assertFalse(changes.isEmpty(), "the register records no change of " + id);
        changes.forEach(change -> assertEquals(UUID.fromString(id), change.applicationId()));
        assertEquals(List.of(kinds), changes.stream().map(RegisterChangeView::kind).toList());
        return changes;
    }

    @Test
    void birthRegistration() {
        var family = fixtures.household(Relationship.HEAD, Relationship.SPOUSE);
        String token = TestCitizens.boundTo(family.member(Relationship.HEAD).id()).accessToken();
        String id = created(token, "BIRTH_REGISTRATION",
                Map.of("childName", "测试满月", "childSex", "M", "childBirthDate", "2026-09-25"));
        // the demo health department has no birth record of this family: unavailable, never a dead end
        act(token, id, "submit", Map.of("consentToDataSharing", true)).then().statusCode(422).contentType(PROBLEM)
                .body("code", equalTo("materials-missing"))
                .body("invalidParams.find { it.name == 'BIRTH_MEDICAL_CERTIFICATE' }.code", equalTo("unavailable"));
        attach(token, id, "BIRTH_MEDICAL_CERTIFICATE", Photos.upload(token, "jpeg")).then().statusCode(200)
                .body("materials[0].state", equalTo("satisfied"));
        act(token, id, "submit", Map.of("consentToDataSharing", true)).then().statusCode(200)
                .body("status", equalTo("SUBMITTED")).body("handlingStation", equalTo(STATION))
                .body("materials[0].materials[0].evidence.source", equalTo("UPLOAD"));
        acceptAndApprove(officer(STATION), id, "COMPLETED");

        JsonPath household = household(token);
        List<Map<String, Object>> newborns = household.getList("members.findAll { it.name == '测试满月' }");
        assertEquals(1, newborns.size());
        Map<String, Object> newborn = newborns.get(0);
        assertEquals("SON", newborn.get("relationship"));
        assertEquals("2026-09-25", newborn.get("birthDate"));
        assertEquals("ACTIVE", newborn.get("status"));
        String idNumber = registry.fullIdNumber(UUID.fromString((String) newborn.get("id"))).orElseThrow();
        assertTrue(IdNumbers.isValid(idNumber, clock.today()), "the newborn's ID number is not valid");
        assertEquals(IdNumbers.mask(idNumber), newborn.get("idNumber"));
        assertTrue(idNumber.substring(6, 14).equals("20260925") && IdNumbers.sexOf(idNumber).name().equals("M"));
        assertEquals(UUID.fromString((String) newborn.get("id")), changesOf(id, RegisterChangeKind.BORN).get(0)
                .personId());
        certificate(token, id, "COMPLETION_NOTICE");
    }

    @Test
    void moveInIsDecidedByTheReceivingHouseholdsStation() {
        var family = fixtures.household(Relationship.HEAD, Relationship.SPOUSE);
        var receiving = fixtures.householdAt(OTHER_STATION, Relationship.HEAD);
        var mover = family.member(Relationship.SPOUSE);
        String token = TestCitizens.boundAtL3(mover.id()).accessToken();
        String id = created(token, "MOVE_IN", Map.of("targetHouseholdNumber", receiving.householdNumber(),
                "relationshipToHead", "SPOUSE"));
        attach(token, id, "ID_PHOTO", Photos.upload(token, "png")).then().statusCode(200);
        String proof = Photos.upload(token, "jpeg");
        attach(token, id, "RELATIONSHIP_PROOF", proof).then().statusCode(200);
        act(token, id, "submit", Map.of()).then().statusCode(200).body("status", equalTo("SUBMITTED"))
                .body("handlingStation", equalTo(OTHER_STATION));
        // the applicant's own station does not decide; the receiving household's does, and may read the proof
        as(officer(STATION)).get(APPLICATIONS + "/" + id).then().statusCode(404);
        String officer = officer(OTHER_STATION);
        as(officer).get("/api/v1/documents/" + proof + "/content").then().statusCode(200);
        // the receiving household's head consents (投靠) in their own app
        String head = TestCitizens.boundTo(receiving.member(Relationship.HEAD).id()).accessToken();
        String request = as(head).get("/api/v1/me/consent-requests").then().statusCode(200).extract()
                .path("items.find { it.applicationId == '" + id + "' }.id");
        as(head).post("/api/v1/me/consent-requests/" + request + "/grant").then().statusCode(200);
        acceptAndApprove(officer, id, "COMPLETED");

        JsonPath household = household(token);
        assertEquals(receiving.householdNumber(), household.getString("householdNumber"));
        assertEquals(OTHER_STATION, household.getString("stationCode"));
        assertEquals("SPOUSE", household.getString("members.find { it.id == '" + mover.id() + "' }.relationship"));
        assertEquals(receiving.householdId(), registry.person(mover.id()).map(PersonView::householdId).orElseThrow());
        changesOf(id, RegisterChangeKind.MOVED_OUT, RegisterChangeKind.MOVED_IN);
        certificate(token, id, "COMPLETION_NOTICE");
    }

    @Test
    void addressChange() {
        var family = fixtures.household(Relationship.HEAD, Relationship.SPOUSE);
        String token = TestCitizens.boundTo(family.member(Relationship.HEAD).id()).accessToken();
        String before = household(token).getString("address");
        String newAddress = "重庆市南岸区测试路" + UUID.randomUUID().toString().substring(0, 6) + "号(test)";
        String id = created(token, "ADDRESS_CHANGE", Map.of("newAddress", newAddress));
        attach(token, id, "TENANCY_PROOF", Photos.upload(token, "jpeg")).then().statusCode(200);
        act(token, id, "submit", Map.of()).then().statusCode(200).body("status", equalTo("SUBMITTED"));
        acceptAndApprove(officer(STATION), id, "COMPLETED");

        JsonPath household = household(token);
        assertEquals(newAddress, household.getString("address"));
        assertFalse(newAddress.equals(before));
        changesOf(id, RegisterChangeKind.ADDRESS_CHANGED);
        certificate(token, id, "COMPLETION_NOTICE");
    }

    @Test
    void deathDeregistration() {
        var family = fixtures.household(Relationship.HEAD, Relationship.SPOUSE, Relationship.FATHER);
        var deceased = family.member(Relationship.FATHER);
        String token = TestCitizens.boundTo(family.member(Relationship.HEAD).id()).accessToken();
        String id = created(token, "DEATH_DEREGISTRATION",
                Map.of("deceasedPersonId", deceased.id().toString(), "dateOfDeath", "2026-09-28"));
        // consent given, but the demo health department holds no death certificates: the family uploads it
        act(token, id, "submit", Map.of("consentToDataSharing", true)).then().statusCode(422)
                .body("code", equalTo("materials-missing"))
                .body("invalidParams.find { it.name == 'DEATH_MEDICAL_CERTIFICATE' }.code", equalTo("unavailable"));
        attach(token, id, "DEATH_MEDICAL_CERTIFICATE", Photos.upload(token, "png")).then().statusCode(200);
        act(token, id, "submit", Map.of("consentToDataSharing", true)).then().statusCode(200)
                .body("status", equalTo("SUBMITTED"));
        acceptAndApprove(officer(STATION), id, "COMPLETED");

        assertEquals(PersonStatus.DECEASED, registry.person(deceased.id()).map(PersonView::status).orElseThrow());
        // the household lists its active members: the deceased is gone from it
        as(token).get(HOUSEHOLD).then().body("members.id", not(hasItem(deceased.id().toString())));
        changesOf(id, RegisterChangeKind.DECEASED);
        certificate(token, id, "COMPLETION_NOTICE");
    }

    @Test
    void idCardRenewalIsApprovedUntilHandedOver() {
        var family = fixtures.household(Relationship.HEAD, Relationship.SPOUSE);
        String token = TestCitizens.boundAtL3(family.member(Relationship.HEAD).id()).accessToken();
        String id = created(token, "ID_CARD_RENEWAL", Map.of("reason", "DAMAGED"));
        attach(token, id, "ID_PHOTO", Photos.upload(token, "png")).then().statusCode(200);
        act(token, id, "submit", Map.of()).then().statusCode(200).body("status", equalTo("SUBMITTED"));
        String officer = officer(STATION);
        acceptAndApprove(officer, id, "APPROVED");
        as(token).get(APPLICATIONS + "/" + id).then().statusCode(200).body("status", equalTo("APPROVED"));
        // approval orders the card; it is not handed over yet
        assertEquals(null, rules.cardOrder(UUID.fromString(id)).orElseThrow().handedOverAt());
        // no result until the card is handed over
        as(token).get(APPLICATIONS + "/" + id + "/certificate").then().statusCode(404).contentType(PROBLEM);
        act(officer, id, "complete", Map.of("comment", "已领取新证")).then().statusCode(200)
                .body("status", equalTo("COMPLETED"));
        as(token).get(APPLICATIONS + "/" + id).then().statusCode(200).body("status", equalTo("COMPLETED"));
        assertTrue(rules.cardOrder(UUID.fromString(id)).orElseThrow().handedOverAt() != null, "handed over");
        certificate(token, id, "COMPLETION_NOTICE");
    }

    @Test
    void householdCertificateIsCompletedOnSubmitByTheSystem() {
        var family = fixtures.household(Relationship.HEAD, Relationship.SPOUSE);
        String token = TestCitizens.boundTo(family.member(Relationship.HEAD).id()).accessToken();
        String id = created(token, "HOUSEHOLD_CERTIFICATE", Map.of("purpose", "办理入学"));
        act(token, id, "submit", Map.of()).then().statusCode(200).body("status", equalTo("COMPLETED"))
                .body("timeline[-1].actorRole", equalTo("SYSTEM")).body("timeline[-1].toStatus", equalTo("COMPLETED"));
        certificate(token, id, "HOUSEHOLD_REGISTRATION");
        as(token).get(APPLICATIONS + "/" + id + "/certificate").then().body("claims.purpose", equalTo("办理入学"));
        // a certificate changes nothing in the register
        assertTrue(registry.changesOfApplication(UUID.fromString(id)).isEmpty());
    }
}
