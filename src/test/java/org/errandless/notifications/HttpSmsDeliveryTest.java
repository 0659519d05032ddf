package org.errandless.notifications;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.errandless.common.time.BusinessClock;
import org.errandless.support.TestCitizens;
import org.errandless.support.TestOtp;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The HTTP gateway and the dispatcher against a local provider stub. Each test replaces the configured (log) gateway
 * with an HTTP gateway pointing at its own stub. The dispatcher delivers whatever is due, messages of other tests
 * included, so assertions look only at this test's recipients. No waiting: retries are reached by dispatching "as of"
 * a later instant, and the slow provider holds its answer on a latch until the test releases it.
 */
@QuarkusTest
class HttpSmsDeliveryTest {

    @Inject
    OutboxDispatcher dispatcher;
    @Inject
    Outbox outbox;
    @Inject
    NotificationsConfig config;
    @Inject
    BusinessClock clock;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    ObjectMapper json;

    private SmsProviderStub stub;

    @BeforeEach
    void startProvider() throws Exception {
        stub = new SmsProviderStub();
        useGateway(Duration.ofSeconds(10), 1);
    }

    @AfterEach
    void stopProvider() {
        stub.close();
    }

    @Test
    void aCodeIsDeliveredItsTextRemovedAndItSignsIn() throws SQLException {
        String phone = TestCitizens.newPhone();
        String challengeId = TestOtp.challenge(phone);
        dispatcher.dispatchDue();

        List<SmsProviderStub.Received> requests = stub.to("+86" + phone);
        assertEquals(1, requests.size());
        SmsProviderStub.Received request = requests.get(0);
        assertEquals("Bearer test-provider-key", request.authorization());
        assertEquals(request.id(), request.idempotencyKey());
        assertEquals("OTP", request.purpose());
        assertTrue(request.text().startsWith("【重庆户籍】验证码 "), request.text());

        Row row = row(UUID.fromString(request.id()));
        assertEquals("SENT", row.status());
        assertEquals(1, row.attempts());
        assertTrue(row.redacted());
        assertNull(row.body());

        TestOtp.verify(challengeId, TestOtp.codeIn(request.text())).then().statusCode(200);
        // with a real gateway there is no outbox to read
        given().auth().oauth2(TestTokens.admin()).queryParam("phone", phone).get("/api/v1/admin/sms-outbox").then()
                .statusCode(404).contentType("application/problem+json").body("code", equalTo("not-found"));
    }

    @Test
    void aFailingProviderIsRetriedWithGrowingPausesThenGivenUp() throws SQLException {
        String phone = TestCitizens.newPhone();
        stub.answer("+86" + phone, SmsProviderStub.Behaviour.FAIL_500);
        UUID id = enqueue(phone);

        Instant asOf = clock.now();
        int maxAttempts = config.maxAttempts();
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            dispatcher.dispatchDue(asOf);
            Row row = row(id);
            assertEquals(attempt, row.attempts());
            assertEquals("HTTP 500 (2 tries)", row.lastError());
            if (attempt < maxAttempts) {
                assertEquals("PENDING", row.status());
                Duration pause = config.retryBackoff().multipliedBy(1L << (attempt - 1));
                assertEquals(asOf.plus(pause), row.nextAttemptAt());
                // not due before the pause is over
                dispatcher.dispatchDue(row.nextAttemptAt().minusSeconds(1));
                assertEquals(attempt, row(id).attempts());
                asOf = row.nextAttemptAt();
            } else {
                assertEquals("FAILED", row.status());
            }
        }
        // each attempt tried twice (one retry within the attempt)
        assertEquals(maxAttempts * 2, stub.to("+86" + phone).size());
        dispatcher.dispatchDue(asOf.plus(Duration.ofDays(1)));
        assertEquals(maxAttempts * 2, stub.to("+86" + phone).size());
        assertFalse(row(id).redacted());
    }

    @Test
    void aRefusalIsFinal() throws SQLException {
        String phone = TestCitizens.newPhone();
        stub.answer("+86" + phone, SmsProviderStub.Behaviour.REFUSE_400);
        UUID id = enqueue(phone);
        dispatcher.dispatchDue();
        Row row = row(id);
        assertEquals("FAILED", row.status());
        assertEquals(1, row.attempts());
        assertEquals("provider refused the message: HTTP 400", row.lastError());
        assertEquals(1, stub.to("+86" + phone).size());
    }

    @Test
    void aSlowProviderTimesOutAndIsTriedAgainLater() throws SQLException {
        useGateway(Duration.ofMillis(300), 0);
        String phone = TestCitizens.newPhone();
        stub.answer("+86" + phone, SmsProviderStub.Behaviour.HOLD);
        UUID id = enqueue(phone);
        try {
            dispatcher.dispatchDue();
            Row row = row(id);
            assertEquals("PENDING", row.status());
            assertEquals(1, row.attempts());
            assertEquals("timed out waiting for the provider", row.lastError());
            assertEquals(clock.now().plus(config.retryBackoff()), row.nextAttemptAt());
        } finally {
            stub.releaseHeld();
        }
        useGateway(Duration.ofSeconds(10), 0);
        dispatcher.dispatchDue(clock.now().plus(config.retryBackoff()));
        assertEquals("SENT", row(id).status());
    }

    @Test
    void twoDispatchersRacingDeliverEachMessageOnce() throws Exception {
        List<String> phones = new ArrayList<>();
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 0; i < 3 * config.batchSize(); i++) {
                String phone = TestCitizens.newPhone();
                phones.add(phone);
                outbox.enqueueSms(phone, "race " + i, MessagePurpose.OTP);
            }
        });
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<OutboxDispatcher.Result>> runs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                runs.add(pool.submit(() -> {
                    start.await();
                    return dispatcher.dispatchDue();
                }));
            }
            start.countDown();
            for (Future<OutboxDispatcher.Result> run : runs) {
                run.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        for (String phone : phones) {
            assertEquals(1, stub.to("+86" + phone).size(), "deliveries to one recipient");
            Row row = row(UUID.fromString(stub.to("+86" + phone).get(0).id()));
            assertEquals("SENT", row.status());
            assertEquals(1, row.attempts());
        }
    }

    private void useGateway(Duration readTimeout, int retries) {
        QuarkusMock.installMockForType(new HttpSmsGateway(stub.url(), Optional.of("test-provider-key"),
                Duration.ofSeconds(5), readTimeout, retries, Duration.ofMillis(1), json), SmsGateway.class);
    }

    private UUID enqueue(String phone) {
        return QuarkusTransaction.requiringNew().call(() -> outbox.enqueueSms(phone, "hello", MessagePurpose.OTP));
    }

    private Row row(UUID id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("select status, attempts, next_attempt_at, "
                        + "last_error, body, redacted from outbox_message where id = ?")) {
            select.setObject(1, id);
            try (ResultSet row = select.executeQuery()) {
                assertTrue(row.next());
                return new Row(row.getString(1), row.getInt(2), row.getObject(3, OffsetDateTime.class).toInstant(),
                        row.getString(4), row.getString(5), row.getBoolean(6));
            }
        }
    }

    private record Row(String status, int attempts, Instant nextAttemptAt, String lastError, String body,
            boolean redacted) {
    }
}
