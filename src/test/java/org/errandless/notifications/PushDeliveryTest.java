package org.errandless.notifications;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
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

import org.errandless.common.security.Roles;
import org.errandless.support.TestCitizens;
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
 * The PUSH channel of the outbox: the HTTP push gateway against a local push-service stub, delivery by the same
 * dispatcher as SMS (exactly once with two dispatchers racing, retries, FAILED at the end), and the admin view of the
 * outbox's delivery state. The SMS side keeps the test profile's log gateway; assertions look at this test's own
 * accounts only, since the dispatcher delivers whatever is due.
 */
@QuarkusTest
class PushDeliveryTest {

    private static final String ADMIN_PATH = "/api/v1/admin/outbox";
    private static final String PROBLEM = "application/problem+json";

    @Inject
    OutboxDispatcher dispatcher;
    @Inject
    Outbox outbox;
    @Inject
    NotificationsConfig config;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    ObjectMapper json;

    private DeliveryProviderStub stub;

    @BeforeEach
    void startPushService() throws Exception {
        stub = new DeliveryProviderStub();
        QuarkusMock.installMockForType(new DeliveryGateways(Map.of(
                MessageChannel.SMS, new LogGateway(MessageChannel.SMS),
                MessageChannel.PUSH, new HttpGateway(MessageChannel.PUSH, new ProviderClient(stub.url(),
                        Optional.of("test-push-key"), Duration.ofSeconds(5), Duration.ofSeconds(10), 1,
                        Duration.ofMillis(1)), json))), DeliveryGateways.class);
    }

    @AfterEach
    void stopPushService() {
        stub.close();
    }

    @Test
    void aPushIsDeliveredOnceWithItsSubjectAndItsTextRemoved() {
        TestCitizens.SignedIn citizen = TestCitizens.signIn();
        UUID application = UUID.randomUUID();
        UUID notification = QuarkusTransaction.requiringNew()
                .call(() -> outbox.notifyCitizen(citizen.accountId(), citizen.phone(), application, "已受理"));
        dispatcher.dispatchDue();

        List<DeliveryProviderStub.Received> pushes = stub.to(citizen.accountId().toString());
        assertEquals(1, pushes.size());
        DeliveryProviderStub.Received push = pushes.get(0);
        assertEquals("已受理", push.text());
        assertEquals("Bearer test-push-key", push.authorization());
        assertEquals(push.id(), push.idempotencyKey());
        assertEquals("STATUS_CHANGED", push.purpose());
        assertEquals("重庆户籍", push.body().path("title").asText());
        assertEquals(application.toString(), push.body().path("data").path("subjectId").asText());

        OutboxRows.Row row = OutboxRows.row(UUID.fromString(push.id()));
        assertEquals("SENT", row.status());
        assertNull(row.body(), "a real gateway's delivered text is removed");
        // the citizen's own list keeps it, and shows both deliveries done
        given().auth().oauth2(citizen.accessToken()).get("/api/v1/me/notifications").then().statusCode(200)
                .body("items[0].id", equalTo(notification.toString())).body("items[0].text", equalTo("已受理"))
                .body("items[0].channelStates.PUSH", equalTo("SENT"))
                .body("items[0].channelStates.SMS", equalTo("SENT"));
        dispatcher.dispatchDue();
        assertEquals(1, stub.to(citizen.accountId().toString()).size());
    }

    @Test
    void twoDispatchersRacingDeliverEachPushOnce() throws Exception {
        List<TestCitizens.SignedIn> citizens = new ArrayList<>();
        for (int i = 0; i < 2 * config.batchSize(); i++) {
            citizens.add(TestCitizens.signIn());
        }
        QuarkusTransaction.requiringNew().run(() -> citizens.forEach(citizen -> outbox
                .notifyCitizen(citizen.accountId(), citizen.phone(), UUID.randomUUID(), "race")));
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
        for (TestCitizens.SignedIn citizen : citizens) {
            List<DeliveryProviderStub.Received> pushes = stub.to(citizen.accountId().toString());
            assertEquals(1, pushes.size(), "pushes to one account");
            OutboxRows.Row row = OutboxRows.row(UUID.fromString(pushes.get(0).id()));
            assertEquals("SENT", row.status());
            assertEquals(1, row.attempts());
        }
    }

