package org.errandless.applications;

import static org.errandless.applications.Apps.APPLICATIONS;
import static org.errandless.applications.Apps.PROBLEM;
import static org.errandless.applications.Apps.STATION;
import static org.errandless.applications.Apps.act;
import static org.errandless.applications.Apps.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.errandless.common.live.LiveFeed;
import org.errandless.common.security.Roles;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The timeline as Server-Sent Events, read line by line with java.net.http: resuming after {@code Last-Event-ID} (or
 * {@code ?after=}), live events as other requests commit them, the end of the stream after the final event, and no
 * INTERNAL event for a citizen. Every read is bounded generously (a failure, not a hang).
 */
@QuarkusTest
class ApplicationEventStreamTest {

    @TestHTTPResource("/")
    URL base;
    @Inject
    LiveFeed feed;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeEach
    void listenerIsUp() throws Exception {
        feed.whenListening().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    /** One event of the stream as received. */
    record Received(int id, String name, JsonPath data) {
    }

    /** An open stream: its lines, read on demand, each read bounded. */
    final class Events implements AutoCloseable {
        private final Stream<String> lines;
        private final Iterator<String> iterator;

        Events(HttpResponse<Stream<String>> response) {
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
            this.lines = response.body();
            this.iterator = lines.iterator();
        }

        /** The next {@code count} events (comments skipped). */
        List<Received> next(int count) throws Exception {
            return CompletableFuture.supplyAsync(() -> {
                List<Received> events = new ArrayList<>();
                Integer id = null;
                String name = null;
                StringBuilder data = new StringBuilder();
                while (events.size() < count && iterator.hasNext()) {
                    String line = iterator.next();
                    if (line.isEmpty()) {
                        if (data.length() > 0) {
                            events.add(new Received(id, name, JsonPath.from(data.toString())));
                        }
                        id = null;
                        name = null;
                        data.setLength(0);
                    } else if (line.startsWith("id:")) {
                        id = Integer.parseInt(line.substring(3).strip());
                    } else if (line.startsWith("event:")) {
                        name = line.substring(6).strip();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5));
                    }
                }
                return events;
            }).get(90, TimeUnit.SECONDS);
        }

        /** Whether the server ended the stream (only comments or nothing before the end). */
        boolean ended() throws Exception {
            return CompletableFuture.supplyAsync(() -> {
                while (iterator.hasNext()) {
                    String line = iterator.next();
                    if (line.startsWith("id:") || line.startsWith("data:")) {
                        return false;
                    }
                }
                return true;
            }).get(90, TimeUnit.SECONDS);
        }

        /** Reads until a comment line with this text (a heartbeat) arrives; false when the stream ends first. */
        boolean comment(String text) throws Exception {
            return CompletableFuture.supplyAsync(() -> {
                while (iterator.hasNext()) {
                    String line = iterator.next();
                    if (line.startsWith(":") && line.substring(1).strip().equals(text)) {
                        return true;
                    }
                }
                return false;
            }).get(90, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            lines.close();
        }
    }

