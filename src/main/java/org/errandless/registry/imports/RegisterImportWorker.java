package org.errandless.registry.imports;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import org.errandless.audit.AuditActor;
import org.errandless.audit.AuditEntry;
import org.errandless.audit.AuditTrail;
import org.errandless.common.time.BusinessClock;
import org.errandless.registry.PersonsChanged;
import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Applies queued register imports, exactly once across all instances, one at a time.
 *
 * <p>A short transaction <em>claims</em> the oldest QUEUED import (RUNNING, a fresh claim token, the database's
 * clock), under a transaction-scoped advisory lock so two instances never claim at once, and only while no other
 * import is RUNNING. A second transaction <em>applies</em> it ({@link RegisterMerge}): it first takes the import's own
 * advisory lock, which it holds until it ends, then checks the claim token, so an import taken up again elsewhere is
 * never applied twice. The apply is one transaction: an import is in the register whole or not at all.
 *
 * <p>Restart: when an instance dies while applying, its transaction rolls back and its advisory lock goes with its
 * session. The next claim finds the import RUNNING with nobody holding its lock (and claimed longer ago than
 * {@code resume-after}, which covers the moment between claim and apply) and puts it back in the queue: it is
 * <b>resumed</b> from its staged lines, which the rollback left in place. After {@code max-attempts} claims it FAILS
 * ({@code interrupted}), so an import that kills its instance does not do so forever. If PostgreSQL itself crashed,
 * the staging table (unlogged) is empty and the import FAILS ({@code staging-lost}): send it again.
 *
 * <p>No transaction is held across anything but the database.
 */
@ApplicationScoped
public class RegisterImportWorker {

    private static final Logger LOG = Logger.getLogger(RegisterImportWorker.class);

    /** Advisory lock of the claim step ("ERRIMPCL"); no other code may use it. */
    static final long CLAIM_LOCK = 0x4552_5249_4D50_434CL;
    /** First key of the two-key advisory lock an apply holds on its import (the second is a hash of the id). */
    static final int APPLY_LOCK_SPACE = 0x45524950;

    static final String APPLIED = "register.import.applied";
    static final String FAILED = "register.import.failed";

    /** A claimed import: its id and the token that proves the claim is still ours. */
    record Claim(UUID importId, UUID token) {
    }

    @Inject
    AgroalDataSource dataSource;
    @Inject
    RegisterImports imports;
    @Inject
    AuditTrail audit;
    @Inject
    BusinessClock clock;
    @Inject
    RegisterImportConfig config;
    @Inject
    Event<PersonsChanged> personsChanged;

