package org.errandless.evaluation;

import static org.errandless.evaluation.EvaluationFixtures.APPLICATIONS;
import static org.errandless.evaluation.EvaluationFixtures.PROBLEM;
import static org.errandless.evaluation.EvaluationFixtures.as;
import static org.errandless.evaluation.EvaluationFixtures.completed;
import static org.errandless.evaluation.EvaluationFixtures.etag;
import static org.errandless.evaluation.EvaluationFixtures.evaluate;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.errandless.common.security.Roles;
import org.errandless.support.TestCitizens;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The applicant's evaluation of a decided application: once, guarded by If-Match, replayable by Idempotency-Key. */
@QuarkusTest
class EvaluationResourceTest {

    @Test
    void theApplicantEvaluatesADecidedApplicationOnce() {
        var applicant = EvaluationFixtures.applicant();
        String id = completed(applicant);
        String path = APPLICATIONS + "/" + id + "/evaluation";
        as(applicant.token()).get(path).then().statusCode(404).contentType(PROBLEM).body("code", equalTo("not-found"));

        String evaluationId = evaluate(applicant.token(), id, Map.of("score", 5, "comment", "  办理很快，不用跑腿 "))
                .then().statusCode(201).contentType(ContentType.JSON).header("Location", endsWith(path))
                .body("applicationId", equalTo(id)).body("serviceCode", equalTo("HOUSEHOLD_CERTIFICATE"))
                .body("station", equalTo(EvaluationFixtures.STATION)).body("score", equalTo(5))
                .body("comment", equalTo("办理很快，不用跑腿")).body("flagged", equalTo(false))
                .body("createdAt", equalTo("2026-09-30T02:00:00Z")).body("rectification", nullValue())
                .extract().path("id");

        as(applicant.token()).get(path).then().statusCode(200).header("ETag", notNullValue())
                .body("id", equalTo(evaluationId)).body("score", equalTo(5));
        String tag = as(applicant.token()).get(path).then().extract().header("ETag");
        as(applicant.token()).header("If-None-Match", tag).get(path).then().statusCode(304);

        evaluate(applicant.token(), id, Map.of("score", 1)).then().statusCode(409).contentType(PROBLEM)
                .body("code", equalTo("evaluation-already-given"));
        as(applicant.token()).get(path).then().statusCode(200).body("score", equalTo(5));
    }

    @Test
    void officersOfTheStationReadItAndTheReadIsRecorded() {
        var applicant = EvaluationFixtures.applicant();
        String id = completed(applicant);
        evaluate(applicant.token(), id, Map.of("score", 4)).then().statusCode(201);
        String path = APPLICATIONS + "/" + id + "/evaluation";

        as(EvaluationFixtures.officer()).get(path).then().statusCode(200).body("score", equalTo(4));
        as(applicant.token()).get("/api/v1/me/data-access").then().statusCode(200)
                .body("items.what", hasItem("evaluation"));
        as(TestTokens.staff(Roles.OFFICER, EvaluationFixtures.OTHER_STATION).accessToken()).get(path).then()
                .statusCode(404).contentType(PROBLEM).body("code", equalTo("not-found"));
        as(EvaluationFixtures.citySupervisor()).get(path).then().statusCode(403).contentType(PROBLEM)
                .body("code", equalTo("forbidden"));
    }

    @Test
    void aRejectedApplicationCanBeEvaluatedAndABadScoreIsFlagged() {
        var applicant = EvaluationFixtures.applicant();
        String id = EvaluationFixtures.rejected(applicant);
        evaluate(applicant.token(), id, Map.of("score", 1, "comment", "不予受理的理由没说清楚")).then().statusCode(201)
                .body("flagged", equalTo(true)).body("rectification.status", equalTo("OPEN"))
                .body("rectification.openedAt", equalTo("2026-09-30T02:00:00Z"))
                .body("rectification.closedAt", nullValue()).body("rectification.note", nullValue());
    }

    @Test
    void notBeforeTheDecision() {
        var applicant = EvaluationFixtures.applicant();
        String draft = EvaluationFixtures.draft(applicant, "HOUSEHOLD_CERTIFICATE", Map.of("purpose", "办理入学"));
        evaluate(applicant.token(), draft, Map.of("score", 5)).then().statusCode(409).contentType(PROBLEM)
                .body("code", equalTo("invalid-transition"));
        as(applicant.token()).get(APPLICATIONS + "/" + draft + "/evaluation").then().statusCode(404);
    }

