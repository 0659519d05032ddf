package org.errandless.evaluation;

import static org.errandless.evaluation.EvaluationFixtures.APPLICATIONS;
import static org.errandless.evaluation.EvaluationFixtures.PROBLEM;
import static org.errandless.evaluation.EvaluationFixtures.SUPERVISION;
import static org.errandless.evaluation.EvaluationFixtures.act;
import static org.errandless.evaluation.EvaluationFixtures.as;
import static org.errandless.evaluation.EvaluationFixtures.completed;
import static org.errandless.evaluation.EvaluationFixtures.evaluate;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import jakarta.inject.Inject;

import org.errandless.catalog.CalendarService;

import org.errandless.common.time.TestBusinessClock;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Rectification that closes the loop: the task is due 15 working days later with its own warning level, the
 * supervisor's response reaches the applicant, the applicant re-rates once after the task is closed (both scores
 * kept, the later one counts), an officer appeals an abusive review, a supervisor upholds or rejects it once; all
 * audited.
 */
@QuarkusTest
class RectificationLoopTest {

    @Inject
    CalendarService calendar;

    @AfterEach
    void resetClock() {
        TestBusinessClock.reset();
    }

    private static String rectification(String evaluationId) {
        return SUPERVISION + "/" + evaluationId + "/rectification";
    }

    private static String appealDecision(String evaluationId) {
        return SUPERVISION + "/" + evaluationId + "/appeal/decision";
    }

    private static io.restassured.response.Response rerate(String token, String applicationId, Object body) {
        return act(token, applicationId, "evaluation/re-rating", body);
    }

    @Test
    void theApplicantReadsTheResponseAndReRatesOnceAfterTheTaskIsClosed() {
        var applicant = EvaluationFixtures.applicant();
        String applicationId = completed(applicant);
        var given = evaluate(applicant.token(), applicationId, Map.of("score", 1, "comment", "等了很久")).then()
                .statusCode(201).body("rectification.status", equalTo("OPEN"))
                .body("rectification.warningLevel", equalTo("NONE")).extract().jsonPath();
        String id = given.getString("id");
        LocalDate due = LocalDate.parse(given.getString("rectification.dueDate"));
        // 15 working days from 2026-09-30, over the National Day holiday 
        assertEquals(15, LocalDate.of(2026, 9, 30).plusDays(1).datesUntil(due.plusDays(1))
                .filter(calendar.calendar()::isWorkingDay).count());
        int daysToDue = (int) ChronoUnit.DAYS.between(LocalDate.of(2026, 9, 30), due);

        // not before the task is closed
        rerate(applicant.token(), applicationId, Map.of("score", 4)).then().statusCode(409).contentType(PROBLEM)
                .body("code", equalTo("re-rating-not-allowed"));
        // the task's own warning: on its due date YELLOW, after it RED
        TestBusinessClock.advanceDays(daysToDue);
        as(applicant.token()).get(APPLICATIONS + "/" + applicationId + "/evaluation").then().statusCode(200)
                .body("rectification.warningLevel", equalTo("YELLOW"));
        TestBusinessClock.advanceDays(daysToDue + 1);
        as(applicant.token()).get(APPLICATIONS + "/" + applicationId + "/evaluation").then().statusCode(200)
                .body("rectification.warningLevel", equalTo("RED"));

        String supervisor = EvaluationFixtures.districtSupervisor(EvaluationFixtures.DIVISION);
        as(supervisor).contentType(ContentType.JSON).body(Map.of("note", "已约谈窗口民警并电话回访")).post(rectification(id))
                .then().statusCode(200);
        as(applicant.token()).get(APPLICATIONS + "/" + applicationId + "/evaluation").then().statusCode(200)
                .body("rectification.note", equalTo("已约谈窗口民警并电话回访"))
                .body("rectification.warningLevel", equalTo("NONE"));

        rerate(applicant.token(), applicationId, Map.of("score", 6)).then().statusCode(400).contentType(PROBLEM)
                .body("code", equalTo("validation-failed"));
        rerate(applicant.token(), applicationId, Map.of("score", 4, "comment", "整改后满意")).then().statusCode(200)
                .body("score", equalTo(1)).body("rerating.score", equalTo(4)).body("countedScore", equalTo(4));
        rerate(applicant.token(), applicationId, Map.of("score", 5)).then().statusCode(409).contentType(PROBLEM)
                .body("code", equalTo("re-rating-already-given"));

        // someone else's application is not found; an officer cannot re-rate
        var stranger = EvaluationFixtures.applicant();
        as(stranger.token()).header("If-Match", "\"x\"").contentType(ContentType.JSON).body(Map.of("score", 3))
                .post(APPLICATIONS + "/" + applicationId + "/evaluation/re-rating").then().statusCode(404)
                .contentType(PROBLEM);
        io.restassured.RestAssured.given().contentType(ContentType.JSON).body(Map.of("score", 3))
                .post(APPLICATIONS + "/" + applicationId + "/evaluation/re-rating").then().statusCode(401);
        as(TestTokens.admin()).queryParam("action", "evaluation.rerate").get("/api/v1/admin/audit").then()
                .statusCode(200).body("items.targetId", hasItem(id));
    }

