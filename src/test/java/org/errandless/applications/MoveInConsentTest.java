package org.errandless.applications;

import static io.restassured.RestAssured.given;
import static org.errandless.applications.Apps.APPLICATIONS;
import static org.errandless.applications.Apps.PROBLEM;
import static org.errandless.applications.Apps.act;
import static org.errandless.applications.Apps.as;
import static org.errandless.applications.Apps.attach;
import static org.errandless.applications.Apps.create;
import static org.errandless.applications.Apps.document;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.errandless.common.crypto.PersonalDataKind;
import org.errandless.common.crypto.PersonalDataProtector;
import org.errandless.common.security.Roles;
import org.errandless.registry.RegistryFixtures;
import org.errandless.registry.Relationship;
import org.errandless.support.TestCitizens;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * MOVE_IN into a household someone else heads (投靠): the head is asked by SMS once, answers in their own app, and the
 * station approves only with the consent; on fresh households of the register (never the demo people).
 */
@QuarkusTest
class MoveInConsentTest {

    private static final String REQUESTS = "/api/v1/me/consent-requests";
    /** A station of the demo data other than the fixtures' own: the receiving households are kept there. */
    private static final String OTHER_STATION = "50010301";

    @Inject
    RegistryFixtures fixtures;
    @Inject
    PersonalDataProtector protector;
    @Inject
    AgroalDataSource dataSource;

    /** A submitted MOVE_IN of a spouse into a fresh household at {@link #OTHER_STATION}, and who is who. */
    private record MoveIn(String id, String applicantToken, UUID applicantAccountId, String applicantName,
            RegistryFixtures.Member head, RegistryFixtures.Family receiving, TestCitizens.SignedIn headAccount) {
    }

    /**
     * A submitted MOVE_IN; the head has {@code headMobile} on the register when given, else an account (signed in
     * before the submission, {@link MoveIn#headAccount}).
     */
    private MoveIn submittedMoveIn(String headMobile) throws SQLException {
        var family = fixtures.household(Relationship.HEAD, Relationship.SPOUSE);
        var receiving = fixtures.householdAt(OTHER_STATION, Relationship.HEAD, Relationship.SON);
        var head = receiving.member(Relationship.HEAD);
        TestCitizens.SignedIn headAccount = null;
        if (headMobile != null) {
            setMobile(head.id(), headMobile);
        } else {
            headAccount = TestCitizens.boundTo(head.id());
        }
        var mover = family.member(Relationship.SPOUSE);
        var applicant = TestCitizens.boundAtL3(mover.id());
        String token = applicant.accessToken();
        String id = create(token, "MOVE_IN", Map.of("targetHouseholdNumber", receiving.householdNumber(),
                "relationshipToHead", "DAUGHTER")).then().statusCode(201).extract().path("id");
        attach(token, id, "ID_PHOTO", Photos.upload(token, "png")).then().statusCode(200);
        attach(token, id, "RELATIONSHIP_PROOF", document(token)).then().statusCode(200);
        act(token, id, "submit").then().statusCode(200).body("status", equalTo("SUBMITTED"))
                .body("moveInConsent.state", equalTo("PENDING")).body("moveInConsent.askedAt", notNullValue())
                .body("moveInConsent.answeredAt", nullValue());
        return new MoveIn(id, token, applicant.accountId(), mover.name(), head, receiving, headAccount);
    }

    private static String officer() {
        return TestTokens.staff(Roles.OFFICER, OTHER_STATION).accessToken();
    }

    private static String requestOf(String headToken, String applicationId) {
        return as(headToken).queryParam("limit", 100).get(REQUESTS).then().statusCode(200).extract().jsonPath()
                .getString("items.find { it.applicationId == '" + applicationId + "' }.id");
    }

    private static Response answer(String token, String requestId, String verb) {
        return as(token).post(REQUESTS + "/" + requestId + "/" + verb);
    }

