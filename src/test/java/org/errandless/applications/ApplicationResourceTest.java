package org.errandless.applications;

import static io.restassured.RestAssured.given;
import static org.errandless.applications.Apps.APPLICATIONS;
import static org.errandless.applications.Apps.PROBLEM;
import static org.errandless.applications.Apps.STATION;
import static org.errandless.applications.Apps.act;
import static org.errandless.applications.Apps.as;
import static org.errandless.applications.Apps.attach;
import static org.errandless.applications.Apps.create;
import static org.errandless.applications.Apps.document;
import static org.errandless.applications.Apps.draft;
import static org.errandless.applications.Apps.etag;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.errandless.audit.AccessLog;
import org.errandless.common.security.Roles;
import org.errandless.registry.RegistryFixtures;
import org.errandless.registry.Relationship;
import org.errandless.support.TestCitizens;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The citizen's side of applications over HTTP: create, read, change, attach, submit; access and preconditions. */
@QuarkusTest
class ApplicationResourceTest {

    /** REST Assured encodes bodies of unknown text types as ISO-8859-1 unless told. */
    private static final String MERGE = "application/merge-patch+json; charset=UTF-8";

    @Inject
    AccessLog accessLog;
    @Inject
    RegistryFixtures fixtures;

    private static String officer() {
        return TestTokens.staff(Roles.OFFICER, STATION).accessToken();
    }

    // ---- create -----------------------------------------------------------------------------------------------

    @Test
    void createsADraftWithLocationAndETag() {
        var applicant = Apps.applicant();
        var response = create(applicant.token(), "ADDRESS_CHANGE", Map.of("newAddress", "重庆市南岸区测试路2号"));
        response.then().statusCode(201).contentType(ContentType.JSON).header("ETag", notNullValue())
                .body("status", equalTo("DRAFT")).body("handlingStation", nullValue())
                .body("form.newAddress", equalTo("重庆市南岸区测试路2号"))
                .body("serviceName.zh", equalTo("住址变更")).body("timeline", hasSize(1))
                .body("timeline[0].action", equalTo("create")).body("timeline[0].toStatus", equalTo("DRAFT"))
                .body("materials", hasSize(1)).body("materials[0].state", equalTo("missing"))
                .body("materials[0].oneOfGroup", notNullValue()).body("dueDate", nullValue())
                .body("overdue", equalTo(false));
        String id = response.path("id");
        assertTrue(response.header("Location").endsWith(APPLICATIONS + "/" + id));
        // the tag of the answer is the tag a later read serves
        assertEquals(response.header("ETag"), etag(applicant.token(), id));
    }

    @Test
    void createRefusesUnknownServiceLowLevelsAndBadInput() {
        var applicant = Apps.applicant();
        create(applicant.token(), "NO_SUCH_SERVICE", Map.of()).then().statusCode(404).contentType(PROBLEM)
                .body("code", equalTo("service-not-found"));
        // MOVE_IN needs L3
        create(applicant.token(), "MOVE_IN", Map.of()).then().statusCode(403).contentType(PROBLEM)
                .body("code", equalTo("assurance-too-low"));
        // an L1 citizen (not bound to a person) may apply for nothing
        create(TestCitizens.signIn().accessToken(), "ADDRESS_CHANGE", Map.of()).then().statusCode(403)
                .contentType(PROBLEM).body("code", equalTo("assurance-too-low"));
        as(applicant.token()).contentType(ContentType.JSON).body("{\"form\": {}}").post(APPLICATIONS).then()
                .statusCode(400).contentType(PROBLEM).body("code", equalTo("validation-failed"))
                .body("invalidParams.name", hasItem("serviceCode"));
        as(applicant.token()).contentType(ContentType.JSON).body("{\"serviceCode\": \"ADDRESS_CHANGE\", \"form\": [1]}")
                .post(APPLICATIONS).then().statusCode(400).contentType(PROBLEM)
                .body("code", equalTo("validation-failed"));
        given().contentType(ContentType.JSON).body(Map.of("serviceCode", "ADDRESS_CHANGE")).post(APPLICATIONS)
                .then().statusCode(401).contentType(PROBLEM).body("code", equalTo("unauthorized"));
        as(officer()).contentType(ContentType.JSON).body(Map.of("serviceCode", "ADDRESS_CHANGE")).post(APPLICATIONS)
                .then().statusCode(403).contentType(PROBLEM).body("code", equalTo("forbidden"));
        // an L3 citizen may start MOVE_IN
        create(Apps.applicant(true).token(), "MOVE_IN", Map.of()).then().statusCode(201);
    }

