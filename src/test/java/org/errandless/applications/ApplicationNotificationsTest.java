package org.errandless.applications;

import static org.errandless.applications.Apps.APPLICATIONS;
import static org.errandless.applications.Apps.STATION;
import static org.errandless.applications.Apps.act;
import static org.errandless.applications.Apps.as;
import static org.errandless.applications.Apps.create;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.errandless.common.security.Roles;
import org.errandless.notifications.OutboxDispatcher;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Every PUBLIC status change of an application tells its applicant, through real transitions over HTTP: one message
 * in the citizen's list and one delivery per channel (SMS, PUSH) for each event of the citizen's timeline, queued in
 * the transition's transaction (there, PENDING, as soon as the request has answered) and delivered later by the
 * dispatcher.
 */
@QuarkusTest
class ApplicationNotificationsTest {

    @Inject
    AgroalDataSource dataSource;
    @Inject
    OutboxDispatcher dispatcher;

    private static String officer() {
        return TestTokens.staff(Roles.OFFICER, STATION).accessToken();
    }

    @Test
    void creationSubmissionAndEveryOfficerTransitionAreTold() throws SQLException {
        var applicant = Apps.applicant();
        String id = Apps.submittedAddressChange(applicant);
        String officer = officer();
        act(officer, id, "accept", Map.of("comment", "予以受理")).then().statusCode(200);
        act(officer, id, "suspend", Map.of("reason", "需实地核查")).then().statusCode(200);
        act(officer, id, "resume").then().statusCode(200);
        act(officer, id, "approve", Map.of("comment", "准予变更")).then().statusCode(200)
                .body("status", equalTo("COMPLETED"));

        List<String> texts = toldOncePerChange(applicant.token(), id);
        assertEquals(List.of("create", "submit", "accept", "suspend", "resume", "approve"), actions(applicant, id));
        assertEquals("您的住址变更申请已创建，备齐材料后请在APP中提交。", texts.get(0), texts.toString());
        assertTrue(texts.get(1).contains("已提交"), texts.get(1));
        assertTrue(texts.get(5).contains("已办结"), texts.get(5));
    }

    @Test
    void aSupplementRequestTheResubmissionAndARejectionAreTold() throws SQLException {
        var applicant = Apps.applicant();
        String id = Apps.submittedAddressChange(applicant);
        String officer = officer();
        act(officer, id, "request-supplement", Map.of("missingMaterials", List.of("TENANCY_PROOF"),
                "comment", "租赁合同不清晰")).then().statusCode(200);
        act(applicant.token(), id, "submit", Map.of("consentToDataSharing", false)).then().statusCode(200);
        act(officer, id, "reject", Map.of("reason", "不属于本所管辖")).then().statusCode(200);

        List<String> texts = toldOncePerChange(applicant.token(), id);
        assertEquals(List.of("create", "submit", "request-supplement", "submit", "reject"), actions(applicant, id));
        assertTrue(texts.get(2).contains("需补正材料"), texts.get(2));
        assertTrue(texts.get(3).contains("已重新提交"), texts.get(3));
        assertTrue(texts.get(4).contains("未予受理"), texts.get(4));
    }

    @Test
    void withdrawalsAreTold() throws SQLException {
        var applicant = Apps.applicant();
        String submitted = Apps.submittedAddressChange(applicant);
        act(applicant.token(), submitted, "withdraw").then().statusCode(200).body("status", equalTo("WITHDRAWN"));
        String draft = Apps.draft(applicant.token(), "ADDRESS_CHANGE");
        act(applicant.token(), draft, "withdraw").then().statusCode(200).body("status", equalTo("WITHDRAWN"));

        List<List<String>> texts = toldOncePerChange(applicant.token(), List.of(submitted, draft));
        assertEquals(3, texts.get(0).size(), texts.toString());
        assertTrue(texts.get(0).get(2).contains("已撤回"), texts.toString());
        assertEquals(List.of("您的住址变更申请已创建，备齐材料后请在APP中提交。",
                "您的住址变更申请已撤回。如非本人操作，请尽快联系派出所。"), texts.get(1));
    }