    @Test
    void theHeadIsAskedOnceBySmsAndTheOfficerApprovesOnlyWithTheConsent() throws Exception {
        String mobile = TestCitizens.newPhone();
        MoveIn moveIn = submittedMoveIn(mobile);
        List<String> texts = consentSms(mobile);
        assertEquals(1, texts.size(), "one SMS to the head's registered mobile");
        String masked = moveIn.applicantName().substring(0, 1) + "*".repeat(moveIn.applicantName().length() - 1);
        assertTrue(texts.get(0).contains(masked), texts.get(0));
        assertFalse(texts.get(0).contains(moveIn.applicantName()), "the SMS names the applicant only masked");

        // a supplement round and the resubmission ask nobody again
        String officer = officer();
        act(officer, moveIn.id(), "request-supplement", Map.of("missingMaterials", List.of("ID_PHOTO"),
                "comment", "照片不清晰")).then().statusCode(200);
        act(moveIn.applicantToken(), moveIn.id(), "submit").then().statusCode(200)
                .body("status", equalTo("SUBMITTED")).body("moveInConsent.state", equalTo("PENDING"));
        assertEquals(1, consentSms(mobile).size(), "still one SMS after the resubmission");

        act(officer, moveIn.id(), "accept").then().statusCode(200).body("moveInConsent.state", equalTo("PENDING"));
        act(officer, moveIn.id(), "approve").then().statusCode(409).contentType(PROBLEM)
                .body("code", equalTo("consent-missing"));

        String head = TestCitizens.boundTo(moveIn.head().id()).accessToken();
        JsonPath list = as(head).get(REQUESTS).then().statusCode(200).extract().jsonPath();
        assertEquals(1, list.getList("items").size());
        assertEquals(moveIn.id(), list.getString("items[0].applicationId"));
        assertEquals(masked, list.getString("items[0].applicantName"));
        assertEquals("DAUGHTER", list.getString("items[0].relationshipToHead"));
        assertEquals("MOVE_IN", list.getString("items[0].serviceCode"));
        assertEquals("PENDING", list.getString("items[0].state"));
        String request = list.getString("items[0].id");

        String answeredAt = answer(head, request, "grant").then().statusCode(200).body("state", equalTo("GRANTED"))
                .body("answeredAt", notNullValue()).extract().path("answeredAt");
        // a retry is answered as before; the other answer is refused
        answer(head, request, "grant").then().statusCode(200).body("state", equalTo("GRANTED"))
                .body("answeredAt", equalTo(answeredAt));
        answer(head, request, "refuse").then().statusCode(409).contentType(PROBLEM)
                .body("code", equalTo("consent-already-answered"));
        assertEquals(1, auditCount(request, "application.consent.grant"));

        // the applicant sees it and was told; the officer sees it, and that read is recorded for the head
        as(moveIn.applicantToken()).get(APPLICATIONS + "/" + moveIn.id()).then().statusCode(200)
                .body("moveInConsent.state", equalTo("GRANTED")).body("moveInConsent.answeredAt", equalTo(answeredAt));
        as(moveIn.applicantToken()).queryParam("limit", 100).get("/api/v1/me/notifications").then().statusCode(200)
                .body("items.text", hasItem("您的户口迁入申请：迁入户户主已同意，派出所将继续办理。"));
        as(officer).get(APPLICATIONS + "/" + moveIn.id()).then().statusCode(200)
                .body("moveInConsent.state", equalTo("GRANTED"));
        as(head).queryParam("limit", 100).get("/api/v1/me/data-access").then().statusCode(200)
                .body("items.what", hasItem("办件材料")).body("items.purpose", hasItem("审核户口迁入（市内购房/投靠）申请"));

        act(officer, moveIn.id(), "approve").then().statusCode(200).body("status", equalTo("COMPLETED"));
        assertEquals(1, consentSms(mobile).size());
    }

    @Test
    void aRefusalBlocksTheApprovalAndTheOfficerRejectsWithAReason() throws Exception {
        // no mobile on the register: the head's account is told instead
        MoveIn moveIn = submittedMoveIn(null);
        var head = moveIn.headAccount();
        assertEquals(1, consentSms(head.phone()).size(), "the head's account phone got the SMS");
        String request = requestOf(head.accessToken(), moveIn.id());
        answer(head.accessToken(), request, "refuse").then().statusCode(200).body("state", equalTo("REFUSED"));
        answer(head.accessToken(), request, "grant").then().statusCode(409)
                .body("code", equalTo("consent-already-answered"));
        assertEquals(1, auditCount(request, "application.consent.refuse"));
        as(moveIn.applicantToken()).queryParam("limit", 100).get("/api/v1/me/notifications").then()
                .body("items.text", hasItem("您的户口迁入申请：迁入户户主未同意，详情请在APP中查看。"));

        String officer = officer();
        act(officer, moveIn.id(), "accept").then().statusCode(200).body("moveInConsent.state", equalTo("REFUSED"));
        act(officer, moveIn.id(), "approve").then().statusCode(409).body("code", equalTo("consent-missing"));
        act(officer, moveIn.id(), "reject", Map.of("reason", "迁入户户主不同意迁入", "legalBasis",
                "《重庆市户口迁移登记办法》")).then().statusCode(200).body("status", equalTo("REJECTED"))
                .body("moveInConsent.state", equalTo("REFUSED"));
    }

