package org.errandless.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.errandless.common.problem.ProblemException;
import org.errandless.common.time.BusinessClock;
import org.errandless.common.web.Cursors;
import org.errandless.common.web.Page;
import org.errandless.common.web.RequestIds;
import org.errandless.support.Databases;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The audit trail against real PostgreSQL. Other tests append too, so every test works with its own actor id and
 * never assumes the chain holds only its rows; tamper tests restore what they change, so the chain stays valid.
 */
@QuarkusTest
class AuditTrailTest {

    @Inject
    AuditTrail trail;

    @Inject
    BusinessClock clock;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void appendedEventsFormAValidChain() {
        String actor = uniqueActor();
        MDC.put(RequestIds.MDC_KEY, "req-audit-1");
        AuditEvent first;
        try {
            first = trail.record(AuditEntry.success(AuditActor.staff(actor, "OFFICER @ 解放碑派出所"), "application.accept")
                    .target("application", UUID.randomUUID().toString()).detail("from", "SUBMITTED"));
        } finally {
            MDC.remove(RequestIds.MDC_KEY);
        }
        for (int i = 0; i < 4; i++) {
            trail.record(AuditEntry.success(AuditActor.staff(actor, "OFFICER"), "application.view"));
        }

        ChainVerification verification = trail.verify();
        assertTrue(verification.valid(), () -> "chain broken: " + verification);
        assertNull(verification.firstBroken());
        assertTrue(verification.checked() >= 5);

        List<AuditEvent> mine = trail.list(AuditQuery.all().actor(ActorType.STAFF, actor), null, 100).items();
        assertEquals(5, mine.size());
        AuditEvent stored = mine.get(4);
        assertEquals(first, stored);
        assertEquals("req-audit-1", stored.requestId());
        assertEquals(Map.of("from", "SUBMITTED"), stored.details());
        assertEquals(clock.now().truncatedTo(ChronoUnit.MICROS), stored.occurredAt());
        assertNull(mine.get(0).requestId());
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = ';', quoteCharacter = '`', value = {
            "action; action || '.tampered'",
            "actor_id; 'someone-else'",
            "actor_label; 'ADMIN'",
            "actor_type; 'SYSTEM'",
            "target_id; null",
            "outcome; 'SUCCESS'",
            "request_id; 'forged'",
            "occurred_at; occurred_at + interval '1 microsecond'",
            "id; gen_random_uuid()",
            "details; jsonb_set(details, '{reason}', '\"forgotten\"')",
            "details; jsonb_set(details, '{reason}', '1')",
            "details; null",
            "hash; repeat('a', 64)" })
    void alteredRowIsNamedAsTheFirstBrokenLink(String column, String expression) throws SQLException {
        String actor = uniqueActor();
        trail.record(AuditEntry.failure(AuditActor.citizen(actor), "auth.otp.verify"));
        AuditEvent target = trail.record(AuditEntry.denied(AuditActor.citizen(actor), "auth.otp.verify")
                .target("account", actor).detail("reason", "wrong-code").detail("attempt", "3"));
        trail.record(AuditEntry.failure(AuditActor.citizen(actor), "auth.otp.verify"));
        assertTrue(trail.verify().valid());

        try (Connection owner = Databases.owner(); Statement sql = owner.createStatement()) {
            sql.execute("create temp table saved_event as select * from audit_event where seq = " + target.sequenceNumber());
            try {
                assertEquals(1, sql.executeUpdate("update audit_event set " + column + " = " + expression
                        + " where seq = " + target.sequenceNumber()));

                ChainVerification verification = trail.verify();
                assertFalse(verification.valid());
                assertEquals(target.sequenceNumber(), verification.firstBroken().sequenceNumber());
                assertEquals(ChainVerification.Defect.CONTENT_ALTERED, verification.firstBroken().defect());
                assertEquals(verification.checked(), countUpTo(owner, target.sequenceNumber()));
            } finally {
                sql.executeUpdate("update audit_event a set " + column + " = s." + column
                        + " from saved_event s where a.seq = s.seq");
                sql.execute("drop table saved_event");
            }
        }
        assertTrue(trail.verify().valid());
    }

