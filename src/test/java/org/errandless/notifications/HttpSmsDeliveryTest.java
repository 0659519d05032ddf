package org.errandless.notifications;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.errandless.support.TestCitizens;
import org.errandless.support.TestOtp;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The SMS channel's HTTP gateway and the dispatcher against a local provider stub. Each test replaces the configured
 * (log) SMS gateway with an HTTP gateway pointing at its own stub. The dispatcher delivers whatever is due, messages of
 * other tests included, so assertions look only at this test's recipients. No waiting: the schedule runs on the
 * database's clock, so a retry is reached by making its message due ({@link OutboxRows#makeDue}), and the slow
 * provider holds its answer on a latch until the test releases it.
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
    ObjectMapper json;

    private DeliveryProviderStub stub;

    @BeforeEach
    void startProvider() throws Exception {
        stub = new DeliveryProviderStub();
        useGateway(Duration.ofSeconds(10), 1);
    }

    @AfterEach
    void stopProvider() {
        stub.close();
    }

    @Test
    void aCodeIsDeliveredItsTextRemovedAndItSignsIn() {
        String phone = TestCitizens.newPhone();
        String challengeId = TestOtp.challenge(phone);
        dispatcher.dispatchDue();

        List<DeliveryProviderStub.Received> requests = stub.to("+86" + phone);
        assertEquals(1, requests.size());
        DeliveryProviderStub.Received request = requests.get(0);
        assertEquals("Bearer test-provider-key", request.authorization());
        assertEquals(request.id(), request.idempotencyKey());
        assertEquals("OTP", request.purpose());
        assertTrue(request.text().startsWith("【重庆户籍】验证码 "), request.text());

        OutboxRows.Row row = OutboxRows.row(UUID.fromString(request.id()));
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
    void aFailingProviderIsRetriedWithGrowingPausesThenGivenUp() {
        String phone = TestCitizens.newPhone();
        stub.answer("+86" + phone, DeliveryProviderStub.Behaviour.FAIL_500);
        UUID id = enqueue(phone);

        int maxAttempts = config.maxAttempts();
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            Instant before = OutboxRows.databaseNow();
            dispatcher.dispatchDue();
            Instant after = OutboxRows.databaseNow();
            OutboxRows.Row row = OutboxRows.row(id);
            assertEquals(attempt, row.attempts());
            assertEquals("HTTP 500 (2 tries)", row.lastError());
            if (attempt < maxAttempts) {
                assertEquals("PENDING", row.status());
                // the pause runs from the failed attempt, on the database's clock
                Duration pause = config.retryBackoff().multipliedBy(1L << (attempt - 1));
                assertFalse(row.nextAttemptAt().isBefore(before.plus(pause)), row.nextAttemptAt().toString());
                assertFalse(row.nextAttemptAt().isAfter(after.plus(pause)), row.nextAttemptAt().toString());
                // not due before the pause is over
                dispatcher.dispatchDue();
                assertEquals(attempt, OutboxRows.row(id).attempts());
                OutboxRows.makeDue(id);
            } else {
                assertEquals("FAILED", row.status());
            }
        }
        // each attempt tried twice (one retry within the attempt)
        assertEquals(maxAttempts * 2, stub.to("+86" + phone).size());
        dispatcher.dispatchDue();
        assertEquals(maxAttempts * 2, stub.to("+86" + phone).size());
        assertFalse(OutboxRows.row(id).redacted());
    }

    @Test
    void aRefusalIsFinal() {
        String phone = TestCitizens.newPhone();
        stub.answer("+86" + phone, DeliveryProviderStub.Behaviour.REFUSE_400);
        UUID id = enqueue(phone);
        dispatcher.dispatchDue();
        OutboxRows.Row row = OutboxRows.row(id);
        assertEquals("FAILED", row.status());
        assertEquals(1, row.attempts());
        assertEquals("provider refused the message: HTTP 400", row.lastError());
        assertEquals(1, stub.to("+86" + phone).size());
    }

    @Test
    void aSlowProviderTimesOutAndIsTriedAgainLaterUnderTheSameKey() {
        useGateway(Duration.ofMillis(300), 0);
        String phone = TestCitizens.newPhone();
        stub.answer("+86" + phone, DeliveryProviderStub.Behaviour.HOLD);
        UUID id = enqueue(phone);
        try {
            Instant before = OutboxRows.databaseNow();
            dispatcher.dispatchDue();
            OutboxRows.Row row = OutboxRows.row(id);
            assertEquals("PENDING", row.status());
            assertEquals(1, row.attempts());
            assertEquals("timed out waiting for the provider", row.lastError());
            assertFalse(row.nextAttemptAt().isBefore(before.plus(config.retryBackoff())));
        } finally {
            stub.releaseHeld();
        }
        useGateway(Duration.ofSeconds(10), 0);
        OutboxRows.makeDue(id);
        dispatcher.dispatchDue();
        assertEquals("SENT", OutboxRows.row(id).status());
        // the provider may have taken the first request after all: the second carried the same key
        List<DeliveryProviderStub.Received> requests = stub.to("+86" + phone);
        assertEquals(2, requests.size());
        assertEquals(List.of(id.toString(), id.toString()),
                requests.stream().map(DeliveryProviderStub.Received::idempotencyKey).toList());
        assertEquals(1, stub.deliveredTo("+86" + phone).size());
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
            OutboxRows.Row row = OutboxRows.row(UUID.fromString(stub.to("+86" + phone).get(0).id()));
            assertEquals("SENT", row.status());
            assertEquals(1, row.attempts());
        }
    }

    private void useGateway(Duration readTimeout, int retries) {
        QuarkusMock.installMockForType(new DeliveryGateways(Map.of(
                MessageChannel.SMS, new HttpGateway(MessageChannel.SMS, new ProviderClient(stub.url(),
                        Optional.of("test-provider-key"), Duration.ofSeconds(5), readTimeout, retries,
                        Duration.ofMillis(1)), json),
                MessageChannel.PUSH, new LogGateway(MessageChannel.PUSH))), DeliveryGateways.class);
    }

    private UUID enqueue(String phone) {
        return QuarkusTransaction.requiringNew().call(() -> outbox.enqueueSms(phone, "hello", MessagePurpose.OTP));
    }

}
