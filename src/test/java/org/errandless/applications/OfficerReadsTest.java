package org.errandless.applications;

import static org.errandless.applications.Apps.APPLICATIONS;
import static org.errandless.applications.Apps.STATION;
import static org.errandless.applications.Apps.act;
import static org.errandless.applications.Apps.as;
import static org.errandless.applications.Apps.attach;
import static org.errandless.applications.Apps.create;
import static org.errandless.applications.Apps.document;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.errandless.audit.AccessLog;
import org.errandless.audit.AccessRecord;
import org.errandless.catalog.SourceDepartment;
import org.errandless.common.security.Roles;
import org.errandless.common.time.TestBusinessClock;
import org.errandless.registry.RegisterChangeKind;
import org.errandless.registry.RegistryFixtures;
import org.errandless.registry.RegistryService;
import org.errandless.registry.Relationship;
import org.errandless.sharing.providers.SharedDataCalls;
import org.errandless.sharing.providers.SharedDataProvider;
import org.errandless.sharing.providers.SharedDataProviders;
import org.errandless.sharing.providers.SharedDataStubs;
import org.errandless.support.ProviderStub;
import org.errandless.support.TestCitizens;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The data-access log tells the whole truth without noise (issue 11 item 10): an officer's read of an application is
 * recorded for every person of the register it shows (the applicant, the other parent and the newborn of a birth,
 * the deceased of a death), each of whom sees it in {@code GET /me/data-access}; a 304 or a long-poll that times out
 * is no read; the same officer's reads of the same application within ten minutes are one entry with a count.
 */
