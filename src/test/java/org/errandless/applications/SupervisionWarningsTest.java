package org.errandless.applications;

import static org.errandless.applications.Apps.APPLICATIONS;
import static org.errandless.applications.Apps.PROBLEM;
import static org.errandless.applications.Apps.STATION;
import static org.errandless.applications.Apps.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.errandless.catalog.CalendarService;
import org.errandless.common.security.Roles;
import org.errandless.common.time.BusinessClock;
import org.errandless.common.time.TestBusinessClock;
import org.errandless.identity.token.TokenSubject;
import org.errandless.supervision.WarningService;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Deadline warnings (电子监察) end to end: the level on the application and in the officer's queue, the scheduled sweep
 * run by two job runners at once notifying each change exactly once through the outbox, and the supervisors' alerts.
 */
@QuarkusTest
class SupervisionWarningsTest {

    private static final String ALERTS = "/api/v1/supervision/alerts";

    @Inject
    WarningService warnings;
    @Inject
    EntityManager entityManager;
    @Inject
    CalendarService calendar;
    @Inject
    BusinessClock clock;

    @AfterEach
    void resetClock() {
        TestBusinessClock.reset();
    }

    /** A fresh enabled officer account of the fixture station, who must be told of its warnings. */
    private UUID officerAccount() {
        UUID id = UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        QuarkusTransaction.requiringNew().run(() -> {
            entityManager.createNativeQuery("insert into staff_account (id, username, password_hash, display_name, "
                    + "station_code, password_changed_at, created_at, updated_at, mfa_grace_from) values (:id, :username, "
                    + "'x', '预警测试民警', :station, :now, :now, :now, :now)").setParameter("id", id)
                    .setParameter("username", "warn-" + id.toString().substring(0, 8)).setParameter("station", STATION)
                    .setParameter("now", now).executeUpdate();
            entityManager.createNativeQuery("insert into staff_account_role (staff_account_id, role) values (:id, "
                    + "'OFFICER')").setParameter("id", id).executeUpdate();
        });
        return id;
    }

