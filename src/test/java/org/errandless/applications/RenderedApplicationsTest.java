package org.errandless.applications;

import static org.errandless.applications.Apps.APPLICATIONS;
import static org.errandless.applications.Apps.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import jakarta.inject.Inject;

import org.errandless.catalog.CalendarService;
import org.errandless.catalog.CatalogService;
import org.errandless.common.live.LiveFeed;
import org.errandless.common.security.Roles;
import org.errandless.common.time.BusinessClock;
import org.errandless.common.time.TestBusinessClock;
import org.errandless.common.web.PreparedBody;
import org.errandless.support.LiveFeedBarrier;
import org.errandless.support.OtherInstance;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The answers of {@code GET /applications/{id}} kept in memory (issue 16 item 3) are never staler than the live feed:
 * a change committed by another instance is served here once its notification arrived, a listener that lost its
 * connection forgets everything, an answer read before a change is never kept after it, a new business date renders
 * afresh, and the embedded timeline is the latest 20 events with a link to the rest.
 */
@QuarkusTest
class RenderedApplicationsTest {

    @Inject
    LiveFeed feed;
    @Inject
    RenderedApplications rendered;
    @Inject
    ApplicationReadModel readModel;
    @Inject
    ApplicationViews views;
    @Inject
    CatalogService catalog;
    @Inject
    CalendarService calendar;
    @Inject
    BusinessClock clock;

    @Test
    void aChangeCommittedOnAnotherInstanceIsServedHere() throws Exception {
        var applicant = Apps.applicant();
        String id = Apps.submittedAddressChange(applicant);
        String before = Apps.etag(applicant.token(), id);
        Apps.etag(applicant.token(), id);

        OtherInstance.commitAndPublish(feed, ApplicationFeed.key(UUID.fromString(id)),
                connection -> changeComment(connection, id, "另一实例的补正说明"));
        String after = as(applicant.token()).get(APPLICATIONS + "/" + id).then().statusCode(200)
                .body("supplementRequest.comment", equalTo("另一实例的补正说明")).extract().header("ETag");
        assertNotEquals(before, after);
    }

    @Test
    void aListenerThatReconnectsForgetsWhatItKept() throws Exception {
        var applicant = Apps.applicant();
        String id = Apps.submittedAddressChange(applicant);
        Apps.etag(applicant.token(), id);
        Apps.etag(applicant.token(), id);

        OtherInstance.loseListener(feed, connection -> changeComment(connection, id, "无人监听时的变更"));
        as(applicant.token()).get(APPLICATIONS + "/" + id).then().statusCode(200)
                .body("supplementRequest.comment", equalTo("无人监听时的变更"));
    }

    @Test
    void anAnswerReadBeforeAChangeIsNotKeptAfterIt() {
        var applicant = Apps.applicant();
        UUID id = UUID.fromString(Apps.submittedAddressChange(applicant));
        // the submission's own notification must not arrive between the second stamp and its keeping below
        LiveFeedBarrier.await(feed);
        Caller caller = Caller.citizen(applicant.accountId(), null);
        RenderedApplications.Stamp stamp = rendered.stamp(id);
        ApplicationSnapshot read = readModel.load(id).orElseThrow();
        // the change's notification arrives between the read and the keeping
        rendered.drop(id);
        rendered.keep(stamp, read, true, new RenderedApplications.Rendered(null, null, null, answer(read)));
        assertNull(rendered.find(id));

        // read after the change: kept, and visible only to its applicant
        stamp = rendered.stamp(id);
        rendered.keep(stamp, read, true, new RenderedApplications.Rendered(null, null, null, answer(read)));
        assertNotNull(rendered.find(id));
        assertEquals(true, rendered.find(id).visibleTo(caller));
        assertEquals(false, rendered.find(id).visibleTo(Caller.citizen(UUID.randomUUID(), null)));
        rendered.drop(id);
    }

    @Test
    void aNewBusinessDateRendersAfresh() {
        var applicant = Apps.applicant();
        String id = Apps.submittedAddressChange(applicant);
        String today = as(applicant.token()).get(APPLICATIONS + "/" + id).then().statusCode(200)
                .body("acceptanceDueDate", equalTo("2026-10-13")).body("remainingWorkingDays", equalTo(5))
                .extract().header("ETag");
        TestBusinessClock.advanceDays(9);
        try {
            String later = as(applicant.token()).get(APPLICATIONS + "/" + id).then().statusCode(200)
                    .body("remainingWorkingDays", equalTo(calendar.remainingWorkingDays(LocalDate.parse("2026-10-09"),
                            LocalDate.parse("2026-10-13"))))
                    .extract().header("ETag");
            assertNotEquals(today, later);
        } finally {
            TestBusinessClock.reset();
        }
        as(applicant.token()).header("If-None-Match", today).get(APPLICATIONS + "/" + id).then().statusCode(304);
    }

    @Test
    void theEmbeddedTimelineIsTheLatestTwentyWithALinkToTheRest() {
        var applicant = Apps.applicant();
        String id = Apps.submittedAddressChange(applicant);
        String officer = TestTokens.staff(Roles.OFFICER, Apps.STATION).accessToken();
        as(officer).get(APPLICATIONS + "/" + id).then().statusCode(200).body("timeline", hasSize(2))
                .body("fullTimeline", nullValue());
        // 25 internal notes: the officers' timeline has 27 events, the citizen's still 2
        QuarkusTransaction.requiringNew().run(() -> {
            Application application = Application.findById(UUID.fromString(id));
            for (int i = 0; i < 25; i++) {
                application.internalNote("核实 " + i, Instant.now()).persist();
            }
            feed.publish(ApplicationFeed.key(application.id));
            rendered.dropWhenComplete(application.id);
        });
        as(officer).get(APPLICATIONS + "/" + id).then().statusCode(200).body("timeline", hasSize(20))
                .body("timeline[0].seq", equalTo(8)).body("timeline[19].seq", equalTo(27))
                .body("fullTimeline", equalTo(APPLICATIONS + "/" + id + "/timeline?after=0"));
        as(officer).queryParam("after", 0).get(APPLICATIONS + "/" + id + "/timeline").then().statusCode(200)
                .body("items", hasSize(27));
        as(applicant.token()).get(APPLICATIONS + "/" + id).then().statusCode(200).body("timeline", hasSize(2))
                .body("fullTimeline", nullValue());
    }

    private static void changeComment(Connection connection, String id, String comment) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("update application set supplement_requested = "
                + "true, supplement_materials = '[]'::jsonb, supplement_comment = ?, version = version + 1 "
                + "where id = ?")) {
            update.setString(1, comment);
            update.setObject(2, UUID.fromString(id));
            assertEquals(1, update.executeUpdate());
        }
    }

    private PreparedBody answer(ApplicationSnapshot read) {
        return views.prepared(read, true, catalog.service(read.serviceCode()), calendar.dueDates(), clock.today());
    }
}
