package org.errandless.applications;

import static org.errandless.applications.Apps.APPLICATIONS;
import static org.errandless.applications.Apps.STATION;
import static org.errandless.applications.Apps.act;
import static org.errandless.applications.Apps.as;
import static org.errandless.applications.Apps.etag;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.errandless.common.security.Roles;
import org.errandless.common.time.TestBusinessClock;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Deadlines with the business clock fixed at 2026-09-30 (a Wednesday) and moved by whole days: the seeded 2026
 * calendar has the National Day holiday 1–7 October and the make-up working day Saturday 10 October.
 */
@QuarkusTest
class ApplicationDeadlinesTest {

    @AfterEach
    void backToTheFixedDay() {
        TestBusinessClock.reset();
    }

    private static String officer() {
        return TestTokens.staff(Roles.OFFICER, STATION).accessToken();
    }

    @Test
    void acceptanceDueDateIsFiveWorkingDaysAcrossTheHoliday() {
        var applicant = Apps.applicant();
        String id = Apps.submittedAddressChange(applicant);
        // 8, 9, 10 (make-up), 12, 13 October
        as(applicant.token()).get(APPLICATIONS + "/" + id).then().statusCode(200)
                .body("acceptanceDueDate", equalTo("2026-10-13")).body("remainingWorkingDays", equalTo(5))
                .body("overdue", equalTo(false)).body("dueDateProvisional", equalTo(false));
        String tagToday = etag(applicant.token(), id);
        TestBusinessClock.advanceDays(13); // 13 October, the due date itself
        as(applicant.token()).get(APPLICATIONS + "/" + id).then().body("remainingWorkingDays", equalTo(0))
                .body("overdue", equalTo(false));
        // the representation changed with the date, and so did its tag
        assertNotEquals(tagToday, etag(applicant.token(), id));
        TestBusinessClock.advanceDays(14); // the day after
        as(applicant.token()).get(APPLICATIONS + "/" + id).then().body("remainingWorkingDays", equalTo(-1))
                .body("overdue", equalTo(true));
    }

    @Test
    void resubmissionStartsTheAcceptanceClockAfresh() {
        var applicant = Apps.applicant();
        String id = Apps.submittedAddressChange(applicant);
        act(officer(), id, "request-supplement", Map.of("missingMaterials", List.of("TENANCY_PROOF"))).then()
                .statusCode(200);
        TestBusinessClock.advanceDays(9); // Friday 9 October
        act(applicant.token(), id, "submit").then().statusCode(200)
                // 10 (make-up), 12, 13, 14, 15 October
                .body("acceptanceDueDate", equalTo("2026-10-15")).body("remainingWorkingDays", equalTo(5));
    }

    @Test
    void suspensionAcrossNationalDayMovesTheDueDateByTheSuspendedWorkingDays() {
        var applicant = Apps.applicant();
        String id = Apps.submittedAddressChange(applicant);
        String officer = officer();
        act(officer, id, "accept").then().statusCode(200).body("dueDate", equalTo("2026-10-13"));
        act(officer, id, "suspend", Map.of("reason", "需实地核查")).then().statusCode(200)
                .body("suspendedOn", equalTo("2026-09-30"));
        TestBusinessClock.advanceDays(14); // 14 October: past the old due date, but the clock is stopped
        as(officer).get(APPLICATIONS + "/" + id).then().statusCode(200).body("status", equalTo("SUSPENDED"))
                .body("dueDate", equalTo("2026-10-13")).body("overdue", equalTo(false))
                .body("remainingWorkingDays", equalTo(5));
        TestBusinessClock.advanceDays(9); // resumed Friday 9 October
        // suspended working days in [30 Sep, 9 Oct): 30 September and 8 October (1–7 October are holidays) = 2
        act(officer, id, "resume").then().statusCode(200).body("status", equalTo("ACCEPTED"))
                // 10 (make-up), 12, 13, 14, 15 October: the 5 days left when the clock stopped
                .body("dueDate", equalTo("2026-10-15")).body("remainingWorkingDays", equalTo(5))
                .body("overdue", equalTo(false));
        TestBusinessClock.advanceDays(16);
        as(applicant.token()).get(APPLICATIONS + "/" + id).then().body("overdue", equalTo(true))
                .body("remainingWorkingDays", equalTo(-1));
    }

    @Test
    void queueShowsOverdueFirstThenByDeadlineThenStoppedClocks() {
        var applicant = Apps.applicant();
        String officer = officer();
        String overdue = Apps.submittedAddressChange(applicant); // acceptance due 13 October
        String waiting = Apps.submittedAddressChange(applicant);
        act(officer, waiting, "request-supplement", Map.of("missingMaterials", List.of("TENANCY_PROOF"))).then()
                .statusCode(200);
        TestBusinessClock.advanceDays(14);
        String fresh = Apps.submittedAddressChange(applicant); // acceptance due 21 October
        String dueSooner = Apps.submittedAddressChange(applicant);
        act(officer, dueSooner, "accept").then().statusCode(200); // ADDRESS_CHANGE: 5 working days, 21 October too
        List<String> mine = List.of(overdue, waiting, fresh, dueSooner);
        List<String> order = new ArrayList<>();
        List<Boolean> overdueFlags = new ArrayList<>();
        String cursor = null;
        do {
            var request = as(officer).queryParam("limit", 50);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            var page = request.get("/api/v1/officer/queue").then().statusCode(200).extract();
            List<String> ids = page.path("items.id");
            List<Boolean> flags = page.path("items.overdue");
            for (int i = 0; i < ids.size(); i++) {
                overdueFlags.add(flags.get(i));
                if (mine.contains(ids.get(i))) {
                    order.add(ids.get(i));
                }
            }
            cursor = page.path("nextCursor");
        } while (cursor != null);
        assertEquals(overdue, order.get(0));
        assertEquals(waiting, order.get(3));
        assertTrue(order.subList(1, 3).containsAll(List.of(fresh, dueSooner)));
        // overdue ones come first across the whole queue
        int firstOnTime = overdueFlags.indexOf(false);
        assertTrue(firstOnTime < 0 || !overdueFlags.subList(firstOnTime, overdueFlags.size()).contains(true));
        as(officer).queryParam("cursor", "garbage!").get("/api/v1/officer/queue").then().statusCode(400)
                .body("code", equalTo("validation-failed"));
        as(applicant.token()).get("/api/v1/officer/queue").then().statusCode(403).body("code", equalTo("forbidden"));
    }
}