    @Test
    void relinkedRowBreaksTheChainThere() throws SQLException {
        String actor = uniqueActor();
        trail.record(AuditEntry.success(AuditActor.citizen(actor), "auth.otp.verify"));
        AuditEvent target = trail.record(AuditEntry.success(AuditActor.citizen(actor), "auth.token.refresh"));
        long seq = target.sequenceNumber();

        try (Connection owner = Databases.owner(); Statement sql = owner.createStatement()) {
            String originalPrevious = single(owner, "select prev_hash from audit_event where seq = " + seq);
            String originalHash = single(owner, "select hash from audit_event where seq = " + seq);
            try {
                // a forger who re-hashes the row after changing its link still cannot match the predecessor
                String forgedPrevious = "b".repeat(64);
                sql.executeUpdate("update audit_event set prev_hash = '" + forgedPrevious + "', hash = '"
                        + HashChain.hash(forgedPrevious, target) + "' where seq = " + seq);

                ChainVerification verification = trail.verify();
                assertFalse(verification.valid());
                assertEquals(seq, verification.firstBroken().sequenceNumber());
                assertEquals(target.id(), verification.firstBroken().id());
                assertEquals(ChainVerification.Defect.LINK_BROKEN, verification.firstBroken().defect());
            } finally {
                sql.executeUpdate("update audit_event set prev_hash = '" + originalPrevious + "', hash = '"
                        + originalHash + "' where seq = " + seq);
            }
        }
        assertTrue(trail.verify().valid());
    }

    @Test
    void deletedRowIsDetectedAtItsSuccessor() throws SQLException {
        String actor = uniqueActor();
        trail.record(AuditEntry.success(AuditActor.system(actor), "registry.import"));
        AuditEvent middle = trail.record(AuditEntry.success(AuditActor.system(actor), "registry.import"));
        AuditEvent last = trail.record(AuditEntry.success(AuditActor.system(actor), "registry.import"));

        try (Connection owner = Databases.owner(); Statement sql = owner.createStatement()) {
            sql.execute("create temp table saved_event as select * from audit_event where seq = " + middle.sequenceNumber());
            try {
                assertEquals(1, sql.executeUpdate("delete from audit_event where seq = " + middle.sequenceNumber()));
                long successor = Long.parseLong(
                        single(owner, "select min(seq) from audit_event where seq > " + middle.sequenceNumber()));
                assertTrue(successor <= last.sequenceNumber());

                ChainVerification verification = trail.verify();
                assertFalse(verification.valid());
                assertEquals(successor, verification.firstBroken().sequenceNumber());
                assertEquals(ChainVerification.Defect.LINK_BROKEN, verification.firstBroken().defect());
            } finally {
                sql.executeUpdate("insert into audit_event overriding system value select * from saved_event");
                sql.execute("drop table saved_event");
            }
        }
        assertTrue(trail.verify().valid());
    }

    @Test
    void failureRecordSurvivesTheRollbackOfItsCaller() {
        String actor = uniqueActor();
        QuarkusTransaction.begin();
        try {
            trail.recordFailure(AuditEntry.failure(AuditActor.anonymous(), "auth.staff.login").target("staff", actor));
            trail.record(AuditEntry.success(AuditActor.staff(actor, "OFFICER"), "auth.staff.login"));
        } finally {
            QuarkusTransaction.rollback();
        }

        List<AuditEvent> failures = byTarget(actor);
        assertEquals(1, failures.size());
        assertEquals(AuditOutcome.FAILURE, failures.get(0).outcome());
        assertEquals(List.of(), trail.list(AuditQuery.all().actor(ActorType.STAFF, actor), null, 10).items());
        assertTrue(trail.verify().valid());
    }

    @Test
    void failureAfterAnAppendInTheSameTransactionSurvivesItsRollback() {
        String actor = uniqueActor();
        QuarkusTransaction.begin();
        try {
            trail.record(AuditEntry.success(AuditActor.citizen(actor), "application.submit"));
            // this transaction holds the chain lock now: the failure must not wait for it on this thread
            trail.recordFailure(AuditEntry.denied(AuditActor.citizen(actor), "application.approve"));
        } finally {
            QuarkusTransaction.rollback();
        }

        List<AuditEvent> mine = trail.list(AuditQuery.all().actor(ActorType.CITIZEN, actor), null, 10).items();
        assertEquals(List.of("application.approve"), mine.stream().map(AuditEvent::action).toList());
        assertEquals(AuditOutcome.DENIED, mine.get(0).outcome());
        assertTrue(trail.verify().valid());
    }

    @Test
    void failureAfterAnAppendFollowsItWhenTheTransactionCommits() {
        String actor = uniqueActor();
        QuarkusTransaction.begin();
        try {
            trail.record(AuditEntry.success(AuditActor.citizen(actor), "application.submit"));
            trail.recordFailure(AuditEntry.failure(AuditActor.citizen(actor), "sharing.fetch"));
            QuarkusTransaction.commit();
        } finally {
            if (QuarkusTransaction.isActive()) {
                QuarkusTransaction.rollback();
            }
        }

        List<AuditEvent> mine = trail.list(AuditQuery.all().actor(ActorType.CITIZEN, actor), null, 10).items();
        assertEquals(List.of("sharing.fetch", "application.submit"), mine.stream().map(AuditEvent::action).toList());
        assertTrue(mine.get(0).sequenceNumber() > mine.get(1).sequenceNumber());
        assertTrue(trail.verify().valid());
    }

