package org.errandless.common.persistence;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.errandless.common.live.LiveFeed;
import org.errandless.common.live.LiveFeedHealthCheck;
import org.errandless.support.ProxiedDatabaseProfile;
import org.errandless.support.TcpProxy;
import org.errandless.support.TestAddresses;
import org.errandless.support.TestCitizens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * PostgreSQL going away and coming back, played by cutting and restoring a TCP proxy in front of it: while it is away,
 * requests answer 503 {@code service-unavailable} with {@code Retry-After} (never 500) and readiness reports DOWN,
 * the live feed's listener included once it has been away for longer than its grace; once it is back, the
 * application answers again by itself within 10 s, and the listener reconnects. Waits are bounded polls of the HTTP
 * answer, no sleeps.
 */
@QuarkusTest
@TestProfile(ProxiedDatabaseProfile.class)
class DatabaseOutageTest {

    private static final String PROBLEM = "application/problem+json";

    @ProxiedDatabaseProfile.Proxy
    TcpProxy proxy;
    @Inject
    LiveFeed feed;

    @AfterEach
    void databaseIsBack() {
        proxy.restore();
    }

    @Test
    void requestsAnswer503WithRetryAfterWhileTheDatabaseIsDownAndTheApplicationRecoversByItself() throws Exception {
        String token = TestCitizens.signIn().accessToken();
        given().auth().oauth2(token).get("/api/v1/me").then().statusCode(200);
        long connectionsBefore = feed.whenListening().toCompletableFuture().get(60, TimeUnit.SECONDS);

        proxy.cut();
        // a public write and an authenticated read that need the database
        unavailable(given().header(TestAddresses.HEADER, TestAddresses.newAddress()).contentType(ContentType.JSON)
                .body(Map.of("phone", TestCitizens.newPhone())).post("/api/v1/auth/otp"));
        unavailable(given().auth().oauth2(token).get("/api/v1/me/household"));
        // readiness: DOWN, and the live feed's check too once its listener has been away longer than 1 s
        Response down = await(Duration.ofSeconds(60), () -> given().get("/q/health/ready"),
                answer -> answer.statusCode() == 503 && "DOWN".equals(liveFeedCheck(answer)));
        assertTrue(down.asString().contains("disconnectedForMillis"), down.asString());
        // GET /me may be answered from memory only while the listener hears every change: until it notices the cut,
        // a kept profile is still current; once it has, nothing kept is served and the read needs the database
        unavailable(given().auth().oauth2(token).get("/api/v1/me"));

        proxy.restore();
        // the pool validates its dead connections away and opens new ones: answers again within 10 s
        await(Duration.ofSeconds(10), () -> given().auth().oauth2(token).get("/api/v1/me"),
                answer -> answer.statusCode() == 200);
        long connectionsAfter = feed.whenListening().toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertTrue(connectionsAfter > connectionsBefore, "the listener reconnected");
        await(Duration.ofSeconds(60), () -> given().get("/q/health/ready"),
                answer -> answer.statusCode() == 200 && "UP".equals(liveFeedCheck(answer)));
    }

    private static void unavailable(Response response) {
        response.then().statusCode(503).contentType(PROBLEM).body("code", equalTo("service-unavailable"))
                .body("status", equalTo(503));
        String retryAfter = response.header("Retry-After");
        assertTrue(retryAfter != null && Long.parseLong(retryAfter) >= 1, "Retry-After: " + retryAfter);
    }

    private static String liveFeedCheck(Response health) {
        List<Map<String, Object>> checks = health.jsonPath().getList("checks");
        return checks == null ? null : checks.stream().filter(check -> LiveFeedHealthCheck.NAME.equals(check.get("name")))
                .map(check -> String.valueOf(check.get("status"))).findFirst().orElse(null);
    }

    /** Asks again until the answer is as expected; fails with the last answer when the time is up. */
    private static Response await(Duration within, Supplier<Response> request, Predicate<Response> expected) {
        long deadline = System.nanoTime() + within.toNanos();
        Response last;
        do {
            last = request.get();
            if (expected.test(last)) {
                return last;
            }
            // a breath between polls (not an ordering device: the loop asks until the answer is right)
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        } while (System.nanoTime() < deadline);
        fail("not as expected within " + within + "; last answer " + last.statusCode() + " " + last.asString());
        return last;
    }
}
