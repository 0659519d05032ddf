package org.errandless.applications;

import static org.errandless.applications.Apps.APPLICATIONS;
import static org.errandless.applications.Apps.PROBLEM;
import static org.errandless.applications.Apps.STATION;
import static org.errandless.applications.Apps.act;
import static org.errandless.applications.Apps.as;
import static org.errandless.applications.Apps.attach;
import static org.errandless.applications.Apps.create;
import static org.errandless.applications.Apps.document;
import static org.errandless.applications.Apps.etag;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.errandless.common.security.Roles;
import org.errandless.registry.RegisterChangeKind;
import org.errandless.registry.RegisterChangeView;
import org.errandless.registry.RegistryService;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Every row of the transition table over HTTP, a sample of refused moves, the supplement rule and the race. */
@QuarkusTest
class ApplicationTransitionsTest {

    /** Observes the transitions as other features will (synchronously, in the transaction). */
    @Singleton
    static class Observed {
        static final List<ApplicationStatusChanged> EVENTS = new CopyOnWriteArrayList<>();

        void on(@Observes ApplicationStatusChanged changed) {
            EVENTS.add(changed);
        }
    }

    @Inject
    RegistryService registry;

    private static String officer() {
        return TestTokens.staff(Roles.OFFICER, STATION).accessToken();
    }

    private static void refused(String token, String id, String action, Object body) {
        act(token, id, action, body).then().statusCode(409).contentType(PROBLEM)
                .body("code", equalTo("invalid-transition"));
    }

    private static List<ApplicationStatusChanged> eventsOf(String id) {
        return Observed.EVENTS.stream().filter(event -> event.applicationId().toString().equals(id)).toList();
    }

    @Test
    void acceptSuspendResumeApprove() {
        var applicant = Apps.applicant();
        String id = Apps.submittedAddressChange(applicant);
        String officer = officer();
        // refused before acceptance
        refused(officer, id, "approve", Map.of());
        refused(officer, id, "suspend", Map.of("reason", "核查"));
        refused(officer, id, "resume", Map.of());
        refused(officer, id, "complete", Map.of());
        act(officer, id, "accept", Map.of("comment", "予以受理")).then().statusCode(200)
                .body("status", equalTo("ACCEPTED")).body("acceptedAt", notNullValue())
                // ADDRESS_CHANGE: 5 working days from 2026-09-30
                .body("dueDate", equalTo("2026-10-13"));
        refused(officer, id, "accept", Map.of());
        refused(officer, id, "request-supplement", Map.of("missingMaterials", List.of("TENANCY_PROOF")));
        act(officer, id, "suspend", Map.of("reason", "需实地核查")).then().statusCode(200)
                .body("status", equalTo("SUSPENDED")).body("suspendedOn", equalTo("2026-09-30"))
                .body("overdue", equalTo(false));
        refused(officer, id, "approve", Map.of());
        refused(officer, id, "suspend", Map.of("reason", "again"));
        act(officer, id, "resume").then().statusCode(200).body("status", equalTo("ACCEPTED"))
                .body("suspendedOn", nullValue()).body("dueDate", equalTo("2026-10-13"));
        act(officer, id, "approve", Map.of("comment", "准予变更")).then().statusCode(200)
                .body("status", equalTo("COMPLETED")).body("decidedAt", notNullValue())
                .body("remainingWorkingDays", nullValue());
        refused(officer, id, "complete", Map.of());
        refused(applicant.token(), id, "withdraw", Map.of());
        List<ApplicationStatusChanged> events = eventsOf(id);
        assertEquals(List.of("create", "submit", "accept", "suspend", "resume", "approve"),
                events.stream().map(ApplicationStatusChanged::action).toList());
        ApplicationStatusChanged approved = events.get(events.size() - 1);
        assertEquals(ApplicationStatus.ACCEPTED, approved.from());
        assertEquals(ApplicationStatus.COMPLETED, approved.to());
        assertEquals(STATION, approved.handlingStation());
        assertEquals(6, approved.sequence());
        assertEquals(null, events.get(0).from());
    }

    @Test
    void approveWithHandOverThenComplete() {
        var applicant = Apps.applicant(true);
        String id = create(applicant.token(), "ID_CARD_RENEWAL", Map.of("reason", "EXPIRED")).then().statusCode(201)
                .extract().path("id");
        attach(applicant.token(), id, "ID_PHOTO", document(applicant.token())).then().statusCode(200);
        act(applicant.token(), id, "submit").then().statusCode(200);
        String officer = officer();
        // 60 calendar days from 2026-09-30
        act(officer, id, "accept").then().statusCode(200).body("dueDate", equalTo("2026-11-29"));
        act(officer, id, "approve").then().statusCode(200).body("status", equalTo("APPROVED"))
                .body("dueDate", equalTo("2026-11-29")).body("overdue", equalTo(false));
        refused(applicant.token(), id, "withdraw", Map.of());
        refused(officer, id, "approve", Map.of());
        act(officer, id, "complete", Map.of("comment", "已领取新证")).then().statusCode(200)
                .body("status", equalTo("COMPLETED"));
    }