    @Test
    void aFailingPushServiceIsRetriedThenTheMessageIsFailedAndAdminsSeeIt() throws SQLException {
        TestCitizens.SignedIn citizen = TestCitizens.signIn();
        stub.answer(citizen.accountId().toString(), DeliveryProviderStub.Behaviour.FAIL_500);
        UUID application = UUID.randomUUID();
        QuarkusTransaction.requiringNew()
                .run(() -> outbox.notifyCitizen(citizen.accountId(), citizen.phone(), application, "已办结"));
        UUID id = pushOf(application);

        for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
            Instant before = OutboxRows.databaseNow();
            dispatcher.dispatchDue();
            OutboxRows.Row row = OutboxRows.row(id);
            assertEquals(attempt, row.attempts());
            assertEquals("HTTP 500 (2 tries)", row.lastError());
            if (attempt < config.maxAttempts()) {
                assertEquals("PENDING", row.status());
                assertFalse(row.nextAttemptAt().isBefore(
                        before.plus(config.retryBackoff().multipliedBy(1L << (attempt - 1)))));
                OutboxRows.makeDue(id);
            } else {
                assertEquals("FAILED", row.status());
                assertEquals("已办结", row.body(), "an undelivered text stays for the operators' retry");
            }
        }
        assertEquals(config.maxAttempts() * 2, stub.to(citizen.accountId().toString()).size());
        dispatcher.dispatchDue();
        assertEquals(config.maxAttempts() * 2, stub.to(citizen.accountId().toString()).size());

        given().auth().oauth2(TestTokens.admin()).queryParam("status", "failed").queryParam("channel", "PUSH")
                .queryParam("limit", 100).get(ADMIN_PATH).then().statusCode(200)
                .body("items.id", hasItem(id.toString())).body("items.status", everyItem(equalTo("FAILED")))
                .body("items.channel", everyItem(equalTo("PUSH")))
                .body("items.find { it.id == '" + id + "' }.lastError", equalTo("HTTP 500 (2 tries)"))
                .body("items.find { it.id == '" + id + "' }.recipientAccountId",
                        equalTo(citizen.accountId().toString()))
                .body("items.find { it.id == '" + id + "' }.subjectId", equalTo(application.toString()))
                .body("items.find { it.id == '" + id + "' }.phone", nullValue())
                .body("items.find { it.id == '" + id + "' }.text", nullValue());
    }

    @Test
    void theAdminViewMasksPhonesAndRejectsUnknownFilters() {
        TestCitizens.SignedIn citizen = TestCitizens.signIn();
        QuarkusTransaction.requiringNew()
                .run(() -> outbox.notifyCitizen(citizen.accountId(), citizen.phone(), UUID.randomUUID(), "已提交"));
        String masked = citizen.phone().substring(0, 3) + "****" + citizen.phone().substring(7);
        given().auth().oauth2(TestTokens.admin()).queryParam("channel", "sms").queryParam("limit", 1)
                .get(ADMIN_PATH).then().statusCode(200).body("items[0].phone", equalTo(masked))
                .body("items[0].channel", equalTo("SMS")).body("items[0].recipientAccountId",
                        equalTo(citizen.accountId().toString()));
        given().auth().oauth2(TestTokens.admin()).queryParam("status", "LOST").get(ADMIN_PATH).then()
                .statusCode(400).contentType(PROBLEM).body("code", equalTo("validation-failed"))
                .body("invalidParams[0].name", equalTo("status"));
        given().auth().oauth2(TestTokens.admin()).queryParam("cursor", "x").get(ADMIN_PATH).then()
                .statusCode(400).contentType(PROBLEM).body("code", equalTo("validation-failed"));
        given().get(ADMIN_PATH).then().statusCode(401).contentType(PROBLEM).body("code", equalTo("unauthorized"));
        given().auth().oauth2(citizen.accessToken()).get(ADMIN_PATH).then().statusCode(403).contentType(PROBLEM)
                .body("code", equalTo("forbidden"));
        given().auth().oauth2(TestTokens.staff(Roles.OFFICER, "500103001").accessToken()).get(ADMIN_PATH).then()
                .statusCode(403).contentType(PROBLEM).body("code", equalTo("forbidden"));
    }

    private UUID pushOf(UUID application) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "select id from outbox_message where subject_id = ? and channel = 'PUSH'")) {
            select.setObject(1, application);
            try (ResultSet row = select.executeQuery()) {
                assertTrue(row.next());
                return row.getObject(1, UUID.class);
            }
        }
    }

}