    // ---- access -----------------------------------------------------------------------------------------------

    @Test
    void othersApplicationsAreNotFound() {
        var applicant = Apps.applicant();
        String draftId = draft(applicant.token(), "ADDRESS_CHANGE");
        var stranger = Apps.applicant();
        as(stranger.token()).get(APPLICATIONS + "/" + draftId).then().statusCode(404).contentType(PROBLEM)
                .body("code", equalTo("not-found"));
        as(stranger.token()).get(APPLICATIONS + "/" + UUID.randomUUID()).then().statusCode(404);
        as(stranger.token()).get(APPLICATIONS + "/not-a-uuid").then().statusCode(404);
        // officers never see DRAFTs, even of their station
        as(officer()).get(APPLICATIONS + "/" + draftId).then().statusCode(404).body("code", equalTo("not-found"));
        String submitted = Apps.submittedAddressChange(applicant);
        as(officer()).get(APPLICATIONS + "/" + submitted).then().statusCode(200);
        as(TestTokens.staff(Roles.OFFICER, "50010301").accessToken()).get(APPLICATIONS + "/" + submitted).then()
                .statusCode(404).body("code", equalTo("not-found"));
        given().get(APPLICATIONS + "/" + submitted).then().statusCode(401).body("code", equalTo("unauthorized"));
        as(TestTokens.admin()).get(APPLICATIONS + "/" + submitted).then().statusCode(403)
                .body("code", equalTo("forbidden"));
    }

    @Test
    void staffReadsAreRecordedForTheApplicantAndListsAreNot() {
        var applicant = Apps.applicant();
        String id = Apps.submittedAddressChange(applicant);
        UUID person = applicant.family().member(Relationship.HEAD).id();
        int before = accessLog.listForPerson(person, null, 100).items().size();
        String officer = officer();
        as(officer).get(APPLICATIONS).then().statusCode(200);
        as(officer).get("/api/v1/officer/queue").then().statusCode(200);
        assertEquals(before, accessLog.listForPerson(person, null, 100).items().size());
        as(officer).get(APPLICATIONS + "/" + id).then().statusCode(200);
        var records = accessLog.listForPerson(person, null, 100).items();
        assertEquals(before + 1, records.size());
        assertEquals("application", records.get(0).what());
        assertEquals("审核住址变更申请", records.get(0).purpose());
        assertTrue(records.get(0).accessorLabel().endsWith(" 户籍民警"), records.get(0).accessorLabel());
        // the applicant's own reads are not recorded
        as(applicant.token()).get(APPLICATIONS + "/" + id).then().statusCode(200);
        assertEquals(before + 1, accessLog.listForPerson(person, null, 100).items().size());
    }

    @Test
    void etagsDifferBetweenCitizenAndOfficerAndAnswerNotModified() {
        var applicant = Apps.applicant();
        String id = Apps.submittedAddressChange(applicant);
        String officer = officer();
        act(officer, id, "accept", Map.of("comment", "予以受理", "internalNote", "已电话核实")).then().statusCode(200);
        String citizenTag = etag(applicant.token(), id);
        String officerTag = etag(officer, id);
        assertNotEquals(citizenTag, officerTag);
        as(applicant.token()).header("If-None-Match", citizenTag).get(APPLICATIONS + "/" + id).then().statusCode(304);
        // an officer's tag is no good for the citizen's change
        as(applicant.token()).header("If-Match", officerTag).contentType(ContentType.JSON).body(Map.of())
                .post(APPLICATIONS + "/" + id + "/withdraw").then().statusCode(412).contentType(PROBLEM)
                .body("code", equalTo("stale"));
    }

    @Test
    void citizenSeesPublicEventsOfficersSeeAll() {
        var applicant = Apps.applicant();
        String id = Apps.submittedAddressChange(applicant);
        String officer = officer();
        act(officer, id, "accept", Map.of("comment", "予以受理", "internalNote", "已电话核实")).then().statusCode(200);
        as(applicant.token()).get(APPLICATIONS + "/" + id).then().statusCode(200)
                .body("timeline.action", equalTo(List.of("create", "submit", "accept")))
                .body("timeline.visibility", everyItem(equalTo("PUBLIC")))
                .body("timeline[2].comment", equalTo("予以受理")).body("timeline[2].actorRole", equalTo("OFFICER"));
        as(officer).get(APPLICATIONS + "/" + id).then().statusCode(200)
                .body("timeline.action", equalTo(List.of("create", "submit", "accept", "note")))
                .body("timeline[3].visibility", equalTo("INTERNAL")).body("timeline[3].comment", equalTo("已电话核实"))
                .body("timeline.seq", equalTo(List.of(1, 2, 3, 4)));
    }