    @Test
    void anUpheldAppealTakesTheReviewOutOfTheStatisticsButLeavesItVisible() {
        var applicant = EvaluationFixtures.applicant();
        String applicationId = completed(applicant);
        String id = evaluate(applicant.token(), applicationId, Map.of("score", 1, "comment", "骂人的话")).then()
                .statusCode(201).extract().path("id");
        String officer = EvaluationFixtures.officer();
        String appeal = APPLICATIONS + "/" + applicationId + "/evaluation/appeal";

        as(officer).contentType(ContentType.JSON).body(Map.of("reason", " ")).post(appeal).then().statusCode(400)
                .contentType(PROBLEM).body("code", equalTo("validation-failed"));
        as(org.errandless.support.TestTokens.staff(org.errandless.common.security.Roles.OFFICER,
                EvaluationFixtures.OTHER_STATION).accessToken()).contentType(ContentType.JSON)
                .body(Map.of("reason", "恶意差评")).post(appeal).then().statusCode(404).contentType(PROBLEM);
        as(applicant.token()).contentType(ContentType.JSON).body(Map.of("reason", "恶意差评")).post(appeal).then()
                .statusCode(403);
        as(officer).contentType(ContentType.JSON).body(Map.of("reason", "评价内容与办件无关，含辱骂性语言")).post(appeal)
                .then().statusCode(201).body("appeal.status", equalTo("PENDING"));
        as(officer).contentType(ContentType.JSON).body(Map.of("reason", "再次申诉")).post(appeal).then()
                .statusCode(409).contentType(PROBLEM).body("code", equalTo("appeal-already-filed"));

        Map<String, Object> uphold = Map.of("upheld", true, "note", "经核查属恶意差评，申诉成立");
        as(EvaluationFixtures.stationSupervisor(EvaluationFixtures.OTHER_STATION)).contentType(ContentType.JSON)
                .body(uphold).post(appealDecision(id)).then().statusCode(404).contentType(PROBLEM);
        String supervisor = EvaluationFixtures.stationSupervisor(EvaluationFixtures.STATION);
        as(supervisor).contentType(ContentType.JSON).body(Map.of("note", "缺少结论")).post(appealDecision(id)).then()
                .statusCode(400).body("code", equalTo("validation-failed"));
        as(supervisor).contentType(ContentType.JSON).body(uphold).post(appealDecision(id)).then().statusCode(200)
                .body("appeal.status", equalTo("UPHELD")).body("excludedFromStatistics", equalTo(true))
                .body("countedScore", nullValue()).body("rectification.status", equalTo("CLOSED"));
        as(supervisor).contentType(ContentType.JSON).body(Map.of("upheld", false, "note", "改判")).post(appealDecision(id))
                .then().statusCode(409).contentType(PROBLEM).body("code", equalTo("appeal-already-decided"));

        // still visible to the applicant, with the decision
        as(applicant.token()).get(APPLICATIONS + "/" + applicationId + "/evaluation").then().statusCode(200)
                .body("score", equalTo(1)).body("appeal.status", equalTo("UPHELD"))
                .body("excludedFromStatistics", equalTo(true));
        as(TestTokens.admin()).queryParam("action", "evaluation.appeal.uphold").get("/api/v1/admin/audit").then()
                .statusCode(200).body("items.targetId", hasItem(id));
    }

    @Test
    void aRejectedAppealChangesNothingElseAndGoodReviewsCannotBeAppealed() {
        var applicant = EvaluationFixtures.applicant();
        String applicationId = completed(applicant);
        String id = evaluate(applicant.token(), applicationId, Map.of("score", 2)).then().statusCode(201).extract()
                .path("id");
        String officer = EvaluationFixtures.officer();
        as(officer).contentType(ContentType.JSON).body(Map.of("reason", "恶意差评"))
                .post(APPLICATIONS + "/" + applicationId + "/evaluation/appeal").then().statusCode(201);
        as(EvaluationFixtures.citySupervisor()).contentType(ContentType.JSON)
                .body(Map.of("upheld", false, "note", "评价属实，申诉不成立")).post(appealDecision(id)).then()
                .statusCode(200).body("appeal.status", equalTo("REJECTED")).body("excludedFromStatistics",
                        equalTo(false))
                .body("countedScore", equalTo(2)).body("rectification.status", equalTo("OPEN"));

        var happy = EvaluationFixtures.applicant();
        String happyApplication = completed(happy);
        evaluate(happy.token(), happyApplication, Map.of("score", 5)).then().statusCode(201);
        as(officer).contentType(ContentType.JSON).body(Map.of("reason", "恶意")).post(APPLICATIONS + "/"
                + happyApplication + "/evaluation/appeal").then().statusCode(409).contentType(PROBLEM)
                .body("code", equalTo("appeal-not-allowed"));
    }
}
