package org.errandless.common.web.idempotency;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.errandless.common.live.ListenerSession;
import org.errandless.common.live.LiveFeed;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Issue 12 item 5: a claim in flight is tied to the database session of the instance holding it (its live-feed
 * listener), so when that instance dies ({@code kill -9}) the client's retry on another instance runs at once
 * instead of meeting 409 {@code idempotency-key-in-flight} until the in-flight timeout. "Another instance" is a
 * second database session of the test's own, which the test ends with {@code pg_terminate_backend(pid, timeout)}:
 * that returns only once the session is gone, so nothing here waits on time. One case lets the other session end
 * itself ({@code idle_session_timeout}) just after the retry arrives, as a killed instance's session does: the retry
 * must look again within {@code errandless.idempotency.in-flight-grace} rather than answer 409 at once.
 */
@QuarkusTest
class IdempotencyHolderTest {

    private static final String THINGS = "/test-support/idempotency/things";
    private static final String CALLER = "holder-tester";

    @Inject
    IdempotencyProbe probe;
    @Inject
    DataSource dataSource;
    @Inject
    LiveFeed liveFeed;
    @Inject
    IdempotencyRecords records;

    @TestHTTPResource(THINGS)
    URL thingsUrl;

    @Test
    void aClaimRecordsTheListenerSessionOfItsInstance() throws Exception {
        ListenerSession own = liveFeed.whenListening().thenApply(ignored -> liveFeed.session().orElseThrow())
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
        String name = fresh("recorded");
        String key = UUID.randomUUID().toString();
        probe.holdInside(name);
        CompletableFuture<HttpResponse<String>> held = sendAsync(key, name);
        try {
            assertTrue(probe.awaitInside(name));
            ListenerSession holder = holderOf(key);
            assertEquals(own.pid(), holder.pid());
            assertEquals(own.started().toInstant(), holder.started().toInstant());
            // alive: a retry waits for it
            post(key, name).then().statusCode(409).body("code", equalTo("idempotency-key-in-flight"));
        } finally {
            probe.release(name);
        }
        assertEquals(201, held.get(60, TimeUnit.SECONDS).statusCode());
        assertEquals(null, holderOf(key), "a finished claim has no holder");
    }

    @Test
    void aClaimOfAnInstanceThatIsGoneIsRetakenAtOnce() throws Exception {
        String name = fresh("orphan");
        String key = UUID.randomUUID().toString();
        probe.holdInside(name);
        CompletableFuture<HttpResponse<String>> stuck = sendAsync(key, name);
        try (Connection otherInstance = newSession()) {
            assertTrue(probe.awaitInside(name));
            ListenerSession other = sessionOf(otherInstance);
            assign(key, other);
            // the claim is another instance's now, and that instance is alive: the retry waits
            post(key, name).then().statusCode(409).body("code", equalTo("idempotency-key-in-flight"));

            // kill -9 of that instance ends its session; the next retry takes the key over at once
            terminate(other.pid());
            Response retry = post(key, name);
            retry.then().statusCode(201).header("Idempotent-Replayed", nullValue()).body("execution", equalTo(2));
        } finally {
            probe.release(name);
        }
        // the orphaned request finishing after all does not replace the retry's answer
        assertEquals(201, stuck.get(60, TimeUnit.SECONDS).statusCode());
        post(key, name).then().statusCode(201).header("Idempotent-Replayed", "true").body("execution", equalTo(2));
        assertEquals(2, probe.executions(name));
    }

    /**
     * The CI's kill -9 case: the retry can arrive before the database has ended the dead instance's session. Here the
     * other session ends itself ({@code idle_session_timeout}) a moment after the retry is sent; the retry looks
     * again within {@code in-flight-grace} and takes the key over instead of answering 409.
     */
    @Test
    void aHolderWhoseSessionEndsWhileTheRetryLooksIsTakenOver() throws Exception {
        assertRetakenFrom("ending", (key, otherInstance) -> {
            assign(key, sessionOf(otherInstance));
            try (Statement dying = otherInstance.createStatement()) {
                dying.execute("SET idle_session_timeout = 150");
            }
        });
    }

    @Test
    void aHolderWhosePidNowBelongsToAnotherSessionIsGone() throws Exception {
        assertRetakenFrom("reused-pid", (key, otherInstance) -> {
            ListenerSession live = sessionOf(otherInstance);
            // a session with this pid exists, but it started later than the holder did: the pid was reused
            assign(key, new ListenerSession(live.pid(), live.started().minusSeconds(5)));
        });
    }

    /** How a test hands a stuck request's claim to another database session. */
    private interface HandOver {
        void to(String key, Connection otherInstance) throws SQLException;
    }