    private Events open(String token, String id, String lastEventId, String after) throws Exception {
        String url = base.toString().replaceAll("/$", "") + APPLICATIONS + "/" + id + "/events"
                + (after == null ? "" : "?after=" + after);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream").GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return new Events(http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines()).get(60,
                TimeUnit.SECONDS));
    }

    private static String officer() {
        return TestTokens.staff(Roles.OFFICER, STATION).accessToken();
    }

    @Test
    void resumesAfterLastEventIdThenFollowsLiveEventsUntilTheFinalOne() throws Exception {
        var applicant = Apps.applicant();
        String id = Apps.submittedAddressChange(applicant);
        String officer = officer();
        act(officer, id, "accept", Map.of("comment", "予以受理")).then().statusCode(200);
        try (Events events = open(applicant.token(), id, "2", "0")) {
            List<Received> resumed = events.next(1);
            assertEquals(3, resumed.get(0).id(), "Last-Event-ID wins over ?after=");
            assertEquals("accept", resumed.get(0).name());
            assertEquals("ACCEPTED", resumed.get(0).data().getString("toStatus"));
            assertEquals(3, resumed.get(0).data().getInt("seq"));
            act(officer, id, "suspend", Map.of("reason", "需实地核查")).then().statusCode(200);
            List<Received> live = events.next(1);
            assertEquals(4, live.get(0).id());
            assertEquals("suspend", live.get(0).name());
            act(officer, id, "resume").then().statusCode(200);
            act(officer, id, "approve", Map.of("comment", "准予变更")).then().statusCode(200);
            List<Received> last = events.next(2);
            assertEquals(List.of(5, 6), last.stream().map(Received::id).toList());
            assertEquals("COMPLETED", last.get(1).data().getString("toStatus"));
            assertTrue(events.ended(), "the stream ends after the final event");
        }
    }

    @Test
    void afterServesClientsThatCannotSetHeadersAndAFinalApplicationEndsAtOnce() throws Exception {
        var applicant = Apps.applicant();
        String id = Apps.submittedAddressChange(applicant);
        act(applicant.token(), id, "withdraw").then().statusCode(200);
        try (Events events = open(applicant.token(), id, null, "1")) {
            List<Received> received = events.next(2);
            assertEquals(List.of(2, 3), received.stream().map(Received::id).toList());
            assertEquals(List.of("submit", "withdraw"), received.stream().map(Received::name).toList());
            assertTrue(events.ended());
        }
    }

    @Test
    void citizensNeverReceiveInternalEvents() throws Exception {
        var applicant = Apps.applicant();
        String id = Apps.submittedAddressChange(applicant);
        String officer = officer();
        try (Events citizen = open(applicant.token(), id, "2", null);
                Events staff = open(officer, id, "2", null)) {
            act(officer, id, "accept", Map.of("internalNote", "材料齐全，内部备注")).then().statusCode(200);
            act(officer, id, "reject", Map.of("reason", "不符合条件", "legalBasis", "《户口登记条例》",
                    "internalNote", "内部：已电话告知")).then().statusCode(200);
            List<Received> seen = citizen.next(2);
            assertEquals(List.of("accept", "reject"), seen.stream().map(Received::name).toList());
            assertEquals(List.of(3, 5), seen.stream().map(Received::id).toList());
            assertTrue(seen.stream().allMatch(event -> "PUBLIC".equals(event.data().getString("visibility"))));
            assertTrue(citizen.ended(), "the citizen's stream ends after the final event, with no note");
            List<Received> all = staff.next(4);
            assertEquals(List.of("accept", "note", "reject", "note"), all.stream().map(Received::name).toList());
            assertEquals("INTERNAL", all.get(1).data().getString("visibility"));
            assertFalse(all.stream().anyMatch(event -> event.id() <= 2));
            assertTrue(staff.ended());
        }
    }

    @Test
    void aQuietStreamSendsKeepAliveCommentsAndStillDeliversTheNextEvent() throws Exception {
        var applicant = Apps.applicant();
        String id = Apps.submittedAddressChange(applicant);
        try (Events events = open(applicant.token(), id, "2", null)) {
            // the test profile's heartbeat is 2 s
            assertTrue(events.comment("keep-alive"));
            act(officer(), id, "accept").then().statusCode(200);
            assertEquals(3, events.next(1).get(0).id());
        }
    }

    @Test
    void refusals() {
        var applicant = Apps.applicant();
        String id = Apps.submittedAddressChange(applicant);
        String path = APPLICATIONS + "/" + id + "/events";
        io.restassured.RestAssured.given().get(path).then().statusCode(401).contentType(PROBLEM)
                .body("code", equalTo("unauthorized"));
        as(Apps.applicant().token()).get(path).then().statusCode(404).contentType(PROBLEM)
                .body("code", equalTo("not-found"));
        as(TestTokens.staff(Roles.OFFICER, "50010301").accessToken()).get(path).then().statusCode(404)
                .body("code", equalTo("not-found"));
        as(applicant.token()).get(APPLICATIONS + "/" + UUID.randomUUID() + "/events").then().statusCode(404);
        as(TestTokens.staff(Roles.SUPERVISOR, STATION).accessToken()).get(path).then().statusCode(403)
                .body("code", equalTo("forbidden"));
        as(applicant.token()).header("Last-Event-ID", "abc").get(path).then().statusCode(400).contentType(PROBLEM)
                .body("code", equalTo("validation-failed")).body("invalidParams[0].name", equalTo("Last-Event-ID"));
        as(applicant.token()).queryParam("after", "-3").get(path).then().statusCode(400)
                .body("code", equalTo("validation-failed")).body("invalidParams[0].name", equalTo("after"));
    }
}