    @Test
    void refusalToAcceptAndRejectionOnTheMerits() {
        var applicant = Apps.applicant();
        String officer = officer();
        String refusedId = Apps.submittedAddressChange(applicant);
        act(officer, refusedId, "reject", Map.of()).then().statusCode(400).contentType(PROBLEM)
                .body("code", equalTo("validation-failed")).body("invalidParams.name", hasItem("reason"));
        act(officer, refusedId, "reject", Map.of("reason", "不属于本所管辖")).then().statusCode(200)
                .body("status", equalTo("REJECTED")).body("decision.reason", equalTo("不属于本所管辖"))
                .body("decision.legalBasis", nullValue());
        refused(officer, refusedId, "accept", Map.of());

        String meritsId = Apps.submittedAddressChange(applicant);
        act(officer, meritsId, "accept").then().statusCode(200);
        act(officer, meritsId, "reject", Map.of("reason", "地址不存在")).then().statusCode(400)
                .contentType(PROBLEM).body("code", equalTo("validation-failed"))
                .body("invalidParams[0].name", equalTo("legalBasis"));
        act(officer, meritsId, "reject", Map.of("reason", "地址不存在", "legalBasis", "《户口登记条例》第十八条"))
                .then().statusCode(200).body("status", equalTo("REJECTED"))
                .body("decision.legalBasis", equalTo("《户口登记条例》第十八条"));
    }

    @Test
    void supplementOnceThenResubmitAndWithdraw() {
        var applicant = Apps.applicant();
        String id = Apps.submittedAddressChange(applicant);
        String officer = officer();
        act(officer, id, "request-supplement", Map.of("missingMaterials", List.of("NOT_A_MATERIAL"))).then()
                .statusCode(400).body("code", equalTo("validation-failed"));
        act(officer, id, "request-supplement", Map.of("missingMaterials", List.of())).then().statusCode(400)
                .body("code", equalTo("validation-failed"));
        act(officer, id, "request-supplement",
                Map.of("missingMaterials", List.of("TENANCY_PROOF"), "comment", "租赁合同不清晰")).then()
                .statusCode(200).body("status", equalTo("SUPPLEMENT_REQUIRED"))
                .body("supplementRequest.missingMaterials", equalTo(List.of("TENANCY_PROOF")))
                .body("supplementRequest.comment", equalTo("租赁合同不清晰"))
                // the clock is with the citizen
                .body("acceptanceDueDate", nullValue()).body("dueDate", nullValue())
                .body("remainingWorkingDays", nullValue()).body("overdue", equalTo(false));
        refused(officer, id, "accept", Map.of());
        // the citizen may change the form and the materials, then resubmit
        as(applicant.token()).header("If-Match", etag(applicant.token(), id))
                .contentType("application/merge-patch+json; charset=UTF-8").body("{\"newAddress\": \"新地址\"}")
                .patch(APPLICATIONS + "/" + id).then().statusCode(200);
        attach(applicant.token(), id, "TENANCY_PROOF", document(applicant.token())).then().statusCode(200);
        act(applicant.token(), id, "submit").then().statusCode(200).body("status", equalTo("SUBMITTED"))
                .body("acceptanceDueDate", equalTo("2026-10-13"));
        act(officer, id, "request-supplement", Map.of("missingMaterials", List.of("TENANCY_PROOF"))).then()
                .statusCode(409).contentType(PROBLEM).body("code", equalTo("supplement-already-requested"));
        act(applicant.token(), id, "withdraw").then().statusCode(200).body("status", equalTo("WITHDRAWN"));
        refused(applicant.token(), id, "submit", Map.of());
    }