    // ---- lists ------------------------------------------------------------------------------------------------

    @Test
    void citizensListTheirOwnWithFiltersAndPages() {
        var applicant = Apps.applicant();
        String first = draft(applicant.token(), "ADDRESS_CHANGE");
        String second = draft(applicant.token(), "HOUSEHOLD_CERTIFICATE");
        String third = Apps.submittedAddressChange(applicant);
        draft(Apps.applicant().token(), "ADDRESS_CHANGE");
        as(applicant.token()).get(APPLICATIONS).then().statusCode(200).body("items", hasSize(3))
                .body("items.id", containsInAnyOrder(first, second, third)).body("nextCursor", nullValue());
        as(applicant.token()).queryParam("status", "SUBMITTED").get(APPLICATIONS).then().statusCode(200)
                .body("items.id", equalTo(List.of(third))).body("items[0].form", nullValue())
                .body("items[0].acceptanceDueDate", equalTo("2026-10-13"));
        as(applicant.token()).queryParam("serviceCode", "HOUSEHOLD_CERTIFICATE").get(APPLICATIONS).then()
                .statusCode(200).body("items.id", equalTo(List.of(second)));
        var page1 = as(applicant.token()).queryParam("limit", 2).get(APPLICATIONS).then().statusCode(200)
                .body("items", hasSize(2)).body("nextCursor", notNullValue()).extract();
        as(applicant.token()).queryParam("limit", 2).queryParam("cursor", (String) page1.path("nextCursor"))
                .get(APPLICATIONS).then().statusCode(200).body("items", hasSize(1))
                .body("items.id", not(hasItem((String) page1.path("items[0].id")))).body("nextCursor", nullValue());
        as(applicant.token()).queryParam("status", "NOPE").get(APPLICATIONS).then().statusCode(400)
                .contentType(PROBLEM).body("code", equalTo("validation-failed"));
        as(applicant.token()).queryParam("cursor", "garbage!").get(APPLICATIONS).then().statusCode(400)
                .body("code", equalTo("validation-failed"));
        as(applicant.token()).queryParam("limit", 0).get(APPLICATIONS).then().statusCode(400);
        given().get(APPLICATIONS).then().statusCode(401);
    }

    @Test
    void officersListTheirStationWithoutDrafts() {
        var applicant = Apps.applicant();
        String draftId = draft(applicant.token(), "ADDRESS_CHANGE");
        String submitted = Apps.submittedAddressChange(applicant);
        List<String> ids = as(officer()).queryParam("limit", 100).queryParam("status", "SUBMITTED").get(APPLICATIONS)
                .then().statusCode(200).extract().path("items.id");
        assertTrue(ids.contains(submitted));
        as(officer()).queryParam("status", "DRAFT").get(APPLICATIONS).then().statusCode(200).body("items", hasSize(0));
        List<String> elsewhere = as(TestTokens.staff(Roles.OFFICER, "50010301").accessToken())
                .queryParam("limit", 100).get(APPLICATIONS).then().statusCode(200).extract().path("items.id");
        assertTrue(!elsewhere.contains(submitted) && !elsewhere.contains(draftId));
    }

    // ---- PATCH ------------------------------------------------------------------------------------------------