    @Test
    void failureInATransactionMarkedForRollbackIsRecordedOnceItEnds() throws Exception {
        String actor = uniqueActor();
        QuarkusTransaction.begin();
        try {
            trail.record(AuditEntry.success(AuditActor.citizen(actor), "application.submit"));
            QuarkusTransaction.setRollbackOnly();
            trail.recordFailure(AuditEntry.failure(AuditActor.citizen(actor), "application.submit"));
        } finally {
            QuarkusTransaction.rollback();
        }
        trail.awaitDeferredFailures();

        List<AuditEvent> mine = trail.list(AuditQuery.all().actor(ActorType.CITIZEN, actor), null, 10).items();
        assertEquals(List.of(AuditOutcome.FAILURE), mine.stream().map(AuditEvent::outcome).toList());
        assertTrue(trail.verify().valid());
    }

    @Test
    void nestedTransactionCannotWaitForItsOwnSuspendedParent() throws Exception {
        String actor = uniqueActor();
        QuarkusTransaction.begin();
        try {
            trail.record(AuditEntry.success(AuditActor.citizen(actor), "application.submit"));
            // an append in a new transaction would wait for the suspended one forever: refused instead
            assertThrows(IllegalStateException.class, () -> QuarkusTransaction.requiringNew()
                    .run(() -> trail.record(AuditEntry.success(AuditActor.citizen(actor), "application.patch"))));
            // a failure record in a new transaction is written once the holder ends
            QuarkusTransaction.requiringNew()
                    .run(() -> trail.recordFailure(AuditEntry.denied(AuditActor.citizen(actor), "document.read")));
        } finally {
            QuarkusTransaction.rollback();
        }
        trail.awaitDeferredFailures();

        List<AuditEvent> mine = trail.list(AuditQuery.all().actor(ActorType.CITIZEN, actor), null, 10).items();
        assertEquals(List.of("document.read"), mine.stream().map(AuditEvent::action).toList());
        assertTrue(trail.verify().valid());
    }

    @Test
    void sameTransactionRecordRollsBackWithItsCaller() {
        String actor = uniqueActor();
        QuarkusTransaction.begin();
        try {
            trail.record(AuditEntry.success(AuditActor.citizen(actor), "application.submit"));
        } finally {
            QuarkusTransaction.rollback();
        }
        assertEquals(List.of(), trail.list(AuditQuery.all().actor(ActorType.CITIZEN, actor), null, 10).items());
        assertTrue(trail.verify().valid());
    }

    @Test
    void recordFailureRefusesSuccesses() {
        assertThrows(IllegalArgumentException.class,
                () -> trail.recordFailure(AuditEntry.success(AuditActor.citizen(uniqueActor()), "auth.otp.verify")));
    }