    @Test
    void ifMatchIsRequiredAndMustBeCurrent() {
        var applicant = EvaluationFixtures.applicant();
        String id = completed(applicant);
        String path = APPLICATIONS + "/" + id + "/evaluation";
        as(applicant.token()).contentType(ContentType.JSON).body(Map.of("score", 3)).post(path).then()
                .statusCode(428).contentType(PROBLEM).body("code", equalTo("precondition-required"));
        as(applicant.token()).header("If-Match", "\"an-old-tag\"").contentType(ContentType.JSON)
                .body(Map.of("score", 3)).post(path).then().statusCode(412).contentType(PROBLEM)
                .body("code", equalTo("stale"));
        as(applicant.token()).header("If-Match", "W/" + etag(applicant.token(), id)).contentType(ContentType.JSON)
                .body(Map.of("score", 3)).post(path).then().statusCode(412).body("code", equalTo("stale"));
        as(applicant.token()).get(path).then().statusCode(404);
    }

    @Test
    void badScoresAndLongCommentsAre400() {
        var applicant = EvaluationFixtures.applicant();
        String id = completed(applicant);
        Map<String, Object> missing = new HashMap<>();
        missing.put("comment", "没有分数");
        for (Map<String, Object> body : new Map[] { Map.of("score", 0), Map.of("score", 6), Map.of("score", -1),
                missing, Map.of("score", 3, "comment", "差".repeat(501)) }) {
            evaluate(applicant.token(), id, body).then().statusCode(400).contentType(PROBLEM)
                    .body("code", equalTo("validation-failed")).body("invalidParams", notNullValue());
        }
        evaluate(applicant.token(), id, Map.of("score", "five")).then().statusCode(400).contentType(PROBLEM);
        // none of them counted: the longest comment allowed still goes through
        evaluate(applicant.token(), id, Map.of("score", 3, "comment", "中".repeat(500))).then().statusCode(201)
                .body("comment.length()", equalTo(500));
    }

    @Test
    void strangersAndOtherCitizensGetNothing() {
        var applicant = EvaluationFixtures.applicant();
        String id = completed(applicant);
        String path = APPLICATIONS + "/" + id + "/evaluation";
        given().contentType(ContentType.JSON).body(Map.of("score", 5)).post(path).then().statusCode(401)
                .contentType(PROBLEM).body("code", equalTo("unauthorized"));
        given().get(path).then().statusCode(401).contentType(PROBLEM).body("code", equalTo("unauthorized"));

        String other = TestCitizens.signIn().accessToken();
        as(other).header("If-Match", etag(applicant.token(), id)).contentType(ContentType.JSON)
                .body(Map.of("score", 1)).post(path).then().statusCode(404).contentType(PROBLEM)
                .body("code", equalTo("not-found"));
        as(other).get(path).then().statusCode(404).contentType(PROBLEM).body("code", equalTo("not-found"));
        as(other).header("If-Match", "*").contentType(ContentType.JSON).body(Map.of("score", 1))
                .post(APPLICATIONS + "/" + UUID.randomUUID() + "/evaluation").then().statusCode(404)
                .body("code", equalTo("not-found"));
        as(EvaluationFixtures.officer()).header("If-Match", "*").contentType(ContentType.JSON)
                .body(Map.of("score", 1)).post(path).then().statusCode(403).body("code", equalTo("forbidden"));
        // nothing was recorded by any of them
        evaluate(applicant.token(), id, Map.of("score", 5)).then().statusCode(201);
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyGetsTheFirstAnswer() {
        var applicant = EvaluationFixtures.applicant();
        String id = completed(applicant);
        String key = UUID.randomUUID().toString();
        String tag = etag(applicant.token(), id);
        Map<String, Object> body = Map.of("score", 2, "comment", "等了很久");
        String first = as(applicant.token()).header("If-Match", tag).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(body).post(APPLICATIONS + "/" + id + "/evaluation").then()
                .statusCode(201).extract().asString();
        // the retry (the answer was lost) replays the first answer instead of 409 evaluation-already-given, and a
        // retry with a tag the client no longer trusts gets the replay, not 412
        for (String ifMatch : new String[] { tag, "\"whatever\"" }) {
            String again = as(applicant.token()).header("If-Match", ifMatch).header("Idempotency-Key", key)
                    .contentType(ContentType.JSON).body(body).post(APPLICATIONS + "/" + id + "/evaluation").then()
                    .statusCode(201).header("Idempotent-Replayed", "true").extract().asString();
            org.junit.jupiter.api.Assertions.assertEquals(first, again);
        }
        as(applicant.token()).header("If-Match", tag).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(Map.of("score", 5)).post(APPLICATIONS + "/" + id + "/evaluation").then().statusCode(422)
                .body("code", equalTo("idempotency-key-reused"));
    }
}