    /** A stuck request's claim, handed over as the test says, is taken over by the retry, which runs again. */
    private void assertRetakenFrom(String prefix, HandOver handOver) throws Exception {
        String name = fresh(prefix);
        String key = UUID.randomUUID().toString();
        probe.holdInside(name);
        CompletableFuture<HttpResponse<String>> stuck = sendAsync(key, name);
        try (Connection otherInstance = newSession()) {
            assertTrue(probe.awaitInside(name));
            handOver.to(key, otherInstance);
            post(key, name).then().statusCode(201).header("Idempotent-Replayed", nullValue())
                    .body("execution", equalTo(2));
        } finally {
            probe.release(name);
        }
        assertEquals(201, stuck.get(60, TimeUnit.SECONDS).statusCode());
        assertEquals(2, probe.executions(name));
    }

    @Test
    void aLiveInstanceMovesItsClaimsToItsNewListenerSession() throws Exception {
        String name = fresh("moved");
        String key = UUID.randomUUID().toString();
        probe.holdInside(name);
        CompletableFuture<HttpResponse<String>> held = sendAsync(key, name);
        try (Connection newListener = newSession()) {
            assertTrue(probe.awaitInside(name));
            // the listener reconnected: the instance is alive, and its claim in flight follows it to the new session
            ListenerSession reconnected = sessionOf(newListener);
            records.moveOwnClaims(reconnected);
            ListenerSession holder = holderOf(key);
            assertEquals(reconnected.pid(), holder.pid());
            assertEquals(reconnected.started().toInstant(), holder.started().toInstant());
            post(key, name).then().statusCode(409).body("code", equalTo("idempotency-key-in-flight"));
        } finally {
            probe.release(name);
        }
        assertEquals(201, held.get(60, TimeUnit.SECONDS).statusCode());
        post(key, name).then().statusCode(201).header("Idempotent-Replayed", "true").body("execution", equalTo(1));
    }

    /** A session of the database outside the pool, as another instance's listener is. */
    private static Connection newSession() throws SQLException {
        var config = ConfigProvider.getConfig();
        Properties properties = new Properties();
        config.getOptionalValue("quarkus.datasource.username", String.class)
                .ifPresent(user -> properties.setProperty("user", user));
        config.getOptionalValue("quarkus.datasource.password", String.class)
                .ifPresent(password -> properties.setProperty("password", password));
        properties.setProperty("ApplicationName", "errandless-other-instance");
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class), properties);
    }

    private static ListenerSession sessionOf(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT pid, backend_start FROM pg_stat_activity WHERE pid = pg_backend_pid()");
                ResultSet row = select.executeQuery()) {
            assertTrue(row.next());
            return new ListenerSession(row.getInt(1), row.getObject(2, OffsetDateTime.class));
        }
    }

    /** Makes the claim of this key look like one of the instance behind that session. */
    private void assign(String key, ListenerSession holder) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement("UPDATE idempotency_record "
                        + "SET holder_pid = ?, holder_started = ? WHERE idempotency_key = ? AND state = 'IN_FLIGHT'")) {
            update.setInt(1, holder.pid());
            update.setObject(2, holder.started());
            update.setString(3, key);
            assertEquals(1, update.executeUpdate());
        }
    }

    private ListenerSession holderOf(String key) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT holder_pid, holder_started FROM idempotency_record WHERE idempotency_key = ?")) {
            select.setString(1, key);
            try (ResultSet row = select.executeQuery()) {
                assertTrue(row.next());
                OffsetDateTime started = row.getObject(2, OffsetDateTime.class);
                return started == null ? null : new ListenerSession(row.getInt(1), started);
            }
        }
    }

    /** Ends a session and returns once it is gone (PostgreSQL 14+: the timeout makes the call wait for it). */
    private void terminate(int pid) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement kill = connection.prepareStatement("SELECT pg_terminate_backend(?, 30000)")) {
            kill.setInt(1, pid);
            try (ResultSet row = kill.executeQuery()) {
                assertTrue(row.next() && row.getBoolean(1), "the other session did not end");
            }
        }
    }

    private CompletableFuture<HttpResponse<String>> sendAsync(String key, String name) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(thingsUrl.toURI()).header("Content-Type", "application/json")
                .header(ProbeCaller.HEADER, CALLER).header("Idempotency-Key", key).timeout(Duration.ofSeconds(90))
                .POST(HttpRequest.BodyPublishers.ofString(body(name))).build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    private static Response post(String key, String name) {
        return given().contentType("application/json").header(ProbeCaller.HEADER, CALLER)
                .header("Idempotency-Key", key).body(body(name)).post(THINGS);
    }

    private static String body(String name) {
        return "{\"name\":\"" + name + "\"}";
    }

    private static String fresh(String prefix) {
        return prefix + UUID.randomUUID();
    }
}