    private long count(String sql, UUID subject, UUID recipient) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var query = entityManager.createNativeQuery(sql).setParameter("subject", subject);
            if (recipient != null) {
                query.setParameter("recipient", recipient);
            }
            return ((Number) query.getSingleResult()).longValue();
        });
    }

    private LocalDate deadlineOf(UUID application) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Object value = entityManager.createNativeQuery("select deadline from deadline_warning where "
                    + "subject_kind = 'APPLICATION' and subject_id = :id").setParameter("id", application)
                    .getSingleResult();
            return value instanceof LocalDate date ? date : ((java.sql.Date) value).toLocalDate();
        });
    }

    /** Two job runners sweep at the same moment (released together by a barrier); answers the levels moved. */
    private int sweepTwice() throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> runs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                runs.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    return warnings.sweep(clock.today());
                }));
            }
            int moved = 0;
            for (Future<Integer> run : runs) {
                moved += run.get(60, TimeUnit.SECONDS);
            }
            return moved;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRunningDeadlineTurnsRedOnceAndItsStaffAreToldOnce() throws Exception {
        UUID officer = officerAccount();
        Apps.Applicant applicant = Apps.applicant();
        UUID id = UUID.fromString(Apps.submittedAddressChange(applicant));
        LocalDate deadline = deadlineOf(id);
        WarningLevel atSubmission = DeadlineWarnings.level(deadline, clock.today(), calendar.calendar());
        as(applicant.token()).get(APPLICATIONS + "/" + id).then().statusCode(200)
                .body("warningLevel", equalTo(atSubmission.name()));

        // the day after the acceptance deadline: overdue
        TestBusinessClock.advanceDays((int) ChronoUnit.DAYS.between(clock.today(), deadline) + 1);
        sweepTwice();
        String changes = "select count(*) from deadline_warning_change where subject_id = :subject";
        long changed = count(changes, id, null);
        assertEquals(1, count(changes + " and level = 'RED'", id, null), "one RED change however many runners");
        assertEquals(atSubmission == WarningLevel.NONE ? 1 : 2, changed);
        String told = "select count(*) from staff_notification where subject_id = :subject and recipient_staff_id = "
                + ":recipient and purpose = 'DEADLINE_WARNING'";
        assertEquals(changed, count(told, id, officer), "the station's officer is told of each change once");
        assertEquals(changed, count("select count(*) from outbox_message where subject_id = :subject and "
                + "recipient_account_id = :recipient and channel = 'PUSH' and purpose = 'DEADLINE_WARNING'", id,
                officer), "each told through the outbox");
        // the officer reads them in the staff inbox, newest first; another officer of the station does not
        String inbox = "/api/v1/staff/notifications";
        String ownToken = TestTokens.issue(new TokenSubject("STAFF", officer, Set.of(Roles.OFFICER), Optional.empty(),
                Optional.of(STATION), Optional.empty())).accessToken();
        // (the sweep moved the station's other applications too: follow the pages and keep this one's messages)
        List<Map<String, Object>> mine = new ArrayList<>();
        String inboxCursor = null;
        do {
            var request = as(ownToken).queryParam("limit", 100);
            if (inboxCursor != null) {
                request.queryParam("cursor", inboxCursor);
            }
            var body = request.get(inbox).then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> items = body.getList("items");
            items.stream().filter(item -> id.toString().equals(item.get("subjectId"))).forEach(mine::add);
            inboxCursor = body.getString("nextCursor");
        } while (inboxCursor != null);
        assertEquals(changed, mine.size(), "one inbox entry per change: " + mine);
        assertEquals("DEADLINE_WARNING", mine.get(0).get("purpose"));
        assertTrue(String.valueOf(mine.get(0).get("text")).startsWith("【红色预警】"), "newest first: " + mine);
        as(TestTokens.staff(Roles.OFFICER, STATION).accessToken()).get(inbox).then().statusCode(200)
                .body("items.subjectId", not(hasItem(id.toString())));
        io.restassured.RestAssured.given().get(inbox).then().statusCode(401);
        as(ownToken).queryParam("limit", "many").get(inbox).then().statusCode(400).contentType(PROBLEM)
                .body("code", equalTo("validation-failed"));
        as(applicant.token()).get(inbox).then().statusCode(403);
        // a later run finds nothing to move for it
        sweepTwice();
        assertEquals(changed, count(changes, id, null));
        assertEquals(changed, count(told, id, officer));

        // the application, the queue (RED first) and the alerts show it
        as(applicant.token()).get(APPLICATIONS + "/" + id).then().statusCode(200).body("warningLevel", equalTo("RED"))
                .body("overdue", equalTo(true));
        String officerToken = TestTokens.staff(Roles.OFFICER, STATION).accessToken();
        List<String> levels = as(officerToken).queryParam("limit", 100).get("/api/v1/officer/queue").then()
                .statusCode(200).extract().jsonPath().getList("items.warningLevel");
        assertTrue(levels.indexOf("YELLOW") < 0 || levels.lastIndexOf("RED") < levels.indexOf("YELLOW"),
                "RED before YELLOW: " + levels);
        assertTrue(levels.indexOf("NONE") < 0 || levels.lastIndexOf("YELLOW") < levels.indexOf("NONE"),
                "YELLOW before NONE: " + levels);

        String supervisor = TestTokens.staff(Roles.SUPERVISOR, STATION).accessToken();
        List<String> all = new ArrayList<>();
        String cursor = null;
        do {
            var request = as(supervisor).queryParam("level", "RED").queryParam("serviceCode", "ADDRESS_CHANGE")
                    .queryParam("limit", 50);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            var page = request.get(ALERTS).then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath();
            all.addAll(page.getList("items.subjectId"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        assertTrue(all.contains(id.toString()), "the station's supervisor sees the alert");
        as(supervisor).queryParam("level", "YELLOW").queryParam("limit", 100).get(ALERTS).then().statusCode(200)
                .body("items.subjectId", not(hasItem(id.toString())));
        as(TestTokens.staff(Roles.SUPERVISOR, "50010301").accessToken()).queryParam("limit", 100).get(ALERTS).then()
                .statusCode(200).body("items.subjectId", not(hasItem(id.toString())));

        // accepting it starts the service deadline: the RED of acceptance is gone
        Apps.act(officerToken, id.toString(), "accept").then().statusCode(200);
        as(supervisor).queryParam("level", "RED").queryParam("limit", 100).queryParam("kind", "APPLICATION")
                .get(ALERTS).then().statusCode(200).body("items.subjectId", not(hasItem(id.toString())));
    }

    @Test
    void alertsNeedASupervisorAndGoodFilters() {
        io.restassured.RestAssured.given().get(ALERTS).then().statusCode(401);
        as(TestTokens.staff(Roles.OFFICER, STATION).accessToken()).get(ALERTS).then().statusCode(403)
                .contentType(PROBLEM);
        String supervisor = TestTokens.staff(Roles.SUPERVISOR, STATION).accessToken();
        as(supervisor).queryParam("stationCode", "50010301").get(ALERTS).then().statusCode(404).contentType(PROBLEM)
                .body("code", equalTo("not-found"));
        for (Map.Entry<String, String> bad : Map.of("level", "GREEN", "limit", "0", "cursor", "bm90LWEtY3Vyc29y",
                "kind", "ELSE", "stationCode", "x'; drop").entrySet()) {
            as(supervisor).queryParam(bad.getKey(), bad.getValue()).get(ALERTS).then().statusCode(400)
                    .contentType(PROBLEM).body("code", equalTo("validation-failed"));
        }
    }
}