    @Test
    void appendsOutsideReadCommittedAreRefused() {
        String actor = uniqueActor();
        QuarkusTransaction.begin();
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            sql.execute("set transaction isolation level repeatable read");
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> trail.record(AuditEntry.success(AuditActor.citizen(actor), "application.submit")));
            assertTrue(refused.getMessage().contains("READ COMMITTED"));
        } catch (SQLException e) {
            throw new AssertionError(e);
        } finally {
            QuarkusTransaction.rollback();
        }
    }

    @Test
    void concurrentAppendsNeverForkTheChain() throws Exception {
        String actor = uniqueActor();
        int threads = 8;
        int perThread = 5;
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                boolean twoPerTransaction = t % 2 == 0;
                done.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        AuditEntry entry = AuditEntry.success(new AuditActor(ActorType.SYSTEM, actor, "sync"),
                                "catalog.sync")
                                .detail("n", Integer.toString(i));
                        if (twoPerTransaction && i + 1 < perThread) {
                            AuditEntry next = entry.detail("n", Integer.toString(++i));
                            QuarkusTransaction.requiringNew().run(() -> {
                                trail.record(entry);
                                trail.record(next);
                            });
                        } else {
                            trail.record(entry);
                        }
                    }
                    return null;
                }));
            }
            assertTrue(ready.await(30, TimeUnit.SECONDS));
            go.countDown();
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        ChainVerification verification = trail.verify();
        assertTrue(verification.valid(), () -> "chain broken: " + verification);
        List<AuditEvent> mine = trail.list(AuditQuery.all().actor(ActorType.SYSTEM, actor), null, 100).items();
        assertEquals(threads * perThread, mine.size());
        assertEquals(threads * perThread, mine.stream().map(AuditEvent::sequenceNumber).distinct().count());
    }

    @Test
    void applicationUserCannotRewriteTheTrail() throws SQLException {
        Assumptions.assumeTrue(Databases.ownerDiffersFromApplicationUser(),
                "only where migrations run as another user than the application");
        trail.record(AuditEntry.success(AuditActor.system(uniqueActor()), "audit.probe"));
        try (Connection application = Databases.application(); Statement sql = application.createStatement()) {
            for (String change : List.of(
                    "update audit_event set action = action where seq = (select max(seq) from audit_event)",
                    "delete from audit_event where seq = (select max(seq) from audit_event)",
                    "truncate audit_event",
                    "update access_record set purpose = purpose",
                    "delete from access_record")) {
                SQLException refused = assertThrows(SQLException.class, () -> sql.executeUpdate(change), change);
                assertEquals("42501", refused.getSQLState(), change); // insufficient_privilege
            }
        }
        assertTrue(trail.verify().valid());
    }

    @Test
    void listingPagesThroughEverythingExactlyOnceNewestFirst() {
        String actor = uniqueActor();
        List<Long> recorded = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            recorded.add(trail.record(AuditEntry.success(AuditActor.partner(actor, "重庆市卫生健康委员会"),
                    "registry.person.read")).sequenceNumber());
        }
        AuditQuery query = AuditQuery.all().actor(ActorType.PARTNER, actor);

        List<Long> listed = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String cursor = null;
        do {
            Page<AuditEvent> page = trail.list(query, cursor, 3);
            pageSizes.add(page.items().size());
            page.items().forEach(event -> listed.add(event.sequenceNumber()));
            cursor = page.nextCursor();
        } while (cursor != null);

        assertEquals(List.of(3, 3, 1), pageSizes);
        assertEquals(recorded.stream().sorted((a, b) -> Long.compare(b, a)).toList(), listed);
        assertEquals(7, new HashSet<>(listed).size());
    }

    @Test
    void listingFilters() {
        String actor = uniqueActor();
        Instant now = clock.now();
        trail.record(AuditEntry.success(AuditActor.citizen(actor), "auth.otp.send"));
        trail.record(AuditEntry.success(AuditActor.citizen(actor), "auth.otp.verify"));
        trail.record(AuditEntry.failure(AuditActor.citizen(actor), "auth.otp.verify"));
        trail.record(AuditEntry.success(AuditActor.citizen(actor), "application.submit"));
        trail.record(AuditEntry.success(AuditActor.citizen(actor), "auth_x.otp"));
        AuditQuery mine = AuditQuery.all().actor(ActorType.CITIZEN, actor);

        assertEquals(List.of("auth.otp.verify", "auth.otp.verify"), actions(mine.action("auth.otp.verify")));
        assertEquals(List.of("auth.otp.verify", "auth.otp.verify", "auth.otp.send"), actions(mine.action("auth.*")));
        assertEquals(List.of(), actions(mine.action("auth")));
        assertEquals(List.of("auth.otp.verify"), actions(mine.outcome(AuditOutcome.FAILURE)));
        assertEquals(5, actions(mine.between(now, now.plus(1, ChronoUnit.MICROS))).size());
        assertEquals(5, actions(mine.between(now, null)).size());
        assertEquals(List.of(), actions(mine.between(now.plus(1, ChronoUnit.MICROS), null)));
        assertEquals(List.of(), actions(mine.between(null, now)));
        assertEquals(List.of(), actions(AuditQuery.all().actor(ActorType.STAFF, actor)));
    }

    @Test
    void foreignCursorsAndLimitsAreValidationErrors() {
        for (String cursor : List.of("not-a-cursor!", Cursors.encode("x"),
                Cursors.encode("1", "2"))) {
            ProblemException problem = assertThrows(ProblemException.class,
                    () -> trail.list(AuditQuery.all(), cursor, 10));
            assertEquals(400, problem.status());
            assertEquals("validation-failed", problem.code());
        }
        assertEquals(400, assertThrows(ProblemException.class, () -> trail.list(AuditQuery.all(), null, 0)).status());
        assertEquals(400, assertThrows(ProblemException.class, () -> trail.list(AuditQuery.all(), null, 101)).status());
        assertNotNull(trail.list(AuditQuery.all(), null, null));
    }

    private List<String> actions(AuditQuery query) {
        return trail.list(query, null, 100).items().stream().map(AuditEvent::action).toList();
    }

    private List<AuditEvent> byTarget(String targetId) {
        return trail.list(AuditQuery.all().actor(ActorType.ANONYMOUS, null), null, 100).items().stream()
                .filter(event -> targetId.equals(event.targetId())).toList();
    }

    private static long countUpTo(Connection owner, long seq) throws SQLException {
        return Long.parseLong(single(owner, "select count(*) from audit_event where seq <= " + seq));
    }

    private static String single(Connection connection, String query) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(query); ResultSet rows = select.executeQuery()) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static String uniqueActor() {
        return "test-" + UUID.randomUUID();
    }
}
