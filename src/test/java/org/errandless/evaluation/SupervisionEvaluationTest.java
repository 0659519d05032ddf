package org.errandless.evaluation;

import static org.errandless.evaluation.EvaluationFixtures.APPLICATIONS;
import static org.errandless.evaluation.EvaluationFixtures.PROBLEM;
import static org.errandless.evaluation.EvaluationFixtures.SUPERVISION;
import static org.errandless.evaluation.EvaluationFixtures.as;
import static org.errandless.evaluation.EvaluationFixtures.completed;
import static org.errandless.evaluation.EvaluationFixtures.evaluate;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.errandless.common.security.Roles;
import org.errandless.common.time.TestBusinessClock;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Flagged evaluations reach the supervisors whose scope covers the handling station (station, district, city) and no
 * others; one of them closes the rectification once, audited.
 */
@QuarkusTest
class SupervisionEvaluationTest {

    @AfterEach
    void resetClock() {
        TestBusinessClock.reset();
    }

    /** A flagged evaluation of a fresh applicant's completed application; answers the evaluation's id. */
    private static String flagged(EvaluationFixtures.Applicant applicant, int score, String comment) {
        String id = completed(applicant);
        return evaluate(applicant.token(), id, Map.of("score", score, "comment", comment)).then().statusCode(201)
                .extract().path("id");
    }

