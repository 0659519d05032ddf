package org.errandless.common.web.idempotency;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.errandless.common.security.Roles;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** The Idempotency-Key mechanism on test endpoints: replay, reuse, races, failures, scopes, expiry, syntax. */
@QuarkusTest
class IdempotencyTest {

    private static final String THINGS = "/test-support/idempotency/things";
    private static final String SECURED_THINGS = "/test-support/idempotency/secured-things";

    @Inject
    IdempotencyProbe probe;
    @Inject
    IdempotencyRecords records;
    @Inject
    DataSource dataSource;

    @TestHTTPResource(THINGS)
    URL thingsUrl;

    @Test
    void retryWithTheSameKeyReplaysTheFirstAnswerWithoutRunningAgain() {
        String name = fresh("thing");
        String key = UUID.randomUUID().toString();
        Response first = post(THINGS, key, name, null);
        first.then().statusCode(201).contentType("application/json").header("Idempotent-Replayed", nullValue())
                .body("name", equalTo(name)).body("execution", equalTo(1));
        assertNotNull(first.header("Location"));
        assertNotNull(first.header("ETag"));

        Response retry = post(THINGS, key, name, null);
        retry.then().statusCode(201).header("Idempotent-Replayed", "true");
        assertEquals(first.asString(), retry.asString());
        assertEquals(first.header("Location"), retry.header("Location"));
        assertEquals(first.header("ETag"), retry.header("ETag"));
        assertEquals(first.header("Content-Type"), retry.header("Content-Type"));
        assertEquals(1, probe.executions(name));
    }

    @Test
    void plainEntitiesAreReplayedToo() {
        String name = fresh("plain");
        String key = UUID.randomUUID().toString();
        Response first = post(THINGS + "/plain", key, name, null);
        first.then().statusCode(200).contentType("application/json").body("execution", equalTo(1));
        Response retry = post(THINGS + "/plain", key, name, null);
        retry.then().statusCode(200).contentType("application/json").header("Idempotent-Replayed", "true");
        assertEquals(first.asString(), retry.asString());
        assertEquals(first.header("Content-Type"), retry.header("Content-Type"));
        assertEquals(1, probe.executions(name));
    }

    @Test
    void headersSetByOtherResponseFiltersAreReplayed() {
        String name = fresh("etagged");
        String key = UUID.randomUUID().toString();
        post(THINGS + "/etagged", key, name, null).then().statusCode(201).header("ETag", ProbeETag.VALUE);
        post(THINGS + "/etagged", key, name, null).then().statusCode(201).header("Idempotent-Replayed", "true")
                .header("ETag", ProbeETag.VALUE);
        assertEquals(1, probe.executions(name));
    }

    @Test
    void withoutAKeyEveryRequestRuns() {
        String name = fresh("keyless");
        post(THINGS, null, name, null).then().statusCode(201);
        post(THINGS, null, name, null).then().statusCode(201).header("Idempotent-Replayed", nullValue());
        assertEquals(2, probe.executions(name));
    }

    @Test
    void theSameKeyWithAnotherRequestIs422() {
        String name = fresh("first");
        String other = fresh("other");
        String key = UUID.randomUUID().toString();
        post(THINGS, key, name, null).then().statusCode(201);

        post(THINGS, key, other, null).then().statusCode(422).contentType("application/problem+json")
                .body("code", equalTo("idempotency-key-reused"));
        // another path (here: only the query differs) is another request too
        given().contentType("application/json").header("Idempotency-Key", key).queryParam("variant", "x")
                .body(body(name)).post(THINGS).then().statusCode(422)
                .body("code", equalTo("idempotency-key-reused"));
        assertEquals(1, probe.executions(name));
        assertEquals(0, probe.executions(other));
    }

