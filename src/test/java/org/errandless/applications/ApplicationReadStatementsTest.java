package org.errandless.applications;

import static io.restassured.RestAssured.given;
import static org.errandless.applications.Apps.APPLICATIONS;
import static org.errandless.applications.Apps.STATION;
import static org.errandless.applications.Apps.act;
import static org.errandless.applications.Apps.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import jakarta.inject.Inject;

import org.errandless.common.live.LiveFeed;
import org.errandless.common.security.Roles;
import org.errandless.support.CountedStatementsProfile;
import org.errandless.support.LiveFeedBarrier;
import org.errandless.support.StatementCounter;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * How many round trips to the database the read paths make (issue 16 items 1 and 3), counted at the JDBC driver for
 * each request ({@link StatementCounter}: every statement, Hibernate's and plain JDBC, and every commit): a progress
 * read at most one on a miss and none on a hit (an officer's: the one that records the read), lists and the queue at
 * most three per page whatever the page holds (no N+1), the catalogue and the calendar none.
 */
@QuarkusTest
@TestProfile(CountedStatementsProfile.class)
class ApplicationReadStatementsTest {

    private static final int PAGE_MAX = 3;

    /**
     * A read keeps its answer only if no change of its application was heard while it ran; each change's notification
     * comes back through the feed a moment after its commit, so a read expected to be kept first waits for the echoes
     * of the changes before it ({@link LiveFeedBarrier}).
     */
    @Inject
    LiveFeed feed;

    private static String officer() {
        return TestTokens.staff(Roles.OFFICER, STATION).accessToken();
    }

    /** Sends a request under a fresh request id; answers the response and the statements it made. */
    private static Counted counted(RequestSpecification request, Function<RequestSpecification, Response> send) {
        String requestId = "count-" + UUID.randomUUID();
        Response response = send.apply(request.header("X-Request-Id", requestId));
        return new Counted(response, StatementCounter.of(requestId));
    }

    private record Counted(Response response, List<String> statements) {

        Counted expect(int status, int statementCount) {
            response.then().statusCode(status);
            assertEquals(statementCount, statements.size(), () -> "statements: " + statements);
            return this;
        }

        String etag() {
            return response.header("ETag");
        }
    }

    @Test
    void aCitizensProgressReadIsOneStatementOnAMissAndNoneOnAHit() {
        var applicant = Apps.applicant();
        String id = Apps.submittedAddressChange(applicant);
        String path = APPLICATIONS + "/" + id;
        LiveFeedBarrier.await(feed);

        Counted first = counted(as(applicant.token()), request -> request.get(path)).expect(200, 1);
        Counted again = counted(as(applicant.token()), request -> request.get(path)).expect(200, 0);
        assertEquals(first.etag(), again.etag());
        assertEquals(first.response().asString(), again.response().asString());
        counted(as(applicant.token()).header("If-None-Match", again.etag()), request -> request.get(path))
                .expect(304, 0);

        // a change drops the kept answer: the next read is the changed application, one statement
        act(officer(), id, "accept").then().statusCode(200);
        LiveFeedBarrier.await(feed);
        Counted changed = counted(as(applicant.token()), request -> request.get(path)).expect(200, 1);
        changed.response().then().body("status", org.hamcrest.Matchers.equalTo("ACCEPTED"));
        counted(as(applicant.token()).header("If-None-Match", first.etag()), request -> request.get(path))
                .expect(200, 0);
    }

    @Test
    void whatIsKeptInMemoryIsServedToNobodyElse() {
        var applicant = Apps.applicant();
        String id = Apps.submittedAddressChange(applicant);
        String path = APPLICATIONS + "/" + id;
        LiveFeedBarrier.await(feed);
        // kept for both audiences
        Counted kept = counted(as(applicant.token()), request -> request.get(path)).expect(200, 1);
        counted(as(officer()), request -> request.get(path)).expect(200, 1);

        // another citizen, an officer of another station, no token: 404 (401) from memory, whatever tag they send
        String stranger = Apps.applicant().token();
        counted(as(stranger), request -> request.get(path)).expect(404, 0);
        counted(as(stranger).header("If-None-Match", kept.etag()), request -> request.get(path)).expect(404, 0);
        String elsewhere = TestTokens.staff(Roles.OFFICER, "50010301").accessToken();
        counted(as(elsewhere), request -> request.get(path)).expect(404, 0);
        counted(as(elsewhere).header("If-None-Match", "*"), request -> request.get(path)).expect(404, 0);
        given().get(path).then().statusCode(401);
        // a malformed id is no application
        as(applicant.token()).get(APPLICATIONS + "/not-an-id").then().statusCode(404);
    }

    @Test
    void anOfficersReadIsOneStatementThatAlsoRecordsIt() {
        var applicant = Apps.applicant();
        String id = Apps.submittedAddressChange(applicant);
        String path = APPLICATIONS + "/" + id;
        LiveFeedBarrier.await(feed);
        String officer = officer();

        // the first read fetches the application and records the read in one statement
        Counted first = counted(as(officer), request -> request.get(path)).expect(200, 1);
        // from memory: the one statement is the access record
        Counted hit = counted(as(officer), request -> request.get(path)).expect(200, 1);
        assertEquals(first.etag(), hit.etag());
        assertTrue(hit.statements().get(0).contains("record_access"), () -> "statements: " + hit.statements());
        // a 304 is no read: nothing at all
        counted(as(officer).header("If-None-Match", hit.etag()), request -> request.get(path)).expect(304, 0);

        List<Map<String, Object>> reads = as(applicant.token()).queryParam("limit", 100)
                .get("/api/v1/me/data-access").then().statusCode(200).extract().jsonPath()
                .getList("items.findAll { it.what == '办件材料' }");
        assertEquals(1, reads.size());
        assertEquals(2, reads.get(0).get("count"));
    }

    @Test
    void listsAndTheQueueAreOneStatementPerPage() {
        var applicant = Apps.applicant();
        for (int i = 0; i < 3; i++) {
            Apps.submittedAddressChange(applicant);
        }
        Apps.draft(applicant.token(), "ADDRESS_CHANGE");

        Counted own = counted(as(applicant.token()).queryParam("limit", 2), request -> request.get(APPLICATIONS));
        own.response().then().statusCode(200).body("items.size()", org.hamcrest.Matchers.equalTo(2));
        assertTrue(own.statements().size() <= PAGE_MAX, () -> "statements: " + own.statements());
        String cursor = own.response().path("nextCursor");
        Counted next = counted(as(applicant.token()).queryParam("limit", 20).queryParam("cursor", cursor),
                request -> request.get(APPLICATIONS));
        next.response().then().statusCode(200).body("items.size()", org.hamcrest.Matchers.equalTo(2));
        assertTrue(next.statements().size() <= PAGE_MAX, () -> "statements: " + next.statements());

        String officer = officer();
        Counted station = counted(as(officer).queryParam("limit", 20), request -> request.get(APPLICATIONS));
        station.response().then().statusCode(200);
        assertTrue(station.response().jsonPath().getList("items").size() >= 3);
        assertTrue(station.statements().size() <= PAGE_MAX, () -> "statements: " + station.statements());

        Counted queue = counted(as(officer).queryParam("limit", 20), request -> request.get("/api/v1/officer/queue"));
        queue.response().then().statusCode(200);
        assertTrue(queue.response().jsonPath().getList("items").size() >= 3);
        assertTrue(queue.statements().size() <= PAGE_MAX, () -> "statements: " + queue.statements());
        assertEquals(1, queue.statements().size(), () -> "statements: " + queue.statements());
        assertEquals(1, station.statements().size(), () -> "statements: " + station.statements());
        assertEquals(1, own.statements().size(), () -> "statements: " + own.statements());
    }

    @Test
    void aTimelineReadIsOneStatement() {
        var applicant = Apps.applicant();
        String id = Apps.submittedAddressChange(applicant);
        String timeline = APPLICATIONS + "/" + id + "/timeline";
        counted(as(applicant.token()), request -> request.get(timeline)).expect(200, 1);
        // an officer's read that serves events records it in the same statement
        counted(as(officer()), request -> request.get(timeline)).expect(200, 1);
    }

    @Test
    void theCatalogueAndTheCalendarComeFromMemory() {
        given().get("/api/v1/services").then().statusCode(200);
        Counted list = counted(given(), request -> request.get("/api/v1/services")).expect(200, 0);
        counted(given().header("If-None-Match", list.etag()), request -> request.get("/api/v1/services"))
                .expect(304, 0);
        counted(given(), request -> request.get("/api/v1/services/ADDRESS_CHANGE")).expect(200, 0);
        counted(given(), request -> request.get("/api/v1/services/NOPE")).expect(404, 0);
        given().get("/api/v1/calendar/2026").then().statusCode(200);
        counted(given(), request -> request.get("/api/v1/calendar/2026")).expect(200, 0);
        counted(given().queryParam("from", "2026-09-30").queryParam("amount", 5).queryParam("unit", "WORKING_DAYS"),
                request -> request.get("/api/v1/calendar/due-date")).expect(200, 0);
    }
}