    @Test
    void withdrawalClosesThePendingRequest() throws Exception {
        MoveIn moveIn = submittedMoveIn(TestCitizens.newPhone());
        act(moveIn.applicantToken(), moveIn.id(), "withdraw").then().statusCode(200)
                .body("status", equalTo("WITHDRAWN")).body("moveInConsent.state", equalTo("CLOSED"));
        String head = TestCitizens.boundTo(moveIn.head().id()).accessToken();
        String request = requestOf(head, moveIn.id());
        as(head).get(REQUESTS).then().body("items[0].state", equalTo("CLOSED"));
        answer(head, request, "grant").then().statusCode(409).contentType(PROBLEM)
                .body("code", equalTo("consent-request-closed"));
        answer(head, request, "refuse").then().statusCode(409).body("code", equalTo("consent-request-closed"));
    }

    @Test
    void onlyTheHeadSeesAndAnswersTheRequest() throws Exception {
        MoveIn moveIn = submittedMoveIn(TestCitizens.newPhone());
        String head = TestCitizens.boundTo(moveIn.head().id()).accessToken();
        String request = requestOf(head, moveIn.id());

        // 401 without a token
        given().get(REQUESTS).then().statusCode(401).contentType(PROBLEM).body("code", equalTo("unauthorized"));
        given().post(REQUESTS + "/" + request + "/grant").then().statusCode(401).body("code", equalTo("unauthorized"));
        given().post(REQUESTS + "/" + request + "/refuse").then().statusCode(401)
                .body("code", equalTo("unauthorized"));
        // not theirs: another member of the receiving household, the applicant, another citizen: 404, nothing listed
        String son = TestCitizens.boundTo(moveIn.receiving().member(Relationship.SON).id()).accessToken();
        for (String other : List.of(son, moveIn.applicantToken(), Apps.applicant().token())) {
            as(other).get(REQUESTS).then().statusCode(200).body("items", hasSize(0));
            answer(other, request, "grant").then().statusCode(404).contentType(PROBLEM)
                    .body("code", equalTo("not-found"));
            answer(other, request, "refuse").then().statusCode(404).body("code", equalTo("not-found"));
        }
        answer(head, UUID.randomUUID().toString(), "grant").then().statusCode(404).body("code", equalTo("not-found"));
        // below L2, and staff
        String l1 = TestCitizens.signIn().accessToken();
        as(l1).get(REQUESTS).then().statusCode(403).body("code", equalTo("assurance-too-low"));
        answer(l1, request, "grant").then().statusCode(403).body("code", equalTo("assurance-too-low"));
        as(officer()).get(REQUESTS).then().statusCode(403).body("code", equalTo("forbidden"));
        // bad input
        as(head).queryParam("limit", 0).get(REQUESTS).then().statusCode(400).contentType(PROBLEM)
                .body("code", equalTo("validation-failed")).body("invalidParams[0].name", equalTo("limit"));
        as(head).queryParam("limit", "many").get(REQUESTS).then().statusCode(400)
                .body("code", equalTo("validation-failed"));
        as(head).queryParam("cursor", "not-a-cursor").get(REQUESTS).then().statusCode(400)
                .body("code", equalTo("validation-failed")).body("invalidParams[0].name", equalTo("cursor"));
        answer(head, "not-an-id", "grant").then().statusCode(404).contentType(PROBLEM);
        // still PENDING after all that
        as(head).get(REQUESTS).then().body("items[0].state", equalTo("PENDING"));
        // nothing left open at the shared station (its statistics are asserted elsewhere)
        act(moveIn.applicantToken(), moveIn.id(), "withdraw").then().statusCode(200);
    }

