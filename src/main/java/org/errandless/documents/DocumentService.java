package org.errandless.documents;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.errandless.audit.AccessEntry;
import org.errandless.audit.AccessLog;
import org.errandless.common.problem.Problem;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.time.BusinessClock;
import org.errandless.common.web.Cursors;
import org.errandless.common.web.Page;
import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Documents: upload (checks, store, scan, row), reads by the owner or by staff the access policy allows, deletion.
 *
 * <p>A document is never half there. The bytes are stored first (hashing as they are copied; a multipart part is moved
 * into the store, a finished resumable upload is committed where it already is), then scanned, then the row is
 * inserted in its own transaction together with the authoritative quota check; whatever fails after the bytes were
 * stored removes them again (and what a crash leaves is swept, {@link ContentSweep}). A document exists for the API
 * only through its row. No transaction is open and no pooled connection held while the store or the scanner (clamd)
 * works. A full store is 507 {@code insufficient-storage}, a failing one 503 {@code storage-unavailable}.
 */
@ApplicationScoped
public class DocumentService {

    private static final Logger LOG = Logger.getLogger(DocumentService.class);

    @Inject
    DocumentsConfig config;
    @Inject
    DocumentInspector inspector;
    @Inject
    ContentStore store;
    @Inject
    DocumentScanner scanner;
    @Inject
    DocumentAccessPolicy accessPolicy;
    @Inject
    DocumentUsage usage;
    @Inject
    AccessLog accessLog;
    @Inject
    BusinessClock clock;
    @Inject
    EntityManager entityManager;
    @Inject
    AgroalDataSource dataSource;

    /** A file as the HTTP layer left it on disk (a multipart part). */
    public record Upload(Path file, String filename, String kind) {
    }

    /**
     * A resumable upload whose last byte has arrived: what the streaming already learnt ({@code sha256} and
     * {@code head}, each null where it could not be kept, e.g. after a broken connection) and how its bytes become
     * the document's content in the store ({@code commit}).
     */
    record Finished(String filename, String kind, long size, String sha256, byte[] head, StoreCommit commit) {
    }

    /** Makes the upload's bytes the document's content in the store. */
    interface StoreCommit {
        void run() throws IOException;
    }

    /** Who reads a document: its owner (a citizen account) or a staff member. */
    public sealed interface Reader permits Owner, Staff {
    }

    /** A citizen reading their own documents. */
    public record Owner(UUID accountId) implements Reader {
    }

    /** A staff member; the access policy decides. */
    public record Staff(DocumentAccessPolicy.StaffReader reader) implements Reader {
    }

    /**
     * Turns an uploaded file into a document of the owner. The file is moved into the store where it can be (same
     * filesystem), so its bytes are not written twice.
     *
     * @throws ProblemException 413 {@code document-too-large}, 415 {@code document-type-not-allowed},
     *         422 {@code image-too-large}, {@code document-quota-exceeded}, {@code document-infected},
     *         503 {@code scan-unavailable}, {@code storage-unavailable}, 507 {@code insufficient-storage}
     */
    public DocumentView upload(UUID ownerId, Upload upload) {
        UUID id = UUID.randomUUID();
        try {
            long size = Files.size(upload.file());
            checkSize(size);
            DocumentInspector.Inspection inspection = inspector.inspect(upload.file(), config.maxPixels());
            // cheap early refusal; the check that counts runs again with the row's insert
            QuarkusTransaction.requiringNew().run(() -> checkQuota(ownerId, size, null));
            ContentStore.Stored stored;
            try {
                stored = store.adopt(id, upload.file());
            } catch (IOException e) {
                discard(id);
                throw storeFailed(e);
            }
            return accept(id, ownerId, upload.filename(), upload.kind(), inspection, stored, null);
        } catch (IOException e) {
            throw new IllegalStateException("Could not read an uploaded file", e);
        }
    }

