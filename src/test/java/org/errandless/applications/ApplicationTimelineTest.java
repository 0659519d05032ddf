package org.errandless.applications;

import static org.errandless.applications.Apps.APPLICATIONS;
import static org.errandless.applications.Apps.PROBLEM;
import static org.errandless.applications.Apps.STATION;
import static org.errandless.applications.Apps.act;
import static org.errandless.applications.Apps.as;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import jakarta.inject.Inject;

import org.errandless.common.live.LiveFeed;
import org.errandless.common.security.Roles;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Cheap reads (If-None-Match → 304 on the application, the lists, the queue and the timeline) and the long-poll of
 * the timeline: an event committed by another request ends a waiting poll, a quiet one times out empty, citizens never
 * see (nor are answered for) INTERNAL events. Polls run asynchronously with java.net.http; every wait is bounded
 * generously, so a failure fails rather than hangs, and no assertion depends on timing.
 */
@QuarkusTest
class ApplicationTimelineTest {

    @TestHTTPResource("/")
    URL base;
    @Inject
    LiveFeed feed;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeEach
    void listenerIsUp() throws Exception {
        feed.whenListening().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private static String officer() {
        return TestTokens.staff(Roles.OFFICER, STATION).accessToken();
    }

    private static String timeline(String id) {
        return APPLICATIONS + "/" + id + "/timeline";
    }

    /** A long-poll sent asynchronously; the future completes with the answer. */
    private CompletableFuture<HttpResponse<String>> poll(String token, String id, int after, int waitSeconds) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "")
                + timeline(id) + "?after=" + after + "&waitSeconds=" + waitSeconds))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(90)).GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Until the feed has more waiters than before (bounded): the poll is registered, so the order is certain. */
    private void untilWaiting(int before) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (feed.waiting() <= before && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    private static JsonPath answer(CompletableFuture<HttpResponse<String>> poll) throws Exception {
        HttpResponse<String> response = poll.get(90, TimeUnit.SECONDS);
        assertEquals(200, response.statusCode(), response.body());
        return JsonPath.from(response.body());
    }

    // ---- cheap reads --------------------------------------------------------------------------------------------

    @Test
    void theApplicationAnswers304UntilATransitionChangesItsTag() {
        var applicant = Apps.applicant();
        String id = Apps.submittedAddressChange(applicant);
        String officer = officer();
        // an internal note makes the officer's representation differ from the citizen's
        act(officer, id, "accept", Map.of("internalNote", "材料齐全")).then().statusCode(200);
        String citizenTag = Apps.etag(applicant.token(), id);
        String officerTag = Apps.etag(officer, id);
        assertNotEquals(citizenTag, officerTag, "the citizen and the officer are served different representations");
        as(applicant.token()).header("If-None-Match", citizenTag).get(APPLICATIONS + "/" + id).then().statusCode(304)
                .header("ETag", citizenTag).body(equalTo(""));
        as(officer).header("If-None-Match", officerTag).get(APPLICATIONS + "/" + id).then().statusCode(304);
        // the other caller's tag is not this caller's representation
        as(officer).header("If-None-Match", citizenTag).get(APPLICATIONS + "/" + id).then().statusCode(200);
        act(officer, id, "suspend", Map.of("reason", "需实地核查")).then().statusCode(200);
        String after = as(applicant.token()).header("If-None-Match", citizenTag).get(APPLICATIONS + "/" + id).then()
                .statusCode(200).extract().header("ETag");
        assertNotEquals(citizenTag, after);
    }

    @Test
    void theListsAnswer304ForTheSamePage() {
        var applicant = Apps.applicant();
        String id = Apps.submittedAddressChange(applicant);
        String mine = as(applicant.token()).get(APPLICATIONS).then().statusCode(200).extract().header("ETag");
        as(applicant.token()).header("If-None-Match", mine).get(APPLICATIONS).then().statusCode(304)
                .header("ETag", mine).body(equalTo(""));
        // another page (a filter) is another representation
        as(applicant.token()).header("If-None-Match", mine).queryParam("status", "DRAFT").get(APPLICATIONS).then()
                .statusCode(200);
        String officer = officer();
        // the page of the queue this application is on (the station's queue is shared with every other test)
        String cursor = null;
        while (true) {
            var page = queuePage(officer, cursor).get("/api/v1/officer/queue").then().statusCode(200).extract()
                    .jsonPath();
            if (page.getList("items.id").contains(id)) {
                break;
            }
            cursor = page.getString("nextCursor");
            org.junit.jupiter.api.Assertions.assertNotNull(cursor, "the application is not in the queue");
        }
        String pageCursor = cursor;
        String queue = queuePage(officer, pageCursor).get("/api/v1/officer/queue").then().statusCode(200).extract()
                .header("ETag");
        queuePage(officer, pageCursor).header("If-None-Match", queue).get("/api/v1/officer/queue").then()
                .statusCode(304).header("ETag", queue);
        String stationList = as(officer).get(APPLICATIONS).then().statusCode(200).extract().header("ETag");
        as(officer).header("If-None-Match", stationList).get(APPLICATIONS).then().statusCode(304);
        act(officer, id, "accept").then().statusCode(200);
        as(applicant.token()).header("If-None-Match", mine).get(APPLICATIONS).then().statusCode(200);
        // the application's summary on that page changed (or it left the page)
        queuePage(officer, pageCursor).header("If-None-Match", queue).get("/api/v1/officer/queue").then()
                .statusCode(200);
    }

    private static io.restassured.specification.RequestSpecification queuePage(String officer, String cursor) {
        var request = as(officer).queryParam("limit", 100);
        return cursor == null ? request : request.queryParam("cursor", cursor);
    }

    @Test
    void theTimelineWithoutWaitingAnswers304() {
        var applicant = Apps.applicant();
        String id = Apps.submittedAddressChange(applicant);
        String tag = as(applicant.token()).get(timeline(id)).then().statusCode(200)
                .body("items.action", equalTo(List.of("create", "submit"))).body("lastSeq", equalTo(2))
                .extract().header("ETag");
        as(applicant.token()).header("If-None-Match", tag).get(timeline(id)).then().statusCode(304)
                .body(equalTo(""));
        String tail = as(applicant.token()).queryParam("after", 2).get(timeline(id)).then().statusCode(200)
                .body("items", empty()).body("lastSeq", equalTo(2)).extract().header("ETag");
        as(applicant.token()).queryParam("after", 2).header("If-None-Match", tail).get(timeline(id)).then()
                .statusCode(304);
        act(officer(), id, "accept").then().statusCode(200);
        as(applicant.token()).queryParam("after", 2).header("If-None-Match", tail).get(timeline(id)).then()
                .statusCode(200).body("items.action", equalTo(List.of("accept"))).body("lastSeq", equalTo(3));
    }

    // ---- the long-poll ------------------------------------------------------------------------------------------

    @Test
    void aWaitingPollReturnsTheEventAnotherRequestCommitted() throws Exception {
        var applicant = Apps.applicant();
        String id = Apps.submittedAddressChange(applicant);
        int before = feed.waiting();
        var poll = poll(applicant.token(), id, 2, 30);
        untilWaiting(before);
        act(officer(), id, "accept", Map.of("comment", "予以受理")).then().statusCode(200);
        JsonPath body = answer(poll);
        assertEquals(List.of("accept"), body.getList("items.action"));
        assertEquals("予以受理", body.getString("items[0].comment"));
        assertEquals(3, body.getInt("lastSeq"));
        assertTrue(feed.waiting() <= before, "an answered poll leaves no waiter behind");
    }

    @Test
    void aPollAnswersAtOnceWhenNewerEventsExist() throws Exception {
        var applicant = Apps.applicant();
        String id = Apps.submittedAddressChange(applicant);
        JsonPath body = answer(poll(applicant.token(), id, 1, 30));
        assertEquals(List.of("submit"), body.getList("items.action"));
        assertEquals(2, body.getInt("lastSeq"));
    }

    @Test
    void aQuietPollTimesOutEmpty() throws Exception {
        var applicant = Apps.applicant();
        String id = Apps.submittedAddressChange(applicant);
        JsonPath body = answer(poll(applicant.token(), id, 2, 1));
        assertEquals(List.of(), body.getList("items"));
        assertEquals(2, body.getInt("lastSeq"));
    }

    @Test
    void citizensNeverSeeInternalEventsButOfficersDo() throws Exception {
        var applicant = Apps.applicant();
        String id = Apps.submittedAddressChange(applicant);
        String officer = officer();
        int before = feed.waiting();
        var citizenPoll = poll(applicant.token(), id, 2, 30);
        var officerPoll = poll(officer, id, 2, 30);
        untilWaiting(before + 1);
        act(officer, id, "accept", Map.of("comment", "予以受理", "internalNote", "材料齐全，内部备注")).then()
                .statusCode(200);
        JsonPath citizen = answer(citizenPoll);
        assertEquals(List.of("accept"), citizen.getList("items.action"));
        assertEquals(3, citizen.getInt("lastSeq"));
        JsonPath staff = answer(officerPoll);
        assertEquals(List.of("accept", "note"), staff.getList("items.action"));
        assertEquals(List.of("PUBLIC", "INTERNAL"), staff.getList("items.visibility"));
        assertEquals(4, staff.getInt("lastSeq"));
        // a plain read of the whole timeline keeps the note from the citizen too
        as(applicant.token()).get(timeline(id)).then().statusCode(200)
                .body("items.visibility", everyItem(equalTo("PUBLIC"))).body("lastSeq", equalTo(3));
        as(officer).get(timeline(id)).then().statusCode(200).body("items.action", hasItem("note"));
    }

    @Test
    void anInternalEventAloneDoesNotAnswerACitizensPoll() throws Exception {
        var applicant = Apps.applicant();
        String id = Apps.submittedAddressChange(applicant);
        int before = feed.waiting();
        var citizenPoll = poll(applicant.token(), id, 2, 1);
        var officerPoll = poll(officer(), id, 2, 30);
        untilWaiting(before + 1);
        // an INTERNAL event on its own, appended and published the way the service does it
        QuarkusTransaction.requiringNew().run(() -> {
            Application application = Application.findById(UUID.fromString(id));
            application.internalNote("电话核实住址", Instant.now()).persist();
            feed.publish(ApplicationService.liveKey(application.id));
        });
        JsonPath staff = answer(officerPoll);
        assertEquals(List.of("note"), staff.getList("items.action"));
        // woken by the note, the citizen's poll found nothing to see and waited on until its deadline
        JsonPath citizen = answer(citizenPoll);
        assertEquals(List.of(), citizen.getList("items"));
        assertEquals(2, citizen.getInt("lastSeq"));
    }

    // ---- refusals -----------------------------------------------------------------------------------------------

    @Test
    void badParametersAre400() {
        var applicant = Apps.applicant();
        String id = Apps.draft(applicant.token(), "ADDRESS_CHANGE");
        for (Map<String, Object> query : List.<Map<String, Object>>of(Map.of("after", "x"), Map.of("after", -1),
                Map.of("waitSeconds", 31), Map.of("waitSeconds", -1), Map.of("waitSeconds", "soon"))) {
            as(applicant.token()).queryParams(query).get(timeline(id)).then().statusCode(400).contentType(PROBLEM)
                    .body("code", equalTo("validation-failed"))
                    .body("invalidParams[0].name", equalTo(query.keySet().iterator().next()));
        }
    }

    @Test
    void strangersAre401AndOthersApplications404() {
        var applicant = Apps.applicant();
        String id = Apps.draft(applicant.token(), "ADDRESS_CHANGE");
        io.restassured.RestAssured.given().get(timeline(id)).then().statusCode(401).contentType(PROBLEM)
                .body("code", equalTo("unauthorized"));
        as(Apps.applicant().token()).get(timeline(id)).then().statusCode(404).contentType(PROBLEM)
                .body("code", equalTo("not-found"));
        // officers never see a DRAFT, and never another station's applications
        as(officer()).get(timeline(id)).then().statusCode(404).body("code", equalTo("not-found"));
        String submitted = Apps.submittedAddressChange(Apps.applicant());
        as(TestTokens.staff(Roles.OFFICER, "50010301").accessToken()).queryParam("waitSeconds", 1)
                .get(timeline(submitted)).then().statusCode(404).body("code", equalTo("not-found"));
        as(TestTokens.staff(Roles.SUPERVISOR, STATION).accessToken()).get(timeline(submitted)).then()
                .statusCode(403).body("code", equalTo("forbidden"));
        as(applicant.token()).get(timeline(UUID.randomUUID().toString())).then().statusCode(404);
    }
}
