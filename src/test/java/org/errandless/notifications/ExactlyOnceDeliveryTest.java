package org.errandless.notifications;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import jakarta.inject.Inject;

import org.errandless.support.TestCitizens;
import org.errandless.support.Databases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Exactly once across instances, on the real clock: the dispatcher's schedule runs on the database's clock (not the
 * fixed business clock of the tests), every claim takes its lease from its own moment, a batch fits its lease, and a
 * message goes to its provider under its own id as {@code Idempotency-Key}, so a send whose outcome was lost reaches
 * the citizen once. Each test first lets the test profile's (log) gateways deliver whatever other tests left due, then
 * dispatches through its own gateways.
 */
@QuarkusTest
class ExactlyOnceDeliveryTest {

    @Inject
    OutboxDispatcher dispatcher;
    @Inject
    Outbox outbox;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    ObjectMapper json;

    private DeliveryProviderStub stub;

    @BeforeEach
    void startProviderAfterDrainingTheOutbox() throws Exception {
        dispatcher.dispatchDue();
        stub = new DeliveryProviderStub();
    }

    @AfterEach
    void stopProvider() {
        stub.close();
    }

    /**
     * Two dispatchers (two loops, like two instances' schedulers) on the system clock, with a lease of 3 s and a
     * provider that takes 100 ms a message, work through 60 messages of both channels, for longer than a lease: each
     * message is sent once, none a second time under the same or another key.
     */
    @Test
    void twoDispatchersWithAShortLeaseAndASlowProviderSendEveryMessageOnce() throws Exception {
        List<UUID> accounts = new ArrayList<>();
        List<String> phones = new ArrayList<>();
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 0; i < 30; i++) {
                UUID account = UUID.randomUUID();
                String phone = TestCitizens.newPhone();
                accounts.add(account);
                phones.add(phone);
                outbox.notifyCitizen(account, phone, UUID.randomUUID(), "race " + i);
            }
        });
        List<UUID> ids = messagesOf(accounts);
        assertEquals(60, ids.size());
        stub.slow(Duration.ofMillis(100));
        // longest send 1.25 s, two to a batch: 2.5 s, under the lease of 3 s
        DeliveryGateways slow = http(Duration.ofMillis(250), Duration.ofSeconds(1));
        OutboxDispatcher.Limits limits = new OutboxDispatcher.Limits(2, Duration.ofSeconds(3));
        limits.requireFits(slow);

        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch allSent = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        long began = System.nanoTime();
        try {
            List<Future<Integer>> runs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                runs.add(pool.submit(() -> {
                    start.await();
                    int sent = 0;
                    // each loop like an instance's scheduler: a round, and when nothing was due, the next tick
                    while (OutboxRows.pending(ids) > 0) {
                        OutboxDispatcher.Result round = dispatcher.dispatchDue(slow, limits);
                        sent += round.sent();
                        if (round.attempted() == 0 && allSent.await(20, TimeUnit.MILLISECONDS)) {
                            break;
                        }
                    }
                    allSent.countDown();
                    return sent;
                }));
            }
            start.countDown();
            int sent = 0;
            for (Future<Integer> run : runs) {
                sent += run.get(120, TimeUnit.SECONDS);
            }
            assertTrue(sent >= 60, "sent " + sent);
        } finally {
            pool.shutdownNow();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - began);

        for (int i = 0; i < accounts.size(); i++) {
            for (String recipient : List.of("+86" + phones.get(i), accounts.get(i).toString())) {
                List<DeliveryProviderStub.Received> requests = stub.to(recipient);
                assertEquals(1, requests.size(), "requests to " + recipient + " (run took " + took + ")");
                assertEquals(requests.get(0).id(), requests.get(0).idempotencyKey());
                OutboxRows.Row row = OutboxRows.row(UUID.fromString(requests.get(0).id()));
                assertEquals("SENT", row.status());
                assertEquals(1, row.attempts());
            }
        }
    }

    /**
     * The provider accepts a message, then its SENT cannot be recorded (the database refuses the update): the message
     * stays claimed until its lease ends, is then claimed again and goes out again under the same key, and the
     * provider, which drops duplicates by key, delivers it once.
     */
    @Test
    void aSendWhoseStatusUpdateFailedGoesOutAgainUnderTheSameKeyAndReachesTheCitizenOnce() throws SQLException {
        String phone = TestCitizens.newPhone();
        UUID id = QuarkusTransaction.requiringNew()
                .call(() -> outbox.enqueueSms(phone, "【重庆户籍】验证码 246810", MessagePurpose.OTP));
        DeliveryGateways gateways = http(Duration.ofSeconds(1), Duration.ofSeconds(5));
        OutboxDispatcher.Limits limits = new OutboxDispatcher.Limits(5, Duration.ofMinutes(1));

        refuseSent(id);
        try {
            OutboxDispatcher.Result round = dispatcher.dispatchDue(gateways, limits);
            assertEquals(0, round.attempted(), "the round stops where it cannot record");
        } finally {
            allowSent();
        }
        assertEquals(1, stub.to("+86" + phone).size());
        assertEquals(1, stub.deliveredTo("+86" + phone).size());
        OutboxRows.Row claimed = OutboxRows.row(id);
        assertEquals("PENDING", claimed.status());
        assertEquals(1, claimed.attempts());
        assertNotNull(claimed.claimToken());

        // within the lease nobody takes it again
        dispatcher.dispatchDue(gateways, limits);
        assertEquals(1, stub.to("+86" + phone).size());

        // the lease is over (as when the instance that sent it died): the next claim sends it again
        OutboxRows.makeDue(id);
        assertEquals(1, dispatcher.dispatchDue(gateways, limits).sent());
        List<DeliveryProviderStub.Received> requests = stub.to("+86" + phone);
        assertEquals(2, requests.size());
        assertEquals(List.of(id.toString(), id.toString()),
                requests.stream().map(DeliveryProviderStub.Received::idempotencyKey).toList(),
                "both requests carry the message's own key");
        assertEquals(1, stub.deliveredTo("+86" + phone).size(), "the provider delivered it once");
        OutboxRows.Row sent = OutboxRows.row(id);
        assertEquals("SENT", sent.status());
        assertEquals(2, sent.attempts());
        assertNull(sent.claimToken());
    }

    /**
     * A gateway slower than it says: the first send of a batch outlasts the lease, so the dispatcher sends nothing more
     * under that claim and hands the rest back unsent (the attempt not counted); the next claim, with a lease of its
     * own, sends them. Each message goes out once.
     */
    @Test
    void whatCannotBeSentInsideTheLeaseIsHandedBackAndClaimedAfresh() {
        List<UUID> ids = QuarkusTransaction.requiringNew().call(() -> {
            List<UUID> queued = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                queued.add(outbox.enqueueSms(TestCitizens.newPhone(), "lease " + i, MessagePurpose.OTP));
            }
            return queued;
        });
        Duration lease = Duration.ofMillis(300);
        List<UUID> sent = new CopyOnWriteArrayList<>();
        List<UUID> claims = new CopyOnWriteArrayList<>();
        DeliveryGateway late = new DeliveryGateway() {
            @Override
            public String name() {
                return "late";
            }

            @Override
            public boolean keepsText() {
                return true;
            }

            @Override
            public Duration longestSend() {
                return Duration.ofMillis(50);
            }

            @Override
            public void send(OutgoingMessage message) {
                claims.add(OutboxRows.row(message.id()).claimToken());
                if (sent.isEmpty()) {
                    // the first send takes the whole lease, far beyond the 50 ms it promised
                    long until = System.nanoTime() + lease.toNanos();
                    while (System.nanoTime() < until) {
                        LockSupport.parkNanos(until - System.nanoTime());
                    }
                }
                sent.add(message.id());
            }
        };
        DeliveryGateways gateways = new DeliveryGateways(Map.of(MessageChannel.SMS, late, MessageChannel.PUSH,
                new LogGateway(MessageChannel.PUSH)));

        OutboxDispatcher.Result result = dispatcher.dispatchDue(gateways, new OutboxDispatcher.Limits(3, lease));

        assertEquals(3, result.sent());
        assertEquals(ids, sent, "each once, in order");
        assertEquals(claims.get(1), claims.get(2));
        assertNotEquals(claims.get(0), claims.get(1), "the second and third went out under a new claim");
        for (UUID id : ids) {
            OutboxRows.Row row = OutboxRows.row(id);
            assertEquals("SENT", row.status());
            assertEquals(1, row.attempts(), "a message handed back unsent has not used an attempt");
        }
    }

    @Test
    void dispatchingInsideATransactionIsRefused() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> QuarkusTransaction.requiringNew().run(() -> dispatcher.dispatchDue()));
        assertTrue(refused.getMessage().contains("outside any transaction"), refused.getMessage());
    }

    private DeliveryGateways http(Duration connectTimeout, Duration readTimeout) {
        Map<MessageChannel, DeliveryGateway> gateways = new java.util.EnumMap<>(MessageChannel.class);
        for (MessageChannel channel : MessageChannel.values()) {
            gateways.put(channel, new HttpGateway(channel, new ProviderClient(stub.url(), Optional.of("key"),
                    connectTimeout, readTimeout, 0, Duration.ofMillis(1)), json));
        }
        return new DeliveryGateways(gateways);
    }

    private List<UUID> messagesOf(List<UUID> accounts) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "select id from outbox_message where recipient_account_id = any (?)")) {
            select.setArray(1, connection.createArrayOf("uuid", accounts.toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getObject(1, UUID.class));
                }
            }
        }
        return ids;
    }

    /** The database refuses to mark this message SENT, as a database that went away between send and record would. */
    private void refuseSent(UUID id) throws SQLException {
        try (Connection connection = Databases.owner(); Statement ddl = connection.createStatement()) {
            ddl.execute("create or replace function test_refuse_sent() returns trigger language plpgsql as $$ "
                    + "begin if new.id = '" + id + "'::uuid and new.status = 'SENT' then "
                    + "raise exception 'status update refused (test)'; end if; return new; end $$");
            ddl.execute("create trigger test_refuse_sent before update on outbox_message for each row "
                    + "execute function test_refuse_sent()");
        }
    }

    private void allowSent() throws SQLException {
        try (Connection connection = Databases.owner(); Statement ddl = connection.createStatement()) {
            ddl.execute("drop trigger if exists test_refuse_sent on outbox_message");
            ddl.execute("drop function if exists test_refuse_sent()");
        }
    }
}