    @Test
    void patchMergesTheFormUnderIfMatch() {
        var applicant = Apps.applicant();
        String id = create(applicant.token(), "ADDRESS_CHANGE", Map.of("newAddress", "旧", "note", "x")).then()
                .statusCode(201).extract().path("id");
        String tag = etag(applicant.token(), id);
        var patched = as(applicant.token()).header("If-Match", tag).contentType(MERGE)
                .body("{\"newAddress\": \"重庆市南岸区测试路3号\", \"note\": null}").patch(APPLICATIONS + "/" + id);
        patched.then().statusCode(200).body("form.newAddress", equalTo("重庆市南岸区测试路3号"))
                .body("form.note", nullValue()).header("ETag", not(equalTo(tag)));
        assertEquals(patched.header("ETag"), etag(applicant.token(), id));
        // the old tag is stale now; no tag at all is 428
        as(applicant.token()).header("If-Match", tag).contentType(MERGE).body("{}")
                .patch(APPLICATIONS + "/" + id).then().statusCode(412).contentType(PROBLEM)
                .body("code", equalTo("stale"));
        as(applicant.token()).contentType(MERGE).body("{}").patch(APPLICATIONS + "/" + id)
                .then().statusCode(428).contentType(PROBLEM).body("code", equalTo("precondition-required"));
        as(applicant.token()).header("If-Match", etag(applicant.token(), id)).contentType(ContentType.JSON)
                .body("{}").patch(APPLICATIONS + "/" + id).then().statusCode(415).contentType(PROBLEM);
        as(applicant.token()).header("If-Match", etag(applicant.token(), id))
                .contentType(MERGE).body("[1]").patch(APPLICATIONS + "/" + id).then()
                .statusCode(400).contentType(PROBLEM).body("code", equalTo("validation-failed"));
        as(applicant.token()).header("If-Match", etag(applicant.token(), id))
                .contentType(MERGE).body("{nope").patch(APPLICATIONS + "/" + id).then()
                .statusCode(400).contentType(PROBLEM);
        as(Apps.applicant().token()).header("If-Match", tag).contentType(MERGE).body("{}")
                .patch(APPLICATIONS + "/" + id).then().statusCode(404).body("code", equalTo("not-found"));
        given().contentType(MERGE).body("{}").patch(APPLICATIONS + "/" + id).then()
                .statusCode(401);
    }

    @Test
    void patchOnlyWhileEditable() {
        var applicant = Apps.applicant();
        String id = Apps.submittedAddressChange(applicant);
        as(applicant.token()).header("If-Match", etag(applicant.token(), id))
                .contentType(MERGE).body("{\"newAddress\": \"x\"}")
                .patch(APPLICATIONS + "/" + id).then().statusCode(409).contentType(PROBLEM)
                .body("code", equalTo("invalid-transition"));
    }

    // ---- materials --------------------------------------------------------------------------------------------

    @Test
    void attachesOwnDocumentsOnly() {
        var applicant = Apps.applicant();
        String id = draft(applicant.token(), "ADDRESS_CHANGE");
        String documentId = document(applicant.token());
        attach(applicant.token(), id, "TENANCY_PROOF", documentId).then().statusCode(200)
                .body("materials[0].state", equalTo("satisfied"))
                .body("materials[0].materials.find { it.code == 'TENANCY_PROOF' }.evidence.source", equalTo("UPLOAD"))
                .body("materials[0].materials.find { it.code == 'TENANCY_PROOF' }.evidence.documentId",
                        equalTo(documentId));
        var stranger = Apps.applicant();
        attach(applicant.token(), id, "TENANCY_PROOF", document(stranger.token())).then().statusCode(404)
                .contentType(PROBLEM).body("code", equalTo("not-found"));
        attach(applicant.token(), id, "ID_PHOTO", documentId).then().statusCode(400).contentType(PROBLEM)
                .body("code", equalTo("validation-failed")).body("invalidParams[0].name", equalTo("materialCode"));
        as(applicant.token()).header("If-Match", etag(applicant.token(), id)).contentType(ContentType.JSON)
                .body(Map.of("materialCode", "TENANCY_PROOF")).post(APPLICATIONS + "/" + id + "/materials").then()
                .statusCode(400).body("code", equalTo("validation-failed"));
        as(applicant.token()).contentType(ContentType.JSON)
                .body(Map.of("materialCode", "TENANCY_PROOF", "documentId", documentId))
                .post(APPLICATIONS + "/" + id + "/materials").then().statusCode(428)
                .body("code", equalTo("precondition-required"));
        as(stranger.token()).header("If-Match", "*").contentType(ContentType.JSON)
                .body(Map.of("materialCode", "TENANCY_PROOF", "documentId", document(stranger.token())))
                .post(APPLICATIONS + "/" + id + "/materials").then().statusCode(404).body("code", equalTo("not-found"));
    }

    // ---- submit -----------------------------------------------------------------------------------------------