    /**
     * Turns a finished resumable upload into the document with the same id: exactly the checks of the single-shot
     * upload, on the bytes where they already are. One statement removes the upload's row (while the PATCH holds its
     * {@code lease}) and inserts the document's, so the upload and the document never both exist, nor neither once
     * this returned.
     *
     * @throws ProblemException as {@link #upload(UUID, Upload)}, and 404 when the upload's row is gone or no longer
     *         the lease's
     */
    DocumentView finishUpload(UUID id, UUID ownerId, Finished finished, UUID lease) {
        checkSize(finished.size());
        // no quota check: the upload's length has counted against the quota since its creation, and becomes the
        // document's size in the statement that removes the upload's row, so the usage does not change
        try {
            finished.commit().run();
        } catch (IOException e) {
            throw storeFailed(e);
        }
        try {
            long size = finished.size();
            byte[] head = finished.head();
            if (head == null) {
                try (InputStream in = store.open(id, 0, DocumentInspector.HEAD)) {
                    head = in.readNBytes(DocumentInspector.HEAD);
                }
            }
            DocumentInspector.Inspection inspection = inspector.inspect(head, () -> store.open(id, 0, size), size,
                    config.maxPixels());
            String sha256 = finished.sha256();
            if (sha256 == null) {
                // the streaming hash was lost with a broken connection: this once, the stored bytes are read again
                sha256 = hash(id, size);
            }
            return accept(id, ownerId, finished.filename(), finished.kind(), inspection,
                    new ContentStore.Stored(size, sha256), lease);
        } catch (IOException e) {
            discard(id);
            throw storeFailed(e);
        } catch (RuntimeException | Error e) {
            discard(id);
            throw e;
        }
    }