    @Test
    void anInstantServiceTellsItsSubmissionAndItsCompletion() throws SQLException {
        var applicant = Apps.applicant();
        String id = create(applicant.token(), "HOUSEHOLD_CERTIFICATE", Map.of("purpose", "办理入学")).then()
                .statusCode(201).extract().path("id");
        act(applicant.token(), id, "submit", Map.of()).then().statusCode(200).body("status", equalTo("COMPLETED"));

        assertEquals(List.of("您的户籍证明申请已创建，备齐材料后请在APP中提交。", "您的户籍证明申请已提交，系统即时办理。",
                "您的户籍证明申请已办结，办理结果请在APP中查看。"), toldOncePerChange(applicant.token(), id));
    }

    /**
     * Checks that the citizen was told of each event of their timeline once: one entry in their list per event, each
     * with exactly one SMS and one PUSH in the outbox, PENDING until the dispatcher has run and SENT after; answers the
     * texts, oldest first.
     */
    private List<String> toldOncePerChange(String token, String id) throws SQLException {
        return toldOncePerChange(token, List.of(id)).get(0);
    }

    /** The same for several applications of one citizen, dispatching once all are checked as queued. */
    private List<List<String>> toldOncePerChange(String token, List<String> ids) throws SQLException {
        List<List<String>> texts = new ArrayList<>();
        for (String id : ids) {
            int changes = as(token).get(APPLICATIONS + "/" + id + "/timeline").then().statusCode(200).extract()
                    .jsonPath().getList("items").size();
            List<Map<String, Object>> told = toldAbout(token, id);
            assertEquals(changes, told.size(), "messages in the citizen's list for " + changes + " changes: " + told);
            for (Map<String, Object> message : told) {
                assertEquals(Map.of("SMS", "PENDING", "PUSH", "PENDING"), message.get("channelStates"),
                        "queued with the transition, delivered later");
            }
            List<String> perNotification = deliveriesPerNotification(UUID.fromString(id));
            assertEquals(changes, perNotification.size(), perNotification.toString());
            perNotification.forEach(channels -> assertEquals("PUSH,SMS", channels, "one delivery per channel"));
            List<String> oldestFirst = new ArrayList<>();
            for (int i = told.size() - 1; i >= 0; i--) {
                oldestFirst.add((String) told.get(i).get("text"));
            }
            texts.add(oldestFirst);
        }
        dispatcher.dispatchDue();
        for (String id : ids) {
            for (Map<String, Object> message : toldAbout(token, id)) {
                assertEquals(Map.of("SMS", "SENT", "PUSH", "SENT"), message.get("channelStates"));
            }
        }
        return texts;
    }

    /** The citizen's messages about one application, newest first, as the citizen reads them. */
    private static List<Map<String, Object>> toldAbout(String token, String id) {
        JsonPath page = as(token).queryParam("limit", 100).get("/api/v1/me/notifications").then().statusCode(200)
                .extract().jsonPath();
        List<Map<String, Object>> items = page.getList("items");
        return items.stream().filter(item -> id.equals(item.get("applicationId"))).toList();
    }

    /** For each notification about the application, its deliveries' channels, sorted and joined. */
    private List<String> deliveriesPerNotification(UUID application) throws SQLException {
        List<String> channels = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("select string_agg(channel, ',' order by "
                        + "channel) from outbox_message where subject_id = ? group by notification_id")) {
            select.setObject(1, application);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    channels.add(rows.getString(1));
                }
            }
        }
        return channels;
    }

    private static List<String> actions(Apps.Applicant applicant, String id) {
        return as(applicant.token()).get(APPLICATIONS + "/" + id + "/timeline").then().statusCode(200).extract()
                .jsonPath().getList("items.action", String.class);
    }
}