    private final AtomicBoolean draining = new AtomicBoolean();
    private final ExecutorService kicks = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "register-import-worker");
        thread.setDaemon(true);
        return thread;
    });

    @Scheduled(identity = "register-import-work", every = "{errandless.register-import.work-every}",
            delayed = "{errandless.jobs.first-run-after}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        drain();
    }

    /** Starts on queued imports now, on a thread of this worker (unless background work is off). */
    void kick() {
        if ("off".equalsIgnoreCase(config.workEvery().strip())) {
            return;
        }
        try {
            kicks.execute(this::drain);
        } catch (RejectedExecutionException e) {
            // shutting down: the next instance's tick takes it
        }
    }

    @PreDestroy
    void stop() {
        kicks.shutdownNow();
    }

    /**
     * Applies queued imports one after another until none is left or another instance is busy with one; does
     * nothing while this instance already drains on another thread.
     *
     * @return the imports this call finished (SUCCEEDED or FAILED)
     */
    public int drain() {
        if (!draining.compareAndSet(false, true)) {
            return 0;
        }
        try {
            int finished = 0;
            while (runOnce().isPresent()) {
                finished++;
            }
            return finished;
        } catch (RuntimeException e) {
            LOG.errorf(e, "Register import worker: could not claim or apply an import; retrying on the next tick");
            return 0;
        } finally {
            draining.set(false);
        }
    }

    /** Claims one import and applies it; empty when there was nothing to claim. */
    Optional<UUID> runOnce() {
        if (QuarkusTransaction.isActive()) {
            throw new IllegalStateException("Register imports are applied outside any transaction");
        }
        Optional<Claim> claim = QuarkusTransaction.requiringNew().call(this::claim);
        claim.ifPresent(this::apply);
        return claim.map(Claim::importId);
    }

    /** The claim transaction (see the class comment). */
    Optional<Claim> claim() {
        EntityManager em = imports.getEntityManager();
        boolean locked = (Boolean) em.createNativeQuery("select pg_try_advisory_xact_lock(?1)")
                .setParameter(1, CLAIM_LOCK).getSingleResult();
        if (!locked) {
            return Optional.empty();
        }
        Instant databaseNow = instant(em.createNativeQuery("select statement_timestamp()").getSingleResult());
        @SuppressWarnings("unchecked")
        List<UUID> running = em.createNativeQuery("select id from register_import where state = 'RUNNING'"
                + " order by seq").getResultList();
        int live = 0;
        for (UUID id : running) {
            RegisterImport found = imports.findById(id, LockModeType.PESSIMISTIC_WRITE);
            boolean recent = found.claimedAt() != null
                    && found.claimedAt().isAfter(databaseNow.minus(config.resumeAfter()));
            boolean applying = !(Boolean) em.createNativeQuery("select pg_try_advisory_xact_lock(?1, hashtext(?2))")
                    .setParameter(1, APPLY_LOCK_SPACE).setParameter(2, id.toString()).getSingleResult();
            if (recent || applying) {
                live++;
            } else if (found.attempts() >= config.maxAttempts()) {
                LOG.warnf("Register import %s: its instance stopped while applying it %d times; given up", id,
                        found.attempts());
                found.fail("interrupted", "The instance applying it stopped " + found.attempts()
                        + " times; nothing of it was applied. Send the extract again.", clock.now());
                deleteStaging(em, id);
                audit.record(AuditEntry.failure(AuditActor.system("register-import"), FAILED)
                        .target(RegisterImportService.TARGET, id.toString()).detail("reason", "interrupted"));
            } else {
                LOG.warnf("Register import %s: its instance stopped while applying it; resuming", id);
                found.resume();
            }
        }
        if (live > 0) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        List<UUID> next = em.createNativeQuery("select id from register_import where state = 'QUEUED' order by seq"
                + " limit 1 for update skip locked").getResultList();
        if (next.isEmpty()) {
            return Optional.empty();
        }
        RegisterImport claimed = imports.findById(next.get(0));
        UUID token = UUID.randomUUID();
        claimed.start(token, databaseNow, clock.now());
        return Optional.of(new Claim(claimed.id(), token));
    }

    /** Applies a claimed import in one transaction; on failure records why (or queues it again for a retry). */
    void apply(Claim claim) {
        try {
            QuarkusTransaction.requiringNew()
                    .timeout((int) Math.min(Integer.MAX_VALUE, config.applyTimeout().toSeconds()))
                    .run(() -> applyClaimed(claim));
        } catch (RuntimeException e) {
            boolean transientFailure = isTransient(e);
            LOG.errorf(e, "Register import %s could not be applied%s", claim.importId(),
                    transientFailure ? "; it is queued again" : "");
            try {
                QuarkusTransaction.requiringNew().run(() -> afterFailure(claim, transientFailure));
            } catch (RuntimeException again) {
                // stays RUNNING without an applier: the next claim after resume-after takes it up again
                LOG.errorf(again, "Register import %s: could not record the failure", claim.importId());
            }
        }
    }

    private void applyClaimed(Claim claim) {
        EntityManager em = imports.getEntityManager();
        em.createNativeQuery("select cast(pg_advisory_xact_lock(?1, hashtext(?2)) as text)")
                .setParameter(1, APPLY_LOCK_SPACE).setParameter(2, claim.importId().toString()).getSingleResult();
        RegisterImport found = imports.findById(claim.importId(), LockModeType.PESSIMISTIC_WRITE);
        if (found == null || !found.claimedBy(claim.token())) {
            LOG.infof("Register import %s was taken up by another instance", claim.importId());
            return;
        }
        long staged = ((Number) em.createNativeQuery("select count(*) from register_import_line where import_id = ?1")
                .setParameter(1, claim.importId()).getSingleResult()).longValue();
        if (staged != found.recordsStaged()) {
            LOG.errorf("Register import %s: %d of its %d staged lines are left (PostgreSQL restarted?); failed",
                    claim.importId(), staged, found.recordsStaged());
            deleteStaging(em, claim.importId());
            found.fail("staging-lost", "The staged lines were lost (the database restarted); nothing of it was "
                    + "applied. Send the extract again.", clock.now());
            audit.record(AuditEntry.failure(AuditActor.system("register-import"), FAILED)
                    .target(RegisterImportService.TARGET, claim.importId().toString())
                    .detail("reason", "staging-lost"));
            return;
        }
        long started = System.nanoTime();
        RegisterMerge.Counts counts;
        try (Connection connection = dataSource.getConnection()) {
            counts = new RegisterMerge(connection, claim.importId(), clock.now(), config.workMem()).apply();
        } catch (SQLException e) {
            throw new IllegalStateException("The merge of register import " + claim.importId() + " failed", e);
        }
        // names and ID numbers of persons may have changed: the profiles of their accounts show them
        personsChanged.fire(new PersonsChanged("register-import"));
        found.succeed(counts, clock.now());
        AuditEntry entry = AuditEntry.success(AuditActor.system("register-import"), APPLIED)
                .target(RegisterImportService.TARGET, claim.importId().toString());
        for (var detail : RegisterImportService.countDetails(counts).entrySet()) {
            entry = entry.detail(detail.getKey(), detail.getValue());
        }
        audit.record(entry);
        LOG.infof("Register import %s applied in %d ms: persons %d created, %d updated, %d unchanged; %d lines rejected",
                claim.importId(), (System.nanoTime() - started) / 1_000_000, counts.persons().created(),
                counts.persons().updated(), counts.persons().unchanged(), counts.rejected());
    }

    private void afterFailure(Claim claim, boolean transientFailure) {
        RegisterImport found = imports.findById(claim.importId(), LockModeType.PESSIMISTIC_WRITE);
        if (found == null || !found.claimedBy(claim.token())) {
            return;
        }
        if (transientFailure && found.attempts() < config.maxAttempts()) {
            found.resume();
            return;
        }
        found.fail("apply-failed", "The apply failed; nothing of it was applied. The log names the cause under this "
                + "import's id.", clock.now());
        deleteStaging(imports.getEntityManager(), claim.importId());
        audit.record(AuditEntry.failure(AuditActor.system("register-import"), FAILED)
                .target(RegisterImportService.TARGET, claim.importId().toString()).detail("reason", "apply-failed"));
    }

    private static void deleteStaging(EntityManager em, UUID importId) {
        em.createNativeQuery("delete from register_import_line where import_id = ?1").setParameter(1, importId)
                .executeUpdate();
    }

    private static Instant instant(Object value) {
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant();
        }
        return (Instant) value;
    }

    /** Deadlocks, serialization failures and lost connections: worth another try. */
    static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.equals("40001") || state.equals("40P01") || state.startsWith("08")) {
                    return true;
                }
            }
        }
        return false;
    }
}