    /** Every item of every page the supervisor sees, following the cursor. */
    private static List<Map<String, Object>> all(String token, String flagged) {
        List<Map<String, Object>> items = new ArrayList<>();
        String cursor = null;
        do {
            var request = as(token).queryParam("limit", 7);
            if (flagged != null) {
                request.queryParam("flagged", flagged);
            }
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get(SUPERVISION).then().statusCode(200).contentType(ContentType.JSON)
                    .body("items.size()", lessThanOrEqualTo(7)).extract().jsonPath();
            items.addAll(page.getList("items"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        return items;
    }

    private static List<Object> ids(List<Map<String, Object>> items) {
        return items.stream().map(item -> item.get("id")).toList();
    }

    @Test
    void flaggedEvaluationsReachTheSupervisorsInScopeNewestFirst() {
        var older = EvaluationFixtures.applicant();
        String first = flagged(older, 2, "窗口告知材料不一次说清，跑了两次");
        TestBusinessClock.advanceDays(1);
        var newer = EvaluationFixtures.applicant();
        String second = flagged(newer, 1, "态度差");
        var satisfied = EvaluationFixtures.applicant();
        String good = evaluate(satisfied.token(), completed(satisfied), Map.of("score", 5)).then().statusCode(201)
                .extract().path("id");

        for (String supervisor : List.of(EvaluationFixtures.stationSupervisor(EvaluationFixtures.STATION),
                EvaluationFixtures.districtSupervisor(EvaluationFixtures.DIVISION),
                EvaluationFixtures.citySupervisor())) {
            List<Map<String, Object>> items = all(supervisor, "true");
            List<Object> ids = ids(items);
            assertTrue(ids.contains(first) && ids.contains(second), "both flagged evaluations are listed");
            assertTrue(ids.indexOf(second) < ids.indexOf(first), "newest first");
            assertFalse(ids.contains(good), "flagged=true lists only scores 1 and 2");
            assertTrue(items.stream().allMatch(item -> Boolean.TRUE.equals(item.get("flagged"))));
            Map<String, Object> item = items.get(ids.indexOf(first));
            assertEquals("窗口告知材料不一次说清，跑了两次", item.get("comment"));
            assertEquals(2, item.get("score"));
            assertEquals(EvaluationFixtures.STATION, item.get("station"));
            assertEquals(older.name().substring(0, 1) + "*".repeat(older.name().length() - 1), item.get("applicant"));
            assertEquals("OPEN", ((Map<?, ?>) item.get("rectification")).get("status"));
            assertFalse(item.toString().contains(older.name()), "the applicant's name is masked");

            assertTrue(ids(all(supervisor, "false")).contains(good));
            assertFalse(ids(all(supervisor, "false")).contains(first));
            assertTrue(ids(all(supervisor, null)).containsAll(List.of(first, second, good)));
        }
        for (String outsider : List.of(EvaluationFixtures.stationSupervisor(EvaluationFixtures.OTHER_STATION),
                EvaluationFixtures.districtSupervisor(EvaluationFixtures.OTHER_DIVISION))) {
            List<Object> ids = ids(all(outsider, "true"));
            assertFalse(ids.contains(first) || ids.contains(second), "out of scope");
        }
        // the supervisors' reads are on the applicant's data-access log
        as(older.token()).get("/api/v1/me/data-access").then().statusCode(200)
                .body("items.purpose", hasItem(EvaluationService.SUPERVISION_PURPOSE));
    }

    @Test
    void aSupervisorInScopeClosesTheRectificationOnce() {
        var applicant = EvaluationFixtures.applicant();
        String applicationId = completed(applicant);
        String id = evaluate(applicant.token(), applicationId, Map.of("score", 2, "comment", "跑了两次")).then()
                .statusCode(201).extract().path("id");
        String path = SUPERVISION + "/" + id + "/rectification";
        Map<String, String> body = Map.of("note", "已约谈窗口民警，并电话回访申请人");

        as(EvaluationFixtures.stationSupervisor(EvaluationFixtures.OTHER_STATION)).contentType(ContentType.JSON)
                .body(body).post(path).then().statusCode(404).contentType(PROBLEM).body("code", equalTo("not-found"));
        as(EvaluationFixtures.districtSupervisor(EvaluationFixtures.OTHER_DIVISION)).contentType(ContentType.JSON)
                .body(body).post(path).then().statusCode(404).body("code", equalTo("not-found"));
        String supervisor = EvaluationFixtures.districtSupervisor(EvaluationFixtures.DIVISION);
        as(supervisor).contentType(ContentType.JSON).body(Map.of("note", " ")).post(path).then().statusCode(400)
                .contentType(PROBLEM).body("code", equalTo("validation-failed"));
        as(supervisor).contentType(ContentType.JSON).body(Map.of("note", "x".repeat(1001))).post(path).then()
                .statusCode(400).body("code", equalTo("validation-failed"));

        as(supervisor).contentType(ContentType.JSON).body(body).post(path).then().statusCode(200)
                .body("id", equalTo(id)).body("rectification.status", equalTo("CLOSED"))
                .body("rectification.note", equalTo("已约谈窗口民警，并电话回访申请人"))
                .body("rectification.closedAt", equalTo("2026-09-30T02:00:00Z"));
        as(EvaluationFixtures.citySupervisor()).contentType(ContentType.JSON).body(Map.of("note", "再次整改"))
                .post(path).then().statusCode(409).contentType(PROBLEM)
                .body("code", equalTo("rectification-already-closed"));

        // the applicant sees what was done
        as(applicant.token()).get(APPLICATIONS + "/" + applicationId + "/evaluation").then().statusCode(200)
                .body("rectification.status", equalTo("CLOSED"))
                .body("rectification.note", equalTo("已约谈窗口民警，并电话回访申请人"));
        // and the trail has it
        as(TestTokens.admin()).queryParam("action", "evaluation.rectification.close").get("/api/v1/admin/audit")
                .then().statusCode(200).body("items.targetId", hasItem(id));
    }

    @Test
    void aReplayedRectificationGetsTheFirstAnswerNotAConflict() {
        var applicant = EvaluationFixtures.applicant();
        String id = flagged(applicant, 1, "没人接电话");
        String supervisor = EvaluationFixtures.stationSupervisor(EvaluationFixtures.STATION);
        String key = UUID.randomUUID().toString();
        String path = SUPERVISION + "/" + id + "/rectification";
        String first = as(supervisor).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(Map.of("note", "已整改")).post(path).then().statusCode(200).extract().asString();
        String again = as(supervisor).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(Map.of("note", "已整改")).post(path).then().statusCode(200)
                .header("Idempotent-Replayed", "true").extract().asString();
        assertEquals(first, again);
    }

    @Test
    void onlyFlaggedEvaluationsHaveATask() {
        var applicant = EvaluationFixtures.applicant();
        String id = evaluate(applicant.token(), completed(applicant), Map.of("score", 3)).then().statusCode(201)
                .extract().path("id");
        as(EvaluationFixtures.citySupervisor()).contentType(ContentType.JSON).body(Map.of("note", "无需整改"))
                .post(SUPERVISION + "/" + id + "/rectification").then().statusCode(404).contentType(PROBLEM)
                .body("code", equalTo("not-found"));
        as(EvaluationFixtures.citySupervisor()).contentType(ContentType.JSON).body(Map.of("note", "无需整改"))
                .post(SUPERVISION + "/" + UUID.randomUUID() + "/rectification").then().statusCode(404);
    }

    @Test
    void badParametersAndWrongCallers() {
        String supervisor = EvaluationFixtures.citySupervisor();
        as(supervisor).queryParam("flagged", "yes").get(SUPERVISION).then().statusCode(400).contentType(PROBLEM)
                .body("code", equalTo("validation-failed")).body("invalidParams[0].name", equalTo("flagged"));
        as(supervisor).queryParam("cursor", "not-a-cursor").get(SUPERVISION).then().statusCode(400)
                .contentType(PROBLEM).body("code", equalTo("validation-failed"));
        as(supervisor).queryParam("limit", 101).get(SUPERVISION).then().statusCode(400)
                .body("code", equalTo("validation-failed"));
        given().get(SUPERVISION).then().statusCode(401).contentType(PROBLEM).body("code", equalTo("unauthorized"));
        as(TestTokens.staff(Roles.OFFICER, EvaluationFixtures.STATION).accessToken()).get(SUPERVISION).then()
                .statusCode(403).contentType(PROBLEM).body("code", equalTo("forbidden"));
        as(EvaluationFixtures.applicant().token()).contentType(ContentType.JSON).body(Map.of("note", "x"))
                .post(SUPERVISION + "/" + UUID.randomUUID() + "/rectification").then().statusCode(403)
                .body("code", equalTo("forbidden"));
        as(supervisor).get(SUPERVISION).then().statusCode(200).body("items", notNullValue());
    }
}
