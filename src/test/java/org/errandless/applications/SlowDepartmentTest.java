package org.errandless.applications;

import static io.restassured.RestAssured.given;
import static org.errandless.applications.Apps.APPLICATIONS;
import static org.errandless.applications.Apps.as;
import static org.errandless.applications.Apps.create;
import static org.errandless.applications.Apps.etag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.errandless.catalog.SourceDepartment;
import org.errandless.sharing.providers.SharedDataCalls;
import org.errandless.sharing.providers.SharedDataProvider;
import org.errandless.sharing.providers.SharedDataProviders;
import org.errandless.sharing.providers.SharedDataStubs;
import org.errandless.support.FreshDatabaseProfile;
import org.errandless.support.ProviderStub;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * A slow partner department holds nothing of ours (issue 12 item 1): with a pool of 5 connections and the health
 * department hanging until the test releases it, 20 consented submissions wait for it at once while the catalogue and
 * {@code /me} still answer within 200 ms and no session of the application is idle in transaction for more than a
 * second; released, every submission completes with the fetched evidence.
 */
@QuarkusTest
@TestProfile(SlowDepartmentTest.SmallPool.class)
class SlowDepartmentTest {

    private static final int SUBMISSIONS = 20;
    private static final String RECORD = """
            {"reference": "Q500108260077", "facts": {"childName": "测试宝宝", "childSex": "M",
             "childBirthDate": "2026-09-25", "birthPlace": "重庆市南岸区妇幼保健院(test)"}, "subjects": []}""";

    /**
     * Its own database (the sessions counted are this test's only), with a pool of 5 connections. The pool's
     * acquisition timeout is long (30 s, default 5 s) so that twenty submissions starting at once on a busy build
     * machine queue for their short transactions instead of failing: what is tested is that nobody holds a
     * connection while the department hangs, and a holder would still keep every other submission away for the whole
     * hang (on main only 5 of 20 ever reach the department).
     */
    public static class SmallPool extends FreshDatabaseProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.jdbc.max-size", "5",
                    "quarkus.datasource.jdbc.acquisition-timeout", "30S");
        }
    }

    @Test
    void submissionsWaitingForADepartmentHoldNoConnection() throws Exception {
        Config config = ConfigProvider.getConfig();
        String url = config.getValue("quarkus.datasource.jdbc.url", String.class);
        assertTrue(FreshDatabaseProfile.FreshDatabase.isFresh(url), url);
        CountDownLatch arrived = new CountDownLatch(SUBMISSIONS);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(SUBMISSIONS);
        try (ProviderStub health = ProviderStub.start(); Connection observer = DriverManager.getConnection(url,
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(null))) {
            health.byDefault(exchange -> {
                exchange.getRequestBody().readAllBytes();
                arrived.countDown();
                try {
                    release.await(120, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                ProviderStub.answer(200, RECORD).handle(exchange);
            });
            Map<SourceDepartment, SharedDataProvider> providers = new EnumMap<>(SourceDepartment.class);
            providers.put(SourceDepartment.HEALTH, SharedDataStubs.provider(SourceDepartment.HEALTH, health,
                    new SharedDataCalls(), Duration.ofSeconds(120)));
            QuarkusMock.installMockForType(new SharedDataProviders(providers), SharedDataProviders.class);

            List<String[]> drafts = new ArrayList<>();
            for (int i = 0; i < SUBMISSIONS; i++) {
                var applicant = Apps.applicant();
                String id = create(applicant.token(), "BIRTH_REGISTRATION",
                        Map.of("childName", "测试宝宝", "childSex", "M", "childBirthDate", "2026-09-25")).then()
                        .statusCode(201).extract().path("id");
                drafts.add(new String[] { applicant.token(), id, etag(applicant.token(), id) });
            }
            String citizen = drafts.get(0)[0];
            // warm both reads up, so what is measured below is waiting, not a first call; and measure them with
            // nothing waiting, to know what this machine's load alone costs them
            long catalogueAlone = medianTime(SlowDepartmentTest::catalogue);
            long meAlone = medianTime(() -> me(citizen));

            List<Future<Response>> submissions = new ArrayList<>();
            for (String[] draft : drafts) {
                submissions.add(threads.submit(() -> as(draft[0]).header("If-Match", draft[2])
                        .contentType(ContentType.JSON).body(Map.of("consentToDataSharing", true))
                        .post(APPLICATIONS + "/" + draft[1] + "/submit")));
            }
            try {
                assertTrue(arrived.await(90, TimeUnit.SECONDS), "only " + (SUBMISSIONS - arrived.getCount())
                        + " of " + SUBMISSIONS + " submissions reached the department");
                // all twenty are waiting for the department; for more than a second, others are served at once
                long watchUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
                do {
                    answersWithin200Ms("GET /services", SlowDepartmentTest::catalogue, catalogueAlone);
                    answersWithin200Ms("GET /me", () -> me(citizen), meAlone);
                    assertEquals(0, idleInTransactionForMoreThanASecond(observer),
                            "sessions idle in transaction for more than a second");
                } while (System.nanoTime() < watchUntil);
            } finally {
                release.countDown();
            }
            for (Future<Response> submission : submissions) {
                Response submitted = submission.get(120, TimeUnit.SECONDS);
                assertEquals(200, submitted.statusCode(), submitted.asString());
                assertEquals("SUBMITTED", submitted.jsonPath().getString("status"));
                assertEquals("satisfied", submitted.jsonPath().getString("materials[0].state"));
                assertEquals("Q500108260077",
                        submitted.jsonPath().getString("materials[0].materials[0].evidence.reference"));
            }
            assertEquals(SUBMISSIONS, health.requests().size());
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * The read answers 200 within 200 ms: a request waiting for a pooled connection would wait for the whole hang (or
     * the pool's acquisition timeout). Where this machine's load alone makes the read slower than that (the build
     * shares two cores with others), the budget is three times what the read took with nothing waiting
     * ({@code alone}), and a read over budget is tried again, up to three times; one that takes two seconds or more
     * fails at once.
     */
    private static void answersWithin200Ms(String what, Supplier<Response> read, long alone) {
        long budget = Math.max(200, 3 * alone);
        List<Long> times = new ArrayList<>();
        for (int attempt = 0; attempt < 3; attempt++) {
            Response response = read.get();
            assertEquals(200, response.statusCode(), what);
            times.add(response.time());
            if (response.time() < budget) {
                return;
            }
            assertTrue(response.time() < 2000, what + " took " + response.time() + " ms");
        }
        throw new AssertionError(what + " took " + times + " ms (budget " + budget + " ms)");
    }

    /** The median time of five reads, answered 200. */
    private static long medianTime(Supplier<Response> read) {
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Response response = read.get();
            assertEquals(200, response.statusCode());
            times.add(response.time());
        }
        times.sort(null);
        return times.get(2);
    }

    private static Response catalogue() {
        return given().get("/api/v1/services");
    }

    private static Response me(String token) {
        return as(token).get("/api/v1/me");
    }

    private static long idleInTransactionForMoreThanASecond(Connection observer) throws SQLException {
        try (PreparedStatement query = observer.prepareStatement("select count(*) from pg_stat_activity where "
                + "datname = current_database() and pid <> pg_backend_pid() and state like 'idle in transaction%' "
                + "and state_change < now() - interval '1 second'"); ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
