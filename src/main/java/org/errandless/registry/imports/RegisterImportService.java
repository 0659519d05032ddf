package org.errandless.registry.imports;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.errandless.audit.AuditActor;
import org.errandless.audit.AuditEntry;
import org.errandless.audit.AuditTrail;
import org.errandless.common.crypto.PersonalDataProtector;
import org.errandless.common.problem.Problem;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.time.BusinessClock;
import org.errandless.common.web.Cursors;
import org.errandless.common.web.Page;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Receives register extracts and answers what became of them.
 *
 * <p>{@link #receive} streams the body line by line: each line is read with bounded memory, checked on its own
 * ({@link ImportRecords}), its ID and mobile numbers encrypted and blind-indexed (on a few threads,
 * {@link StagingPipeline}), and written with PostgreSQL's
 * {@code COPY} (pgjdbc's {@code CopyManager} on the pooled connection, unwrapped) into the staging table; the import
 * row (QUEUED) and its audit record join that same transaction, so an extract is staged whole or not at all (a broken
 * upload, a body over the limit, an empty one leave nothing). The rules across lines and the upserts run later, in
 * the background ({@link RegisterImportWorker}).
 *
 * <p>The connection is held while the client sends the body: the body is the only source of the rows, and COPY takes
 * them as fast as they come. The read timeout of the HTTP layer ends a stalled upload (and its transaction).
 */
@ApplicationScoped
public class RegisterImportService {

    private static final Logger LOG = Logger.getLogger(RegisterImportService.class);

    static final String TARGET = "register-import";
    static final String RECEIVED = "register.import.received";

    @Inject
    AgroalDataSource dataSource;
    @Inject
    RegisterImports imports;
    @Inject
    PersonalDataProtector protector;
    @Inject
    AuditTrail audit;
    @Inject
    BusinessClock clock;
    @Inject
    RegisterImportConfig config;
    @Inject
    RegisterImportWorker worker;

    private int parallelism;
    private ExecutorService workers;

    @PostConstruct
    void startWorkers() {
        parallelism = config.parallelism() > 0 ? config.parallelism()
                : Math.min(4, Runtime.getRuntime().availableProcessors());
        AtomicInteger threads = new AtomicInteger();
        workers = Executors.newFixedThreadPool(parallelism, task -> {
            Thread thread = new Thread(task, "register-import-staging-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @PreDestroy
    void stopWorkers() {
        workers.shutdownNow();
    }

    /**
     * Stages an extract and queues it; the worker of this instance starts on it at once (unless background work is
     * off).
     *
     * @param body the JSON Lines, read to its end
     * @param requestedBy the admin's staff id, or null from the command line
     * @throws ProblemException 413 {@code payload-too-large} over {@code errandless.register-import.max-size}, 400
     *         {@code malformed-request} for a body without records or one that broke off
     */
    public RegisterImportView receive(InputStream body, RegisterImportSource source, String requestedBy,
            AuditActor actor) {
        UUID id = UUID.randomUUID();
        RegisterImportView view = QuarkusTransaction.requiringNew()
                .timeout((int) Math.min(Integer.MAX_VALUE, config.receiveTimeout().toSeconds()))
                .call(() -> stage(id, body == null ? InputStream.nullInputStream() : body, source, requestedBy,
                        actor));
        worker.kick();
        return view;
    }

    private RegisterImportView stage(UUID id, InputStream body, RegisterImportSource source, String requestedBy,
            AuditActor actor) {
        long started = System.nanoTime();
        MeasuredInput input = new MeasuredInput(body, config.maxSize().asLongValue());
        ImportLines lines = new ImportLines(input, (int) config.maxLineLength().asLongValue());
        long records;
        long rejected;
        try (Connection connection = dataSource.getConnection()) {
            CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(StagingRows.COPY);
            try {
                StagingPipeline.Totals totals = new StagingPipeline(workers, parallelism, id, protector, clock.today(),
                        config.maxLineLength().asLongValue()).run(lines, copy::writeToCopy);
                copy.endCopy();
                records = totals.rows();
                rejected = totals.rejected();
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            }
        } catch (IOException e) {
            // the client broke off or the stream failed: nothing is kept (the transaction rolls back)
            LOG.infof("Register import %s: the body could not be read to its end (%s)", id, e.getClass().getSimpleName());
            throw new ProblemException(400, "malformed-request", "The body could not be read to its end");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not stage register import " + id, e);
        }
        if (records == 0) {
            throw new ProblemException(400, "malformed-request",
                    "The body holds no records: send the register extract as JSON Lines, one record per line");
        }
        RegisterImport created = RegisterImport.received(id, source, requestedBy, input.sha256(), input.count(),
                lines.number(), records, clock.now());
        imports.persist(created);
        audit.record(AuditEntry.success(actor, RECEIVED).target(TARGET, id.toString())
                .detail("source", source.name()).detail("bytes", Long.toString(input.count()))
                .detail("lines", Long.toString(lines.number())).detail("rejectedOnReceipt", Long.toString(rejected))
                .detail("sha256", input.sha256()));
        LOG.infof("Register import %s received in %d ms: %d lines, %d records, %d rejected on receipt", id,
                (System.nanoTime() - started) / 1_000_000, lines.number(), records, rejected);
        return created.view();
    }

    /** One import; 404 when there is none with this id. */
    @Transactional
    public RegisterImportView get(UUID id) {
        return imports.findByIdOptional(id).map(RegisterImport::view)
                .orElseThrow(() -> ProblemException.notFound("Register import"));
    }

    /** Imports, newest first, in cursor pages. */
    @Transactional
    public Page<RegisterImportView> list(String cursor, Integer limit) {
        int size = Cursors.limit(limit);
        Long before = null;
        if (cursor != null && !cursor.isBlank()) {
            String[] keys = Cursors.decode(cursor, 1);
            try {
                before = Long.parseLong(keys[0]);
            } catch (NumberFormatException e) {
                throw ProblemException.validation(List.of(new Problem.InvalidParam("cursor",
                        "is not a cursor this API issued", "invalid")));
            }
        }
        List<RegisterImport> page = imports.page(before, size + 1);
        List<RegisterImportView> items = page.stream().limit(size).map(RegisterImport::view).toList();
        String next = page.size() > size ? Cursors.encode(Long.toString(page.get(size - 1).seq())) : null;
        return new Page<>(items, next);
    }

    /** A rejected line of an import's report. */
    public record Rejection(long line, String code, String reason) {
    }

    /**
     * Checks that the report of an import can be read: 404 for an unknown import, 409
     * {@code register-import-not-applied} while it is QUEUED or RUNNING, or when it FAILED (then nothing was applied
     * and there is no report).
     */
    @Transactional
    public void requireReport(UUID id) {
        RegisterImport found = imports.findByIdOptional(id)
                .orElseThrow(() -> ProblemException.notFound("Register import"));
        if (found.state() != RegisterImportState.SUCCEEDED) {
            throw ProblemException.conflict("register-import-not-applied", "The import is " + found.state()
                    + ": the report of rejected lines exists once it SUCCEEDED");
        }
    }

    /** Rejected lines after {@code afterLine}, in line order, at most {@code limit}. */
    @Transactional
    public List<Rejection> rejections(UUID id, long afterLine, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = imports.getEntityManager().createNativeQuery("select line_number, code, detail"
                + " from register_import_rejection where import_id = ?1 and line_number > ?2 order by line_number")
                .setParameter(1, id).setParameter(2, afterLine).setMaxResults(limit).getResultList();
        List<Rejection> rejections = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            rejections.add(new Rejection(((Number) row[0]).longValue(), (String) row[1], (String) row[2]));
        }
        return rejections;
    }

    /** Audit detail keys and values of a finished import (no personal data: counts only). */
    static Map<String, String> countDetails(RegisterMerge.Counts counts) {
        return Map.of("stationsCreated", Long.toString(counts.stations().created()),
                "stationsUpdated", Long.toString(counts.stations().updated()),
                "householdsCreated", Long.toString(counts.households().created()),
                "householdsUpdated", Long.toString(counts.households().updated()),
                "personsCreated", Long.toString(counts.persons().created()),
                "personsUpdated", Long.toString(counts.persons().updated()),
                "unchanged", Long.toString(counts.stations().unchanged() + counts.households().unchanged()
                        + counts.persons().unchanged()),
                "rejected", Long.toString(counts.rejected()));
    }

    /** Counts the bytes, hashes them (SHA-256) and refuses more than the limit: 413 {@code payload-too-large}. */
    static final class MeasuredInput extends InputStream {

        private final InputStream in;
        private final long limit;
        private final MessageDigest digest;
        private long count;

        MeasuredInput(InputStream in, long limit) {
            this.in = in;
            this.limit = limit;
            try {
                this.digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            int read = in.read(bytes, offset, length);
            if (read > 0) {
                count += read;
                if (count > limit) {
                    throw new ProblemException(413, "payload-too-large",
                            "The extract is larger than " + limit + " bytes (errandless.register-import.max-size)");
                }
                digest.update(bytes, offset, read);
            }
            return read;
        }

        long count() {
            return count;
        }

        String sha256() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }
}