    @Test
    void submitNamesMissingMaterials() {
        var applicant = Apps.applicant();
        String id = create(applicant.token(), "ADDRESS_CHANGE", Map.of("newAddress", "重庆市南岸区测试路2号")).then()
                .statusCode(201).extract().path("id");
        // PROPERTY_CERTIFICATE (SHARED) oneOf TENANCY_PROOF: without consent the shared one could only be fetched
        act(applicant.token(), id, "submit", Map.of()).then().statusCode(422).contentType(PROBLEM)
                .body("code", equalTo("consent-required"))
                .body("invalidParams.name", equalTo(List.of("PROPERTY_CERTIFICATE")));
        // with consent the housing department does not answer: marked unavailable, the alternative is missing
        ScriptedSharedMaterialFetcher.answer(UUID.fromString(id), "PROPERTY_CERTIFICATE",
                new SharedMaterialFetcher.Unavailable("source-unavailable", "住房城乡建设部门暂时无法查询"));
        act(applicant.token(), id, "submit", Map.of("consentToDataSharing", true)).then().statusCode(422)
                .contentType(PROBLEM).body("code", equalTo("materials-missing"))
                .body("invalidParams.name", containsInAnyOrder("PROPERTY_CERTIFICATE", "TENANCY_PROOF"))
                .body("invalidParams.find { it.name == 'PROPERTY_CERTIFICATE' }.code", equalTo("unavailable"))
                .body("invalidParams.find { it.name == 'TENANCY_PROOF' }.code", equalTo("missing"));
        as(applicant.token()).get(APPLICATIONS + "/" + id).then().statusCode(200).body("status", equalTo("DRAFT"))
                .body("materials[0].state", equalTo("unavailable"))
                .body("materials[0].materials.find { it.code == 'PROPERTY_CERTIFICATE' }.unavailable.reason",
                        equalTo("source-unavailable"))
                .body("consentToDataSharing", equalTo(true));
        // never a dead end: upload the alternative and submit
        attach(applicant.token(), id, "TENANCY_PROOF", document(applicant.token())).then().statusCode(200);
        act(applicant.token(), id, "submit", Map.of("consentToDataSharing", true)).then().statusCode(200)
                .body("status", equalTo("SUBMITTED")).body("handlingStation", equalTo(STATION))
                .body("acceptanceDueDate", equalTo("2026-10-13")).body("remainingWorkingDays", equalTo(5))
                .body("overdue", equalTo(false)).body("timeline[1].action", equalTo("submit"))
                .body("timeline[1].actorRole", equalTo("CITIZEN"));
        // submitted: the drafts' endpoints refuse
        act(applicant.token(), id, "submit", Map.of()).then().statusCode(409).contentType(PROBLEM)
                .body("code", equalTo("invalid-transition"));
        attach(applicant.token(), id, "TENANCY_PROOF", document(applicant.token())).then().statusCode(409)
                .body("code", equalTo("invalid-transition"));
    }

    @Test
    void fetchedEvidenceSatisfiesASharedMaterial() {
        var applicant = Apps.applicant();
        String id = create(applicant.token(), "BIRTH_REGISTRATION",
                Map.of("childName", "张小满", "childSex", "F", "childBirthDate", "2026-09-20")).then().statusCode(201)
                .extract().path("id");
        ScriptedSharedMaterialFetcher.answer(UUID.fromString(id), "BIRTH_MEDICAL_CERTIFICATE",
                new SharedMaterialFetcher.Fetched("O500108202609200001", Instant.parse("2026-09-30T01:59:00Z"),
                        "sha256:00", Map.of("childName", "张小满")));
        act(applicant.token(), id, "submit", Map.of("consentToDataSharing", true)).then().statusCode(200)
                .body("status", equalTo("SUBMITTED")).body("consentToDataSharing", equalTo(true))
                .body("materials[0].state", equalTo("satisfied"))
                .body("materials[0].materials[0].evidence.source", equalTo("SHARED"))
                .body("materials[0].materials[0].evidence.sourceDepartment", equalTo("HEALTH"))
                .body("materials[0].materials[0].evidence.reference", equalTo("O500108202609200001"))
                .body("materials[0].materials[0].evidence.facts.childName", equalTo("张小满"))
                .body("optionalMaterials.code", equalTo(List.of("MARRIAGE_CERTIFICATE")))
                // 1 working day from acceptance; 5 for acceptance
                .body("acceptanceDueDate", equalTo("2026-10-13"));
    }