    @Test
    void theHeadsListIsPaged() throws Exception {
        MoveIn first = submittedMoveIn(null);
        // a second applicant into the same household
        var family = fixtures.household(Relationship.HEAD, Relationship.SPOUSE);
        String token = TestCitizens.boundAtL3(family.member(Relationship.SPOUSE).id()).accessToken();
        String second = create(token, "MOVE_IN", Map.of("targetHouseholdNumber",
                first.receiving().householdNumber(), "relationshipToHead", "SON_IN_LAW")).then().statusCode(201)
                .extract().path("id");
        attach(token, second, "ID_PHOTO", Photos.upload(token, "png")).then().statusCode(200);
        attach(token, second, "RELATIONSHIP_PROOF", document(token)).then().statusCode(200);
        act(token, second, "submit").then().statusCode(200);

        String head = first.headAccount().accessToken();
        JsonPath page = as(head).queryParam("limit", 1).get(REQUESTS).then().statusCode(200).extract().jsonPath();
        assertEquals(1, page.getList("items").size());
        String cursor = page.getString("nextCursor");
        assertNotNull(cursor);
        JsonPath next = as(head).queryParam("limit", 1).queryParam("cursor", cursor).get(REQUESTS).then()
                .statusCode(200).extract().jsonPath();
        assertEquals(1, next.getList("items").size());
        // the business clock stands still in tests: both were asked at the same instant, so the id orders them
        assertEquals(java.util.Set.of(second, first.id()), java.util.Set.of(page.getString("items[0].applicationId"),
                next.getString("items[0].applicationId")));
        assertTrue(page.getString("items[0].askedAt").compareTo(next.getString("items[0].askedAt")) >= 0);
        assertEquals(null, next.getString("nextCursor"));
        act(first.applicantToken(), first.id(), "withdraw").then().statusCode(200);
        act(token, second, "withdraw").then().statusCode(200);
    }

    /**
     * Two answers at once (as from two instances: two requests lined up on a barrier): the database takes one, the
     * other is 409, and only the one taken is audited.
     */
    @Test
    void twoDifferentAnswersAtOnceGiveOneAnswer() throws Exception {
        MoveIn moveIn = submittedMoveIn(TestCitizens.newPhone());
        String head = TestCitizens.boundTo(moveIn.head().id()).accessToken();
        String request = requestOf(head, moveIn.id());
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (String verb : List.of("grant", "refuse")) {
                answers.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    return answer(head, request, verb);
                }));
            }
            List<Integer> statuses = new ArrayList<>();
            List<String> codes = new ArrayList<>();
            for (Future<Response> answer : answers) {
                Response response = answer.get(60, TimeUnit.SECONDS);
                statuses.add(response.statusCode());
                if (response.statusCode() == 409) {
                    codes.add(response.jsonPath().getString("code"));
                }
            }
            assertEquals(List.of(200, 409), statuses.stream().sorted().toList());
            assertEquals(List.of("consent-already-answered"), codes);
        } finally {
            pool.shutdownNow();
        }
        String state = as(head).get(REQUESTS).then().extract().path("items[0].state");
        act(moveIn.applicantToken(), moveIn.id(), "withdraw").then().statusCode(200);
        assertEquals(1, auditCount(request, "application.consent.grant")
                + auditCount(request, "application.consent.refuse"));
        assertEquals(1, auditCount(request, "GRANTED".equals(state) ? "application.consent.grant"
                : "application.consent.refuse"));
    }

    // ---- the database, as tests read it ---------------------------------------------------------------------------

    private void setMobile(UUID personId, String phone) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(
                        "update person set mobile_cipher = ?, mobile_hash = ? where id = ?")) {
            update.setString(1, protector.encrypt(PersonalDataKind.PHONE, phone));
            update.setString(2, protector.blindIndex(PersonalDataKind.PHONE, phone));
            update.setObject(3, personId);
            assertEquals(1, update.executeUpdate());
        }
    }

    private List<String> consentSms(String phone) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("select body from outbox_message where "
                        + "recipient_hash = ? and purpose = 'CONSENT_REQUESTED'")) {
            select.setString(1, protector.blindIndex(PersonalDataKind.PHONE, phone));
            List<String> bodies = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    bodies.add(rows.getString(1));
                }
            }
            return bodies;
        }
    }

    private int auditCount(String requestId, String action) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("select count(*) from audit_event where "
                        + "target_id = ? and action = ?")) {
            select.setString(1, requestId);
            select.setString(2, action);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }
}