    @Test
    void withdrawFromEveryOpenStatusTheTableAllows() {
        var applicant = Apps.applicant();
        String officer = officer();
        String draft = Apps.draft(applicant.token(), "ADDRESS_CHANGE");
        act(applicant.token(), draft, "withdraw").then().statusCode(200).body("status", equalTo("WITHDRAWN"));
        String submitted = Apps.submittedAddressChange(applicant);
        act(applicant.token(), submitted, "withdraw").then().statusCode(200);
        String accepted = Apps.submittedAddressChange(applicant);
        act(officer, accepted, "accept").then().statusCode(200);
        act(applicant.token(), accepted, "withdraw").then().statusCode(200);
        String suspended = Apps.submittedAddressChange(applicant);
        act(officer, suspended, "accept").then().statusCode(200);
        act(officer, suspended, "suspend", Map.of("reason", "核查")).then().statusCode(200);
        act(applicant.token(), suspended, "withdraw").then().statusCode(200).body("suspendedOn", nullValue());
        // officers may not withdraw, citizens may not accept
        String other = Apps.submittedAddressChange(applicant);
        as(officer).header("If-Match", "*").contentType(ContentType.JSON).body(Map.of())
                .post(APPLICATIONS + "/" + other + "/withdraw").then().statusCode(403)
                .body("code", equalTo("forbidden"));
        as(applicant.token()).header("If-Match", "*").contentType(ContentType.JSON).body(Map.of())
                .post(APPLICATIONS + "/" + other + "/accept").then().statusCode(403);
        // another station's officer: as if it did not exist
        as(TestTokens.staff(Roles.OFFICER, "50010301").accessToken()).header("If-Match", "*")
                .contentType(ContentType.JSON).body(Map.of()).post(APPLICATIONS + "/" + other + "/accept").then()
                .statusCode(404).body("code", equalTo("not-found"));
        as(officer).contentType(ContentType.JSON).body(Map.of()).post(APPLICATIONS + "/" + other + "/accept").then()
                .statusCode(428).body("code", equalTo("precondition-required"));
    }

    @Test
    void twoOfficersApproveAtOnceExactlyOneWins() throws Exception {
        var applicant = Apps.applicant();
        String id = Apps.submittedAddressChange(applicant);
        approveAtOnce(id);
        List<String> actions = as(officer()).get(APPLICATIONS + "/" + id).then().statusCode(200)
                .body("status", equalTo("COMPLETED")).extract().path("timeline.toStatus");
        assertEquals(1, actions.stream().filter("COMPLETED"::equals).count());
        // the loser's effect was rolled back with it: the register changed once
        List<RegisterChangeView> changes = registry.changesOfApplication(UUID.fromString(id));
        assertEquals(List.of(RegisterChangeKind.ADDRESS_CHANGED), changes.stream().map(RegisterChangeView::kind)
                .toList());
        assertEquals("重庆市南岸区测试路2号", registry.household(applicant.family().householdId()).orElseThrow().address());
    }

    @Test
    void twoOfficersApproveABirthAtOnceOneNewbornIsRegistered() throws Exception {
        var applicant = Apps.applicant();
        String id = create(applicant.token(), "BIRTH_REGISTRATION",
                Map.of("childName", "测试竞速", "childSex", "F", "childBirthDate", "2026-09-21")).then()
                .statusCode(201).extract().path("id");
        attach(applicant.token(), id, "BIRTH_MEDICAL_CERTIFICATE", document(applicant.token())).then()
                .statusCode(200);
        act(applicant.token(), id, "submit").then().statusCode(200);
        approveAtOnce(id);
        var household = registry.household(applicant.family().householdId()).orElseThrow();
        assertEquals(1, household.members().stream().filter(member -> member.name().equals("测试竞速")).count());
        assertEquals(List.of(RegisterChangeKind.BORN), registry.changesOfApplication(UUID.fromString(id)).stream()
                .map(RegisterChangeView::kind).toList());
    }

    /** Accepts, then lets two officers holding the same tag approve at the same moment: one 200, one 412. */
    private static void approveAtOnce(String id) throws Exception {
        String first = officer();
        String second = officer();
        act(first, id, "accept").then().statusCode(200);
        // both read the same representation, so both hold the same current tag
        String tagOfFirst = etag(first, id);
        String tagOfSecond = etag(second, id);
        assertEquals(tagOfFirst, tagOfSecond);
        CountDownLatch ready = new CountDownLatch(2);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (String[] officer : List.of(new String[] { first, tagOfFirst }, new String[] { second, tagOfSecond })) {
                answers.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return as(officer[0]).header("If-Match", officer[1]).contentType(ContentType.JSON)
                            .body(Map.of()).post(APPLICATIONS + "/" + id + "/approve").then()
                            .extract().statusCode();
                }));
            }
            assertTrue(ready.await(30, TimeUnit.SECONDS));
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get(60, TimeUnit.SECONDS));
            }
            Collections.sort(statuses);
            assertEquals(List.of(200, 412), statuses);
        } finally {
            pool.shutdownNow();
        }
    }
}