    private String hash(UUID id, long size) throws IOException {
        java.security.MessageDigest sha256 = ResumableSha256.jdk();
        try (InputStream in = store.open(id, 0, size)) {
            byte[] buffer = new byte[FileSystemContentStore.BUFFER];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                sha256.update(buffer, 0, read);
            }
        }
        return java.util.HexFormat.of().formatHex(sha256.digest());
    }

    /**
     * The stored bytes pass the scan and become a row; whatever fails removes them again. {@code lease} is the
     * upload's that this document finishes, or null for a single-shot upload.
     */
    private DocumentView accept(UUID id, UUID ownerId, String filename, String kind,
            DocumentInspector.Inspection inspection, ContentStore.Stored stored, UUID lease) {
        try {
            // no transaction and no pooled connection while clamd reads the file
            DocumentScanner.Verdict verdict = scan(id);
            if (verdict.infected()) {
                LOG.warnf("Refused document upload of account %s: malware %s", ownerId, verdict.signature());
                throw ProblemException.unprocessable("document-infected",
                        "The file contains malware (" + verdict.signature() + ") and was not kept");
            }
            Document document = new Document();
            document.id = id;
            document.ownerId = ownerId;
            document.kind = kind;
            document.filename = FileNames.sanitise(filename);
            document.contentType = inspection.contentType();
            document.size = stored.size();
            document.sha256 = stored.sha256();
            document.width = inspection.width();
            document.height = inspection.height();
            document.scanResult = verdict.result().name();
            document.createdAt = clock.now().truncatedTo(ChronoUnit.MICROS);
            if (lease != null) {
                insertFinished(document, lease);
                return document.view();
            }
            return QuarkusTransaction.requiringNew().call(() -> {
                lockQuota(ownerId);
                checkQuota(ownerId, stored.size(), null);
                document.persist();
                return document.view();
            });
        } catch (RuntimeException | Error e) {
            discard(id);
            throw e;
        }
    }

    private static final String FINISHED = """
            with upload as (delete from resumable_upload where id = ? and lease_token = ? returning id)
            insert into document (id, owner_id, kind, filename, content_type, size_bytes, sha256, width, height,
                                  scan_result, created_at)
            select ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? from upload""";

    /**
     * The upload's row becomes the document's, in one statement on its own (autocommit: one round trip). No quota
     * check: the upload's length has counted against it since its creation and becomes the document's size here.
     */
    private void insertFinished(Document document, UUID lease) {
        int inserted;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(FINISHED)) {
            int i = 0;
            insert.setObject(++i, document.id);
            insert.setObject(++i, lease);
            insert.setObject(++i, document.id);
            insert.setObject(++i, document.ownerId);
            insert.setString(++i, document.kind);
            insert.setString(++i, document.filename);
            insert.setString(++i, document.contentType);
            insert.setLong(++i, document.size);
            insert.setString(++i, document.sha256);
            insert.setObject(++i, document.width, Types.INTEGER);
            insert.setObject(++i, document.height, Types.INTEGER);
            insert.setString(++i, document.scanResult);
            insert.setObject(++i, OffsetDateTime.ofInstant(document.createdAt, ZoneOffset.UTC));
            inserted = insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not store the document of upload " + document.id, e);
        }
        if (inserted != 1) {
            // terminated, purged or taken over while it was checked
            throw ProblemException.notFound("upload");
        }
    }

    private void checkSize(long size) {
        if (size > config.maxSize().asLongValue()) {
            throw tooLarge();
        }
        if (size == 0) {
            throw emptyFile();
        }
    }

    /** A failure of the content store as the client sees it: 507 when it is full, else 503. */
    static ProblemException storeFailed(IOException e) {
        if (e instanceof StorageFullException || StorageFullException.isFull(e)) {
            LOG.errorf(e, "The document store is full");
            return new ProblemException(507, "insufficient-storage", "There is no room to store the file right "
                    + "now; nothing of it was kept. Try again later.");
        }
        LOG.errorf(e, "The document store failed");
        return new ProblemException(503, "storage-unavailable", "The document store is unavailable; nothing of "
                + "the file was kept. Try again in a minute.", List.of(), Map.of("Retry-After", "30"));
    }

    static ProblemException emptyFile() {
        return new ProblemException(415, "document-type-not-allowed", "The file is empty");
    }

    private DocumentScanner.Verdict scan(UUID id) {
        try (InputStream in = new BufferedInputStream(store.open(id, 0, -1))) {
            return scanner.scan(in);
        } catch (IOException e) {
            LOG.errorf(e, "The document scanner gave no verdict on %s", id);
            throw new ProblemException(503, "scan-unavailable",
                    "The virus scanner is unavailable; try again in a few minutes");
        }
    }

    private void discard(UUID id) {
        try {
            store.delete(id);
        } catch (IOException e) {
            LOG.errorf(e, "Could not remove the bytes of document %s after a failed upload; the sweep will", id);
        }
    }

    /** The owner's quota lock, for one parameter: {@link #quotaKey}. */
    static final String QUOTA_LOCK = "select pg_advisory_xact_lock(hashtextextended(?, 0))";

    static String quotaKey(UUID ownerId) {
        return "documents-quota:" + ownerId;
    }

    /** Serialises uploads of one owner, so two concurrent uploads cannot both squeeze under the quota. */
    void lockQuota(UUID ownerId) {
        entityManager.createNativeQuery("select pg_advisory_xact_lock(hashtextextended(:key, 0))")
                .setParameter("key", quotaKey(ownerId)).getSingleResult();
    }

    /**
     * Refuses one more document of {@code size} bytes when it would not fit the owner's quota. Unfinished resumable
     * uploads count as the documents they are going to be (their declared length is on disk soon), so nobody parks
     * more than the quota in the upload area; the upload being finished ({@code finishing}) is not counted twice.
     */
    void checkQuota(UUID ownerId, long size, UUID finishing) {
        Object[] usage = (Object[]) entityManager.createNativeQuery("""
                select (select count(*) from document where owner_id = :owner)
                       + (select count(*) from resumable_upload where owner_id = :owner and id <> :finishing),
                       (select coalesce(sum(size_bytes), 0) from document where owner_id = :owner)
                       + (select coalesce(sum(upload_length), 0) from resumable_upload
                          where owner_id = :owner and id <> :finishing)""")
                .setParameter("owner", ownerId)
                .setParameter("finishing", finishing == null ? new UUID(0, 0) : finishing).getSingleResult();
        long count = ((Number) usage[0]).longValue();
        long bytes = ((Number) usage[1]).longValue();
        DocumentsConfig.Quota quota = config.quota();
        if (count + 1 > quota.maxCount() || bytes + size > quota.maxBytes().asLongValue()) {
            throw quotaExceeded(count, bytes);
        }
    }

    /** 422 {@code document-quota-exceeded}, for an owner who has {@code count} documents of {@code bytes}. */
    ProblemException quotaExceeded(long count, long bytes) {
        DocumentsConfig.Quota quota = config.quota();
        return ProblemException.unprocessable("document-quota-exceeded", "You may keep at most "
                + quota.maxCount() + " documents of together " + quota.maxBytes().asLongValue()
                + " bytes; you have " + count + " of " + bytes + " bytes (unfinished uploads included). Delete "
                + "some to upload more.");
    }

    static ProblemException tooLarge(long limit) {
        return new ProblemException(413, "document-too-large",
                "A document may have at most " + limit + " bytes");
    }

    private ProblemException tooLarge() {
        return tooLarge(config.maxSize().asLongValue());
    }

    /**
     * A document's metadata for its owner, the citizen it was handed in for (the policy's {@code subjectRead}), or a
     * staff member the policy allows (their read is recorded).
     *
     * @throws ProblemException 404 when there is no such document or the reader may not see it
     */
    @Transactional
    public DocumentView get(Reader reader, UUID id) {
        return readable(reader, id).view();
    }

    /**
     * Opens a document's bytes from an offset. Only after {@link #get} authorised the reader for this id; the caller
     * closes the stream.
     */
    public InputStream bytes(UUID id, long offset, long length) {
        try {
            return store.open(id, offset, length);
        } catch (IOException e) {
            throw new IllegalStateException("The bytes of document " + id + " are missing from the store", e);
        }
    }

    private Document readable(Reader reader, UUID id) {
        Document document = Document.findById(id);
        if (document == null) {
            throw ProblemException.notFound("document");
        }
        if (reader instanceof Owner owner) {
            if (!document.ownerId.equals(owner.accountId()) && !accessPolicy.subjectRead(owner.accountId(),
                    new DocumentAccessPolicy.DocumentRef(document.id, document.ownerId, document.kind))) {
                throw ProblemException.notFound("document");
            }
            return document;
        }
        DocumentAccessPolicy.StaffReader staff = ((Staff) reader).reader();
        Optional<DocumentAccessPolicy.Grant> grant = accessPolicy.staffRead(staff,
                new DocumentAccessPolicy.DocumentRef(document.id, document.ownerId, document.kind));
        if (grant.isEmpty()) {
            throw ProblemException.notFound("document");
        }
        accessLog.record(AccessEntry.byStaff(grant.get().personId(), staff.staffId(), grant.get().accessorLabel(),
                "document", grant.get().purpose()));
        return document;
    }

    /**
     * Deletes an owner's document unless a submitted application uses it. The in-use check locks what uses the
     * document and the applications release it in the same transaction ({@link DocumentUsage}), so a submission
     * racing the delete either wins (409 here) or loses (it finds the document gone); anything still pointing at the
     * row makes the delete fail with 409 rather than cascade.
     *
     * @throws ProblemException 404 not the owner's, 409 {@code document-in-use}
     */
    public void delete(UUID ownerId, UUID id) {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                Document document = Document.findById(id);
                if (document == null || !document.ownerId.equals(ownerId)) {
                    throw ProblemException.notFound("document");
                }
                if (usage.inUse(id)) {
                    throw inUse();
                }
                usage.release(id);
                document.delete();
                entityManager.flush();
            });
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof ProblemException problem) {
                    throw problem;
                }
                if (cause instanceof org.hibernate.exception.ConstraintViolationException) {
                    // attached to an application between the check and the delete
                    throw inUse();
                }
            }
            throw e;
        }
        // the row is gone, so nobody can reach the bytes any more; remove them after the commit
        discard(id);
    }

    private static ProblemException inUse() {
        return ProblemException.conflict("document-in-use",
                "A submitted application uses this document; it can be deleted once that is decided");
    }

    /**
     * The owner's documents (metadata only), oldest first, in cursor pages: for the citizen's export of their own
     * data. Nobody else's documents are ever read, and no access is recorded (the owner reads their own).
     *
     * @throws ProblemException 400 {@code validation-failed} for a foreign cursor or a limit outside 1..100
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<DocumentView> owned(UUID ownerId, String cursor, Integer limit) {
        int size = Cursors.limit(limit);
        Instant at = null;
        UUID after = null;
        if (cursor != null) {
            String[] keys = Cursors.decode(cursor, 2);
            try {
                at = Instant.EPOCH.plus(Long.parseLong(keys[0]), ChronoUnit.MICROS);
                after = UUID.fromString(keys[1]);
            } catch (RuntimeException e) {
                throw ProblemException.validation(
                        List.of(new Problem.InvalidParam("cursor", "is not a cursor this API issued", "invalid")));
            }
        }
        var query = entityManager.createQuery("select d from Document d where d.ownerId = :owner"
                + (at == null ? "" : " and (d.createdAt > :at or (d.createdAt = :at and d.id > :after))")
                + " order by d.createdAt, d.id", Document.class).setParameter("owner", ownerId);
        if (at != null) {
            query.setParameter("at", at).setParameter("after", after);
        }
        List<Document> found = query.setMaxResults(size + 1).getResultList();
        List<DocumentView> items = found.stream().limit(size).map(Document::view).toList();
        if (found.size() <= size) {
            return Page.last(items);
        }
        Document last = found.get(size - 1);
        return new Page<>(items, Cursors.encode(
                Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, last.createdAt)), last.id.toString()));
    }
}