    @Test
    void oneOfMaterialsAreSatisfiedByEitherAlternative() {
        // the spouse moves (a head with other members may not) to another household of the register
        var family = fixtures.household(Relationship.HEAD, Relationship.SPOUSE);
        var target = fixtures.household(Relationship.HEAD);
        var applicant = TestCitizens.boundAtL3(family.member(Relationship.SPOUSE).id());
        String token = applicant.accessToken();
        String id = create(token, "MOVE_IN", Map.of("targetHouseholdNumber", target.householdNumber(),
                "relationshipToHead", "SPOUSE")).then().statusCode(201).extract().path("id");
        attach(token, id, "ID_PHOTO", document(token)).then().statusCode(200);
        // PROPERTY_CERTIFICATE oneOf RELATIONSHIP_PROOF is still open
        act(token, id, "submit", Map.of()).then().statusCode(422).body("code", equalTo("consent-required"))
                .body("invalidParams.name", equalTo(List.of("PROPERTY_CERTIFICATE")));
        attach(token, id, "RELATIONSHIP_PROOF", document(token)).then().statusCode(200)
                .body("materials.state", everyItem(equalTo("satisfied")));
        // everything uploaded: no consent needed
        act(token, id, "submit", Map.of()).then().statusCode(200).body("status", equalTo("SUBMITTED"))
                .body("consentToDataSharing", equalTo(false));
    }

    @Test
    void instantServiceCompletesAtOnceBySystem() {
        var applicant = Apps.applicant();
        String id = create(applicant.token(), "HOUSEHOLD_CERTIFICATE", Map.of("purpose", "办理入学")).then()
                .statusCode(201).extract().path("id");
        act(applicant.token(), id, "submit", Map.of()).then().statusCode(200).body("status", equalTo("COMPLETED"))
                .body("timeline.action", equalTo(List.of("create", "submit", "approve")))
                .body("timeline[2].actorRole", equalTo("SYSTEM")).body("timeline[2].fromStatus", equalTo("SUBMITTED"))
                .body("timeline[2].toStatus", equalTo("COMPLETED")).body("decidedAt", notNullValue())
                .body("overdue", equalTo(false)).body("remainingWorkingDays", nullValue())
                .body("materials[0].materials[0].evidence.source", equalTo("REGISTRY"));
    }

    @Test
    void submitAndWithdrawNeedTheOwnerAndATag() {
        var applicant = Apps.applicant();
        String id = draft(applicant.token(), "HOUSEHOLD_CERTIFICATE");
        as(applicant.token()).contentType(ContentType.JSON).body(Map.of()).post(APPLICATIONS + "/" + id + "/submit")
                .then().statusCode(428).contentType(PROBLEM).body("code", equalTo("precondition-required"));
        as(applicant.token()).header("If-Match", "\"nope\"").contentType(ContentType.JSON).body(Map.of())
                .post(APPLICATIONS + "/" + id + "/submit").then().statusCode(412).body("code", equalTo("stale"));
        as(Apps.applicant().token()).header("If-Match", "*").contentType(ContentType.JSON).body(Map.of())
                .post(APPLICATIONS + "/" + id + "/withdraw").then().statusCode(404).body("code", equalTo("not-found"));
        as(applicant.token()).header("If-Match", etag(applicant.token(), id)).contentType(ContentType.JSON)
                .body("{\"consentToDataSharing\": \"maybe\"}").post(APPLICATIONS + "/" + id + "/submit").then()
                .statusCode(400).contentType(PROBLEM);
        as(officer()).header("If-Match", "*").contentType(ContentType.JSON).body(Map.of())
                .post(APPLICATIONS + "/" + id + "/accept").then().statusCode(404).body("code", equalTo("not-found"));
        act(applicant.token(), id, "withdraw", Map.of("comment", "不办了")).then().statusCode(200)
                .body("status", equalTo("WITHDRAWN")).body("timeline[1].comment", equalTo("不办了"));
        act(applicant.token(), id, "withdraw").then().statusCode(409).body("code", equalTo("invalid-transition"));
    }

    @Test
    void idempotentRetryReplaysInsteadOf412() {
        var applicant = Apps.applicant();
        String id = draft(applicant.token(), "HOUSEHOLD_CERTIFICATE");
        String tag = etag(applicant.token(), id);
        String key = UUID.randomUUID().toString();
        var first = as(applicant.token()).header("If-Match", tag).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(Map.of()).post(APPLICATIONS + "/" + id + "/withdraw");
        first.then().statusCode(200);
        as(applicant.token()).header("If-Match", tag).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(Map.of()).post(APPLICATIONS + "/" + id + "/withdraw").then().statusCode(200)
                .header("Idempotent-Replayed", "true").header("ETag", equalTo(first.header("ETag")))
                .body("status", endsWith("WITHDRAWN"));
    }
}