@QuarkusTest
class OfficerReadsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OFFICER_READ = "办件材料";

    @Inject
    RegistryFixtures fixtures;
    @Inject
    RegistryService registry;
    @Inject
    AccessLog accessLog;

    private static String officer() {
        return TestTokens.staff(Roles.OFFICER, STATION).accessToken();
    }

    /** The officers' reads of applications on a citizen's own list, newest first. */
    private static List<Map<String, Object>> officerReadsSeenBy(String token) {
        JsonPath page = as(token).queryParam("limit", 100).get("/api/v1/me/data-access").then().statusCode(200)
                .extract().jsonPath();
        return page.getList("items.findAll { it.what == '" + OFFICER_READ + "' }");
    }

    @Test
    void aBirthIsReadForBothParentsAndOnceRegisteredForTheNewborn() throws Exception {
        RegistryFixtures.Family family = fixtures.household(Relationship.HEAD, Relationship.SPOUSE);
        var father = family.member(Relationship.HEAD);
        var mother = family.member(Relationship.SPOUSE);
        String fatherToken = TestCitizens.boundTo(father.id()).accessToken();
        String motherToken = TestCitizens.boundTo(mother.id()).accessToken();
        String id;
        try (ProviderStub health = ProviderStub.start()) {
            health.byDefault(ProviderStub.answer(200, JSON.writeValueAsString(Map.of("reference", "Q500108260078",
                    "facts", Map.of("childName", "测试宝宝", "childSex", "F", "childBirthDate", "2026-09-25",
                            "fatherName", father.name(), "fatherIdNumber", father.idNumber(),
                            "motherName", mother.name(), "motherIdNumber", mother.idNumber()),
                    "subjects", List.of(father.idNumber(), mother.idNumber())))));
            Map<SourceDepartment, SharedDataProvider> providers = new EnumMap<>(SourceDepartment.class);
            providers.put(SourceDepartment.HEALTH, SharedDataStubs.provider(SourceDepartment.HEALTH, health,
                    new SharedDataCalls(), Duration.ofSeconds(5)));
            QuarkusMock.installMockForType(new SharedDataProviders(providers), SharedDataProviders.class);

            id = create(fatherToken, "BIRTH_REGISTRATION",
                    Map.of("childName", "测试宝宝", "childSex", "F", "childBirthDate", "2026-09-25")).then()
                    .statusCode(201).extract().path("id");
            act(fatherToken, id, "submit", Map.of("consentToDataSharing", true)).then().statusCode(200);
        }
        String officer = officer();
        as(officer).get(APPLICATIONS + "/" + id).then().statusCode(200);

        // the evidence shows the mother (masked): she sees the officer's read on her own list, as the father does
        assertEquals(1, officerReadsSeenBy(motherToken).size());
        assertEquals(1, officerReadsSeenBy(fatherToken).size());

        act(officer, id, "accept").then().statusCode(200);
        act(officer, id, "approve").then().statusCode(200);
        UUID newborn = registry.changesOfApplication(UUID.fromString(id)).stream()
                .filter(change -> change.kind() == RegisterChangeKind.BORN).findFirst().orElseThrow().personId();
        assertEquals(0, officerReads(newborn).size());
        as(officer).get(APPLICATIONS + "/" + id).then().statusCode(200);

        List<AccessRecord> newbornReads = officerReads(newborn);
        assertEquals(1, newbornReads.size());
        assertEquals("审核出生登记申请", newbornReads.get(0).purpose());
    }

    @Test
    void aDeathIsReadForTheDeceased() {
        RegistryFixtures.Family family = fixtures.household(Relationship.HEAD, Relationship.SPOUSE);
        var deceased = family.member(Relationship.SPOUSE);
        String applicantToken = TestCitizens.boundTo(family.member(Relationship.HEAD).id()).accessToken();
        String deceasedToken = TestCitizens.boundTo(deceased.id()).accessToken();
        String id = create(applicantToken, "DEATH_DEREGISTRATION", Map.of("deceasedPersonId", deceased.id().toString(),
                "dateOfDeath", "2026-09-25")).then().statusCode(201).extract().path("id");
        attach(applicantToken, id, "DEATH_MEDICAL_CERTIFICATE", document(applicantToken)).then().statusCode(200);
        act(applicantToken, id, "submit", Map.of("consentToDataSharing", false)).then().statusCode(200);

        as(officer()).get(APPLICATIONS + "/" + id).then().statusCode(200);

        List<Map<String, Object>> reads = officerReadsSeenBy(deceasedToken);
        assertEquals(1, reads.size());
        assertEquals("审核死亡注销申请", reads.get(0).get("purpose"));
        assertEquals(1, officerReadsSeenBy(applicantToken).size());
    }

    @Test
    void repeatedReadsFoldAndReadsOfNothingNewAreNoReads() {
        var applicant = Apps.applicant();
        String id = Apps.submittedAddressChange(applicant);
        String officer = officer();

        String etag = null;
        for (int i = 0; i < 3; i++) {
            etag = as(officer).get(APPLICATIONS + "/" + id).then().statusCode(200).extract().header("ETag");
        }
        List<Map<String, Object>> reads = officerReadsSeenBy(applicant.token());
        assertEquals(1, reads.size());
        assertEquals(3, reads.get(0).get("count"));
        assertEquals(reads.get(0).get("when"), reads.get(0).get("lastAt"));

        // nothing new: a 304, and a long-poll that waits for an event that does not come
        as(officer).header("If-None-Match", etag).get(APPLICATIONS + "/" + id).then().statusCode(304);
        as(officer).queryParam("after", 2).queryParam("waitSeconds", 1).get(APPLICATIONS + "/" + id + "/timeline")
                .then().statusCode(200).body("items", org.hamcrest.Matchers.empty());
        assertEquals(3, officerReadsSeenBy(applicant.token()).get(0).get("count"));

        // the timeline's events are the application's too: the same entry
        as(officer).queryParam("after", 0).get(APPLICATIONS + "/" + id + "/timeline").then().statusCode(200)
                .body("items.size()", org.hamcrest.Matchers.greaterThan(0));
        reads = officerReadsSeenBy(applicant.token());
        assertEquals(1, reads.size());
        assertEquals(4, reads.get(0).get("count"));

        // another officer is another reader
        as(officer()).get(APPLICATIONS + "/" + id).then().statusCode(200);
        assertEquals(2, officerReadsSeenBy(applicant.token()).size());

        // later than ten minutes after the first read: a new entry
        TestBusinessClock.advanceDays(1);
        try {
            as(officer).get(APPLICATIONS + "/" + id).then().statusCode(200);
        } finally {
            TestBusinessClock.reset();
        }
        reads = officerReadsSeenBy(applicant.token());
        assertEquals(3, reads.size());
        assertEquals(1, reads.get(0).get("count"));
        assertEquals(List.of(1, 1, 4), reads.stream().map(read -> read.get("count")).toList());
    }

    private List<AccessRecord> officerReads(UUID person) {
        return accessLog.listForPerson(person, null, 100).items().stream()
                .filter(record -> record.what().equals("application")).toList();
    }
}