    @Test
    void identicalRequestsRacingRunOnce() throws Exception {
        String name = fresh("race");
        String key = UUID.randomUUID().toString();
        probe.holdInside(name);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = request(key, name);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<CompletableFuture<HttpResponse<String>>> answers = List.of(
                    CompletableFuture.supplyAsync(() -> send(client, request, start), pool),
                    CompletableFuture.supplyAsync(() -> send(client, request, start), pool));
            start.countDown();

            // the winner is held inside the endpoint, so the first answer can only be the loser's
            HttpResponse<?> loser = (HttpResponse<?>) CompletableFuture.anyOf(answers.toArray(CompletableFuture[]::new))
                    .get(60, TimeUnit.SECONDS);
            assertEquals(409, loser.statusCode(), loser.body().toString());
            assertTrue(loser.body().toString().contains("\"idempotency-key-in-flight\""));
            assertTrue(loser.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
            assertTrue(probe.awaitInside(name));

            probe.release(name);
            HttpResponse<String> winner = answers.get(0).get(60, TimeUnit.SECONDS) == loser
                    ? answers.get(1).get(60, TimeUnit.SECONDS)
                    : answers.get(0).get(60, TimeUnit.SECONDS);
            assertEquals(201, winner.statusCode());
            assertEquals(1, probe.executions(name));

            // once the winner is done, a retry is the replay
            Response retry = post(THINGS, key, name, null);
            retry.then().statusCode(201).header("Idempotent-Replayed", "true");
            assertEquals(winner.body(), retry.asString());
            assertEquals(1, probe.executions(name));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aServerErrorIsNotReplayed() {
        String name = fresh("fail-once:");
        String key = UUID.randomUUID().toString();
        post(THINGS, key, name, null).then().statusCode(500).body("code", equalTo("internal-error"));
        Response retry = post(THINGS, key, name, null);
        retry.then().statusCode(201).header("Idempotent-Replayed", nullValue()).body("execution", equalTo(2));
        // the successful retry is what gets replayed from now on
        Response again = post(THINGS, key, name, null);
        again.then().statusCode(201).header("Idempotent-Replayed", "true");
        assertEquals(retry.asString(), again.asString());
        assertEquals(2, probe.executions(name));
    }

    @Test
    void clientErrorsAreFinalAndReplayed() {
        String name = fresh("reject:");
        String key = UUID.randomUUID().toString();
        Response first = post(THINGS, key, name, null);
        first.then().statusCode(422).contentType("application/problem+json").body("code", equalTo("form-invalid"));
        Response retry = post(THINGS, key, name, null);
        retry.then().statusCode(422).contentType("application/problem+json").header("Idempotent-Replayed", "true");
        assertEquals(first.asString(), retry.asString());
        assertEquals(1, probe.executions(name));
    }

    @Test
    void answersToUnreadableBodiesAreFinalToo() {
        String key = UUID.randomUUID().toString();
        Response first = given().contentType("application/json").header("Idempotency-Key", key).body("{\"name\":")
                .post(THINGS);
        first.then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("malformed-request"));
        given().contentType("application/json").header("Idempotency-Key", key).body("{\"name\":").post(THINGS)
                .then().statusCode(400).header("Idempotent-Replayed", "true").body("code", equalTo("malformed-request"));
    }

    @Test
    void keysBelongToTheirCaller() {
        String name = fresh("scoped");
        String key = UUID.randomUUID().toString();
        String alice = TestTokens.staff(Roles.OFFICER, "50010301").accessToken();
        String bob = TestTokens.staff(Roles.OFFICER, "50010301").accessToken();

        Response forAlice = post(SECURED_THINGS, key, name, alice);
        forAlice.then().statusCode(201).body("execution", equalTo(1));
        Response forBob = post(SECURED_THINGS, key, name, bob);
        forBob.then().statusCode(201).header("Idempotent-Replayed", nullValue()).body("execution", equalTo(2));

        // an anonymous caller and a signed-in one do not share keys on a public endpoint either
        String publicKey = UUID.randomUUID().toString();
        post(THINGS, publicKey, name, null).then().statusCode(201).body("execution", equalTo(3));
        post(THINGS, publicKey, name, alice).then().statusCode(201).header("Idempotent-Replayed", nullValue())
                .body("execution", equalTo(4));
        // a key belongs to its caller, not to an endpoint: Alice's first key is spent on the secured endpoint
        post(THINGS, key, name, alice).then().statusCode(422).body("code", equalTo("idempotency-key-reused"));

        Response aliceAgain = post(SECURED_THINGS, key, name, alice);
        aliceAgain.then().statusCode(201).header("Idempotent-Replayed", "true");
        assertEquals(forAlice.asString(), aliceAgain.asString());
        assertEquals(4, probe.executions(name));
    }

    @Test
    void aBadTokenOnAPublicEndpointCountsAsAnonymous() {
        String name = fresh("bad-token");
        String key = UUID.randomUUID().toString();
        post(THINGS, key, name, null).then().statusCode(201);
        post(THINGS, key, name, "not-a-token").then().statusCode(201).header("Idempotent-Replayed", "true");
        assertEquals(1, probe.executions(name));
    }

    @Test
    void securedEndpointsStillNeedAToken() {
        post(SECURED_THINGS, UUID.randomUUID().toString(), fresh("unauthorized"), null).then().statusCode(401)
                .contentType("application/problem+json").body("code", equalTo("unauthorized"));
    }

    @Test
    void anExpiredKeyBehavesAsNewAndIsPurged() throws SQLException {
        String name = fresh("expiring");
        String key = UUID.randomUUID().toString();
        Response first = post(THINGS, key, name, null);
        first.then().statusCode(201);

        age(key, "created_at", "25 hours");
        Response later = post(THINGS, key, name, null);
        later.then().statusCode(201).header("Idempotent-Replayed", nullValue()).body("execution", equalTo(2));
        assertNotEquals(first.asString(), later.asString());

        String kept = UUID.randomUUID().toString();
        post(THINGS, kept, fresh("kept"), null).then().statusCode(201);
        age(key, "created_at", "25 hours");
        age(kept, "created_at", "23 hours");
        assertTrue(records.purgeExpired() >= 1);
        assertEquals(0, rows(key));
        assertEquals(1, rows(kept));
    }

    @Test
    void aClaimLeftInFlightIsRetakenAfterTheTimeout() throws Exception {
        String name = fresh("stuck");
        String key = UUID.randomUUID().toString();
        probe.holdInside(name);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        CompletableFuture<HttpResponse<String>> stuck = client.sendAsync(request(key, name),
                HttpResponse.BodyHandlers.ofString());
        try {
            assertTrue(probe.awaitInside(name));
            post(THINGS, key, name, null).then().statusCode(409).body("code", equalTo("idempotency-key-in-flight"))
                    .header("Retry-After", "1");

            // as if the instance running it had died a minute ago: the next retry takes the key over and runs
            age(key, "claimed_at", "61 seconds");
            post(THINGS, key, name, null).then().statusCode(201).header("Idempotent-Replayed", nullValue())
                    .body("execution", equalTo(2));
        } finally {
            probe.release(name);
        }
        // the presumed-dead request finishes after all; its answer must not replace the retry's
        assertEquals(201, stuck.get(60, TimeUnit.SECONDS).statusCode());
        Response replay = post(THINGS, key, name, null);
        replay.then().statusCode(201).header("Idempotent-Replayed", "true").body("execution", equalTo(2));
        assertEquals(2, probe.executions(name));
    }

    @Test
    void aKeyMayBeAQuotedString() {
        String name = fresh("quoted");
        String key = UUID.randomUUID().toString();
        post(THINGS, "\"" + key + "\"", name, null).then().statusCode(201);
        post(THINGS, key, name, null).then().statusCode(201).header("Idempotent-Replayed", "true");
        assertEquals(1, probe.executions(name));
    }

    @Test
    void malformedKeysAre400() {
        for (String key : List.of("", "\"\"", "a".repeat(256), "schlüssel", "\"unterminated\\\"")) {
            post(THINGS, key, fresh("bad-key"), null).then().statusCode(400)
                    .contentType("application/problem+json").body("code", equalTo("validation-failed"))
                    .body("invalidParams[0].name", equalTo("Idempotency-Key"));
        }
        given().contentType("application/json").header("Idempotency-Key", "one").header("Idempotency-Key", "two")
                .body(body(fresh("two-keys"))).post(THINGS).then().statusCode(400)
                .body("invalidParams[0].name", equalTo("Idempotency-Key"));
        post(THINGS, "a".repeat(255), fresh("longest-key"), null).then().statusCode(201);
    }

    private static Response post(String path, String key, String name, String token) {
        RequestSpecification request = given().contentType("application/json").body(body(name));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        if (token != null) {
            request.auth().oauth2(token);
        }
        return request.post(path);
    }

    private HttpRequest request(String key, String name) throws URISyntaxException {
        return HttpRequest.newBuilder(thingsUrl.toURI()).header("Content-Type", "application/json")
                .header("Idempotency-Key", key).timeout(Duration.ofSeconds(90))
                .POST(HttpRequest.BodyPublishers.ofString(body(name))).build();
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest request, CountDownLatch start) {
        try {
            start.await();
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String body(String name) {
        return "{\"name\":\"" + name + "\"}";
    }

    private static String fresh(String prefix) {
        return prefix + UUID.randomUUID();
    }

    /** Moves a record's timestamp into the past, as if that much time had gone by. */
    private void age(String key, String column, String interval) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement("UPDATE idempotency_record SET " + column
                        + " = " + column + " - CAST(? AS interval) WHERE idempotency_key = ?")) {
            update.setString(1, interval);
            update.setString(2, key);
            assertTrue(update.executeUpdate() >= 1);
        }
    }

    private int rows(String key) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection
                        .prepareStatement("SELECT count(*) FROM idempotency_record WHERE idempotency_key = ?")) {
            select.setString(1, key);
            try (ResultSet result = select.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        }
    }
}
