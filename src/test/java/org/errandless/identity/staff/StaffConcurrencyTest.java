package org.errandless.identity.staff;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.errandless.audit.AuditActor;
import org.errandless.identity.staff.StaffFixtures.Account;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;

/** Racing requests, lined up with a latch: the lockout count and unique usernames hold under concurrency. */
@QuarkusTest
class StaffConcurrencyTest {

    private static final int THREADS = 8;

    @Inject
    AgroalDataSource dataSource;
    @Inject
    StaffService staff;
    @Inject
    PasswordHasher hasher;

    @Test
    void concurrentWrongPasswordsCannotSlipPastTheLimit() throws Exception {
        Account officer = StaffFixtures.officer("50010301");
        List<Integer> statuses = race(() -> StaffFixtures.login(officer.username(), "wrong-password-race")
                .statusCode());
        assertEquals(4, Collections.frequency(statuses, 401), statuses.toString());
        assertEquals(THREADS - 4, Collections.frequency(statuses, 423), statuses.toString());
        assertEquals(5, failedCount(officer.username()));
    }

    @Test
    void concurrentCreationsOfOneUsernameMakeOneAccount() throws Exception {
        Map<String, Object> body = Map.of("username", StaffFixtures.uniqueUsername("twin"), "password",
                "long-enough-password", "displayName", "并发测试", "roles", List.of("ADMIN"));
        String admin = TestTokens.admin();
        List<Integer> statuses = race(() -> given().auth().oauth2(admin).contentType("application/json").body(body)
                .post(StaffFixtures.ADMIN_STAFF).statusCode());
        assertEquals(1, Collections.frequency(statuses, 201), statuses.toString());
        assertEquals(THREADS - 1, Collections.frequency(statuses, 409), statuses.toString());
    }

    @Test
    void concurrentSeedingCreatesOnce() throws Exception {
        String username = StaffFixtures.uniqueUsername("seed");
        StaffService.NewAccount seed = new StaffService.NewAccount(username, hasher.hash("seed-password-2026"),
                "Seed", Set.of(StaffRole.SUPERVISOR), null, null);
        List<Boolean> created = race(() -> staff.createIfAbsent(seed, AuditActor.system("test")));
        assertEquals(1, Collections.frequency(created, true), created.toString());
    }

    private static <T> List<T> race(Callable<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch ready = new CountDownLatch(THREADS);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return call.call();
                }));
            }
            ready.await();
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private int failedCount(String username) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "select failed_count from staff_login_throttle where username = ?")) {
            select.setString(1, username);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
