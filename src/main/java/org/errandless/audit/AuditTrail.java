package org.errandless.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import org.errandless.common.problem.Problem;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.time.BusinessClock;
import org.errandless.common.web.Cursors;
import org.errandless.common.web.Page;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The audit trail: an append-only, hash-chained record of security-relevant events.
 *
 * <p>{@link #record} writes in the caller's transaction, so the record and the action it records commit or vanish
 * together. {@link #recordFailure} writes in a transaction of its own, so a wrong password, a refused request or a
 * lockout stays on record when the caller's transaction rolls back.
 *
 * <p>Appends are serialised across all instances with a transaction-scoped advisory lock: take the lock, read the
 * last row's hash, insert the new row linked to it; the lock is released when the transaction ends. The lock needs no
 * table rights, so the application's database user can be limited to INSERT and SELECT on {@code audit_event} (the
 * migration {@code V20261128_0601__audit_append_only} revokes UPDATE, DELETE and TRUNCATE where the application user
 * is not the schema owner). Two consequences for callers: appends must run at READ COMMITTED (the default; anything
 * stricter would read a stale last row and fork the chain, so it is refused), and a transaction holds the lock from
 * its first append until it ends, so record as late in a transaction as the logic allows, and do not append from a
 * {@code REQUIRES_NEW} transaction started after an append on the same thread (refused, see {@link #record}).
 *
 * <p>Deleting the newest rows cannot be seen by the chain alone; an operator who wants that publishes the newest
 * hash elsewhere now and then and compares.
 */
@ApplicationScoped
public class AuditTrail {

    private static final Logger LOG = Logger.getLogger(AuditTrail.class);

    /** Advisory lock key of the chain ("ERRAUDIT" in ASCII); no other code may use it. */
    static final long CHAIN_LOCK = 0x4552_5241_5544_4954L;
    /** Rows per round trip while verifying, so a long trail never sits in memory at once. */
    static final int VERIFY_BATCH = 500;
    /** How long the end of a caller's transaction waits for its deferred failure records. */
    private static final Duration DEFERRED_WAIT = Duration.ofSeconds(30);
    /** Transaction resource key: set once the transaction holds the chain lock. */
    private static final String HOLDS_CHAIN_LOCK = AuditTrail.class.getName() + ".holdsChainLock";
    /**
     * Keys of the transactions begun on this thread that hold the chain lock. A suspended one among them would make a
     * new transaction's append on this thread wait for itself, so that is refused (or, for failures, deferred).
     */
    private static final ThreadLocal<Set<Object>> HELD_ON_THIS_THREAD = ThreadLocal
            .withInitial(ConcurrentHashMap::newKeySet);

    private static final String COLUMNS = "seq, id, occurred_at, actor_type, actor_id, actor_label, action, "
            + "target_type, target_id, outcome, request_id, details::text, prev_hash, hash";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    BusinessClock clock;

    @Inject
    ObjectMapper json;

    @Inject
    TransactionSynchronizationRegistry transactions;

    // Failure records that cannot get their own transaction yet (see recordFailure) are written from here.
    private final ExecutorService deferred = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "audit-deferred-failures");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * Appends an event in the caller's transaction (or a new one where there is none): it commits or rolls back with
     * the action it records.
     *
     * @return the event as stored
     * @throws IllegalStateException when the transaction is not READ COMMITTED, or when a transaction suspended on
     *         this thread (the caller of a {@code REQUIRES_NEW} method) has appended and so holds the chain lock: the
     *         new transaction would wait for it forever
     */
    @Transactional(TxType.REQUIRED)
    public AuditEvent record(AuditEntry entry) {
        return append(entry, clock.now(), CurrentRequest.id());
    }

    /**
     * Appends a failure, refusal or lockout in a transaction of its own, so a rollback of the caller's transaction
     * cannot erase it.
     *
     * <p>Where the caller's transaction already appended to the trail, it holds the chain lock, and a new transaction
     * on this thread would wait for it forever. Then the record is written by a helper thread as soon as the caller's
     * transaction ends (the end of that transaction waits for it, so it is on record when commit or rollback
     * returns; a transaction already marked rollback-only cannot be waited on, and its record follows moments later).
     * The record keeps the time and request id of this call. The same holds where a suspended transaction on this
     * thread holds the lock, except that nothing waits for the record.
     *
     * @throws IllegalArgumentException for a SUCCESS entry: a success is recorded with its action, never apart
     */
    public void recordFailure(AuditEntry entry) {
        if (entry.outcome() == AuditOutcome.SUCCESS) {
            throw new IllegalArgumentException("recordFailure is for FAILURE and DENIED; record successes with record()");
        }
        Instant at = clock.now();
        String requestId = CurrentRequest.id();
        Object current = transactions.getTransactionKey();
        boolean currentHolds = current != null && transactions.getResource(HOLDS_CHAIN_LOCK) != null;
        if (currentHolds || suspendedTransactionHoldsChainLock(current)) {
            // only the current transaction's end can be waited for; a suspended holder ends later, on its own
            defer(entry, at, requestId, currentHolds);
        } else {
            QuarkusTransaction.requiringNew().run(() -> append(entry, at, requestId));
        }
    }

    /**
     * Walks the whole chain in order, in batches, and reports the first row whose stored hash does not match its
     * content or whose previous hash does not match its predecessor's hash.
     */
    @Transactional(TxType.SUPPORTS)
    public ChainVerification verify() {
        long checked = 0;
        long after = Long.MIN_VALUE;
        String expectedPrevious = HashChain.GENESIS;
        while (true) {
            List<StoredEvent> batch = readBatch(after);
            for (StoredEvent row : batch) {
                checked++;
                AuditEvent event = row.event();
                boolean contentIntact = row.detailsReadable()
                        && HashChain.hash(row.previousHash(), event).equals(row.hash());
                if (!contentIntact) {
                    return ChainVerification.broken(checked, new ChainVerification.BrokenLink(
                            event.sequenceNumber(), event.id(), ChainVerification.Defect.CONTENT_ALTERED));
                }
                if (!row.previousHash().equals(expectedPrevious)) {
                    return ChainVerification.broken(checked, new ChainVerification.BrokenLink(
                            event.sequenceNumber(), event.id(), ChainVerification.Defect.LINK_BROKEN));
                }
                expectedPrevious = row.hash();
                after = event.sequenceNumber();
            }
            if (batch.size() < VERIFY_BATCH) {
                return ChainVerification.intact(checked);
            }
        }
    }

    /**
     * Lists events newest first.
     *
     * @param query the filter
     * @param cursor the {@code nextCursor} of the previous page, or null for the first page
     * @param limit page size, default {@value Cursors#DEFAULT_LIMIT}
     * @throws ProblemException 400 {@code validation-failed} for a foreign cursor or a limit outside 1..100
     */
    @Transactional(TxType.SUPPORTS)
    public Page<AuditEvent> list(AuditQuery query, String cursor, Integer limit) {
        int size = Cursors.limit(limit);
        StringBuilder sql = new StringBuilder("select ").append(COLUMNS).append(" from audit_event where true");
        List<Object> parameters = new ArrayList<>();
        if (cursor != null) {
            sql.append(" and seq < ?");
            parameters.add(decodeSequenceCursor(cursor));
        }
        if (query.action() != null) {
            if (query.action().endsWith(".*")) {
                sql.append(" and action like ? escape '\\'");
                parameters.add(likePrefix(query.action().substring(0, query.action().length() - 1)));
            } else {
                sql.append(" and action = ?");
                parameters.add(query.action());
            }
        }
        if (query.actorType() != null) {
            sql.append(" and actor_type = ?");
            parameters.add(query.actorType().name());
        }
        if (query.actorId() != null) {
            sql.append(" and actor_id = ?");
            parameters.add(query.actorId());
        }
        if (query.outcome() != null) {
            sql.append(" and outcome = ?");
            parameters.add(query.outcome().name());
        }
        if (query.from() != null) {
            sql.append(" and occurred_at >= ?");
            parameters.add(OffsetDateTime.ofInstant(query.from(), ZoneOffset.UTC));
        }
        if (query.to() != null) {
            sql.append(" and occurred_at < ?");
            parameters.add(OffsetDateTime.ofInstant(query.to(), ZoneOffset.UTC));
        }
        sql.append(" order by seq desc limit ?");
        parameters.add(size + 1);

        List<AuditEvent> items = new ArrayList<>(size + 1);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < parameters.size(); i++) {
                select.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    items.add(read(rows).event());
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not list the audit trail", e);
        }
        if (items.size() <= size) {
            return Page.last(items);
        }
        List<AuditEvent> page = items.subList(0, size);
        return new Page<>(List.copyOf(page),
                Cursors.encode(Long.toString(page.get(page.size() - 1).sequenceNumber())));
    }

    /** Waits until every deferred failure record handed over so far is written (for tests and shutdown). */
    void awaitDeferredFailures() throws InterruptedException, ExecutionException {
        deferred.submit(() -> {
        }).get();
    }

    @PreDestroy
    void stop() throws InterruptedException {
        deferred.shutdown();
        if (!deferred.awaitTermination(DEFERRED_WAIT.toSeconds(), TimeUnit.SECONDS)) {
            LOG.error("Deferred audit failure records were still pending at shutdown and are lost");
        }
    }

    AuditEvent append(AuditEntry entry, Instant at, String requestId) {
        AuditEvent event = new AuditEvent(0, UUID.randomUUID(), HashChain.storable(at), entry.actor().type(),
                entry.actor().id(), entry.actor().label(), entry.action(), entry.targetType(), entry.targetId(),
                entry.outcome(), requestId, entry.details());
        Object transaction = transactions.getTransactionKey();
        if (suspendedTransactionHoldsChainLock(transaction)) {
            throw new IllegalStateException("A suspended transaction on this thread has appended to the audit trail "
                    + "and holds its lock until it ends; appending in a new transaction now would wait for itself");
        }
        try (Connection connection = dataSource.getConnection()) {
            lockChain(connection);
            markChainLockHeld(transaction);
            String previousHash = HashChain.GENESIS;
            try (Statement last = connection.createStatement();
                    ResultSet rows = last.executeQuery("select hash from audit_event order by seq desc limit 1")) {
                if (rows.next()) {
                    previousHash = rows.getString(1);
                }
            }
            String hash = HashChain.hash(previousHash, event);
            try (PreparedStatement insert = connection.prepareStatement("insert into audit_event (id, occurred_at, "
                    + "actor_type, actor_id, actor_label, action, target_type, target_id, outcome, request_id, details, "
                    + "prev_hash, hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?) returning seq")) {
                insert.setObject(1, event.id());
                insert.setObject(2, OffsetDateTime.ofInstant(event.occurredAt(), ZoneOffset.UTC));
                insert.setString(3, event.actorType().name());
                insert.setString(4, event.actorId());
                insert.setString(5, event.actorLabel());
                insert.setString(6, event.action());
                insert.setString(7, event.targetType());
                insert.setString(8, event.targetId());
                insert.setString(9, event.outcome().name());
                insert.setString(10, event.requestId());
                insert.setString(11, event.details().isEmpty() ? null : json.writeValueAsString(event.details()));
                insert.setString(12, previousHash);
                insert.setString(13, hash);
                try (ResultSet keys = insert.executeQuery()) {
                    keys.next();
                    long sequenceNumber = keys.getLong(1);
                    return new AuditEvent(sequenceNumber, event.id(), event.occurredAt(), event.actorType(),
                            event.actorId(), event.actorLabel(), event.action(), event.targetType(), event.targetId(),
                            event.outcome(), event.requestId(), event.details());
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not append to the audit trail", e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write audit details", e);
        }
    }

    private static void lockChain(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(
                "select current_setting('transaction_isolation'), pg_advisory_xact_lock(?)")) {
            lock.setLong(1, CHAIN_LOCK);
            try (ResultSet rows = lock.executeQuery()) {
                rows.next();
                String isolation = rows.getString(1);
                if (!"read committed".equals(isolation)) {
                    // a snapshot older than the lock would miss the last append and fork the chain
                    throw new IllegalStateException(
                            "Audit appends need READ COMMITTED, but the transaction is " + isolation);
                }
            }
        }
    }

    private void markChainLockHeld(Object transaction) {
        if (transactions.getResource(HOLDS_CHAIN_LOCK) != null) {
            return;
        }
        transactions.putResource(HOLDS_CHAIN_LOCK, Boolean.TRUE);
        Set<Object> held = HELD_ON_THIS_THREAD.get();
        try {
            // the set itself is captured: completion may run on another thread (e.g. the timeout reaper)
            transactions.registerInterposedSynchronization(afterCompletion(() -> held.remove(transaction)));
            held.add(transaction);
        } catch (IllegalStateException e) {
            // a doomed transaction: it cannot be tracked, and nothing on this thread may wait for it anyway
        }
    }

    private static boolean suspendedTransactionHoldsChainLock(Object current) {
        for (Object holder : HELD_ON_THIS_THREAD.get()) {
            if (!holder.equals(current)) {
                return true;
            }
        }
        return false;
    }

    private static Synchronization afterCompletion(Runnable action) {
        return new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                action.run();
            }
        };
    }

    private void defer(AuditEntry entry, Instant at, String requestId, boolean waitAtEndOfCurrentTransaction) {
        // The helper's append waits on the chain lock until the caller's transaction ends, then proceeds.
        Future<?> write = deferred.submit(() -> {
            try {
                QuarkusTransaction.requiringNew().run(() -> append(entry, at, requestId));
            } catch (RuntimeException e) {
                LOG.errorf(e, "Could not record the audit failure %s by %s", entry.action(), entry.actor().type());
                throw e;
            }
        });
        if (!waitAtEndOfCurrentTransaction) {
            return;
        }
        try {
            // by afterCompletion the caller's connection has committed or rolled back, so the lock is free
            transactions.registerInterposedSynchronization(afterCompletion(() -> awaitQuietly(write)));
        } catch (IllegalStateException e) {
            // the caller's transaction is already doomed; its rollback frees the lock and the write goes ahead unawaited
            LOG.debugf("Deferred audit failure %s is written without waiting: %s", entry.action(), e.getMessage());
        }
    }

    private static void awaitQuietly(Future<?> write) {
        try {
            write.get(DEFERRED_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // logged by the writer
        } catch (TimeoutException e) {
            LOG.warn("A deferred audit failure record is not written yet; it will be written when the chain lock frees");
        }
    }

    private List<StoredEvent> readBatch(long after) {
        List<StoredEvent> batch = new ArrayList<>(VERIFY_BATCH);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "select " + COLUMNS + " from audit_event where seq > ? order by seq limit ?")) {
            select.setLong(1, after);
            select.setInt(2, VERIFY_BATCH);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    batch.add(read(rows));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the audit trail", e);
        }
        return batch;
    }

    private StoredEvent read(ResultSet rows) throws SQLException {
        String detailsJson = rows.getString(12);
        Map<String, String> details = parseDetails(detailsJson);
        boolean readable = details != null;
        AuditEvent event = new AuditEvent(rows.getLong(1), rows.getObject(2, UUID.class),
                rows.getObject(3, OffsetDateTime.class).toInstant(), ActorType.valueOf(rows.getString(4)),
                rows.getString(5), rows.getString(6), rows.getString(7), rows.getString(8), rows.getString(9),
                AuditOutcome.valueOf(rows.getString(10)), rows.getString(11),
                readable ? details : Map.of("unreadable", detailsJson));
        return new StoredEvent(event, rows.getString(13), rows.getString(14), readable);
    }

    /** The details as written (a flat map of strings), or null when the stored JSON is not of that shape. */
    private Map<String, String> parseDetails(String stored) {
        if (stored == null) {
            return Collections.emptySortedMap();
        }
        try {
            JsonNode node = json.readTree(stored);
            if (!node.isObject()) {
                return null;
            }
            SortedMap<String, String> details = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!field.getValue().isTextual()) {
                    return null;
                }
                details.put(field.getKey(), field.getValue().textValue());
            }
            return Collections.unmodifiableSortedMap(details);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static long decodeSequenceCursor(String cursor) {
        String key = Cursors.decode(cursor, 1)[0];
        try {
            return Long.parseLong(key);
        } catch (NumberFormatException e) {
            throw ProblemException.validation(
                    List.of(new Problem.InvalidParam("cursor", "is not a cursor this API issued", "invalid")));
        }
    }

    private static String likePrefix(String prefix) {
        return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }


    /** A row with its chain fields; {@code detailsReadable} is false when its details were not written by us. */
    private record StoredEvent(AuditEvent event, String previousHash, String hash, boolean detailsReadable) {
    }
}
