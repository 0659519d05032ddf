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

/**
 * The Idempotency-Key mechanism on test endpoints: replay, reuse, races, failures, callers, secret answers, expiry,
 * syntax.
 */
@QuarkusTest
class IdempotencyTest {

    private static final String THINGS = "/test-support/idempotency/things";
    private static final String SECURED_THINGS = "/test-support/idempotency/secured-things";
    /** The credential the public probe endpoints know the usual test caller by. */
    private static final String CALLER = "probe-tester";

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
        given().contentType("application/json").header(ProbeCaller.HEADER, CALLER).header("Idempotency-Key", key)
                .queryParam("variant", "x")
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
        Response first = given().contentType("application/json").header(ProbeCaller.HEADER, CALLER)
                .header("Idempotency-Key", key).body("{\"name\":").post(THINGS);
        first.then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("malformed-request"));
        given().contentType("application/json").header(ProbeCaller.HEADER, CALLER).header("Idempotency-Key", key)
                .body("{\"name\":").post(THINGS).then().statusCode(400).header("Idempotent-Replayed", "true")
                .body("code", equalTo("malformed-request"));
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

        // on an endpoint that authenticates in the request, the credential is the caller: another one (or one that
        // merely also carries a token) gets no one else's answer
        String publicKey = UUID.randomUUID().toString();
        postAs(THINGS, publicKey, name, "carol-secret").then().statusCode(201).body("execution", equalTo(3));
        postAs(THINGS, publicKey, name, "dave-secret").then().statusCode(201)
                .header("Idempotent-Replayed", nullValue()).body("execution", equalTo(4));
        given().contentType("application/json").header("Idempotency-Key", publicKey)
                .header(ProbeCaller.HEADER, "eve-secret").auth().oauth2(alice).body(body(name)).post(THINGS).then()
                .statusCode(201).header("Idempotent-Replayed", nullValue()).body("execution", equalTo(5));
        // a key belongs to its caller, not to an endpoint: Alice's first key is spent on the secured endpoint
        post(SECURED_THINGS + "/secret", key, name, alice).then().statusCode(422)
                .body("code", equalTo("idempotency-key-reused"));

        Response aliceAgain = post(SECURED_THINGS, key, name, alice);
        aliceAgain.then().statusCode(201).header("Idempotent-Replayed", "true");
        assertEquals(forAlice.asString(), aliceAgain.asString());
        Response carolAgain = postAs(THINGS, publicKey, name, "carol-secret");
        carolAgain.then().statusCode(201).header("Idempotent-Replayed", "true").body("execution", equalTo(3));
        assertEquals(5, probe.executions(name));
    }

    /** Issue 11 item 1: a stored answer never goes to a request that proves no caller (failed on main: replayed). */
    @Test
    void aRequestThatProvesNoCallerNeitherGetsNorLeavesAnAnswer() throws SQLException {
        String name = fresh("nobody");
        String key = UUID.randomUUID().toString();
        postAs(THINGS, key, name, "frank-secret").then().statusCode(201).body("execution", equalTo(1));

        // the same key and body without the credential, or with a bad token instead: not the caller, so it runs
        postAnonymous(THINGS, key, name, null).then().statusCode(201).header("Idempotent-Replayed", nullValue())
                .body("execution", equalTo(2));
        postAnonymous(THINGS, key, name, "not-a-token").then().statusCode(201)
                .header("Idempotent-Replayed", nullValue()).body("execution", equalTo(3));
        // and nothing was kept for it: only Frank's record exists
        assertEquals(1, rows(key));
        postAnonymous(THINGS, key, name, null).then().statusCode(201).body("execution", equalTo(4));
    }

    /** Issue 11 item 1: a 412 is not stored, so the retry with the corrected If-Match runs (failed on main). */
    @Test
    void preconditionFailuresAreNotStored() {
        for (String prefix : List.of("stale-once:", "precondition-once:")) {
            String name = fresh(prefix);
            String key = UUID.randomUUID().toString();
            post(THINGS, key, name, null).then().statusCode(prefix.startsWith("stale") ? 412 : 428);
            post(THINGS, key, name, null).then().statusCode(201).header("Idempotent-Replayed", nullValue())
                    .body("execution", equalTo(2));
            post(THINGS, key, name, null).then().statusCode(201).header("Idempotent-Replayed", "true")
                    .body("execution", equalTo(2));
        }
    }

    /**
     * Issue 11 item 1: an answer with secrets is replayable within the retry window only, then its body is deleted
     * from the database; a retry of a caller that authenticates in the request runs afresh (failed on main).
     */
    @Test
    void aSecretAnswerIsForgottenAfterTheRetryWindow() throws SQLException {
        String name = fresh("secret");
        String key = UUID.randomUUID().toString();
        Response first = post(THINGS + "/secret", key, name, null);
        first.then().statusCode(201).body("execution", equalTo(1));
        Response within = post(THINGS + "/secret", key, name, null);
        within.then().statusCode(201).header("Idempotent-Replayed", "true");
        assertEquals(first.asString(), within.asString());

        age(key, "forget_after", "61 seconds");
        assertTrue(records.forgetExpiredSecrets() >= 1);
        assertEquals("FORGOTTEN", state(key));
        assertEquals(0, storedBodies(key), "the answer is deleted, not just ignored");

        Response after = post(THINGS + "/secret", key, name, null);
        after.then().statusCode(201).header("Idempotent-Replayed", nullValue()).body("execution", equalTo(2));
        // a new answer, with a new window
        post(THINGS + "/secret", key, name, null).then().statusCode(201).header("Idempotent-Replayed", "true")
                .body("execution", equalTo(2));
        // the same key with another request is still another request
        post(THINGS + "/secret", key, fresh("other"), null).then().statusCode(422)
                .body("code", equalTo("idempotency-key-reused"));
    }

    /** A signed-in caller's retry after the window would repeat the work: 409, and the body is gone (lazily too). */
    @Test
    void aForgottenAnswerOfASignedInCallerIs409() throws SQLException {
        String name = fresh("secured-secret");
        String key = UUID.randomUUID().toString();
        String admin = TestTokens.admin();
        post(SECURED_THINGS + "/secret", key, name, admin).then().statusCode(201);
        post(SECURED_THINGS + "/secret", key, name, admin).then().statusCode(201)
                .header("Idempotent-Replayed", "true");

        age(key, "forget_after", "61 seconds");
        post(SECURED_THINGS + "/secret", key, name, admin).then().statusCode(409)
                .contentType("application/problem+json").body("code", equalTo("idempotency-answer-forgotten"));
        assertEquals("FORGOTTEN", state(key));
        assertEquals(0, storedBodies(key));
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
        given().contentType("application/json").header(ProbeCaller.HEADER, CALLER).header("Idempotency-Key", "one")
                .header("Idempotency-Key", "two")
                .body(body(fresh("two-keys"))).post(THINGS).then().statusCode(400)
                .body("invalidParams[0].name", equalTo("Idempotency-Key"));
        post(THINGS, "a".repeat(255), fresh("longest-key"), null).then().statusCode(201);
    }

    /** Posts with a bearer token, or (null) as the usual probe caller. */
    private static Response post(String path, String key, String name, String token) {
        return token == null ? postAs(path, key, name, CALLER) : postAnonymous(path, key, name, token);
    }

    /** Posts as the probe caller with this credential. */
    private static Response postAs(String path, String key, String name, String credential) {
        RequestSpecification request = given().contentType("application/json").header(ProbeCaller.HEADER, credential)
                .body(body(name));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return request.post(path);
    }

    /** Posts with no probe credential, with a bearer token unless it is null. */
    private static Response postAnonymous(String path, String key, String name, String token) {
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
                .header(ProbeCaller.HEADER, CALLER)
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

    private String state(String key) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection
                        .prepareStatement("SELECT state FROM idempotency_record WHERE idempotency_key = ?")) {
            select.setString(1, key);
            try (ResultSet result = select.executeQuery()) {
                assertTrue(result.next());
                return result.getString(1);
            }
        }
    }

    private int storedBodies(String key) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT count(*) FROM idempotency_record "
                        + "WHERE idempotency_key = ? AND (response_body IS NOT NULL OR response_status IS NOT NULL)")) {
            select.setString(1, key);
            try (ResultSet result = select.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
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
