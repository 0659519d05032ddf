package org.errandless.documents;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.errandless.common.problem.ProblemException;
import org.errandless.common.time.BusinessClock;
import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Resumable uploads (tus 1.0.0): creation, the offset, writing chunks, termination, expiry; and the hand-over to
 * {@link DocumentService} when the last byte has arrived.
 *
 * <p>One PATCH writes to an upload at a time. It takes a lease on the upload's row with one conditional
 * {@code UPDATE} on its own (owner, offset, expiry, length and a free lease in its {@code WHERE}; it only succeeds
 * while no other lease is live, so the row lock decides between two racing PATCHes and the second gets 409; only
 * when it matches no row does a read find out which answer to give), streams the body into the content store with
 * no transaction and no connection held, and records the new offset together with giving the lease back, again in
 * one statement. A PATCH that finishes the upload gives the lease back with the statement that turns the upload's row
 * into the document's. A creation is the owner's quota lock and one insert that counts the usage first, sent in one
 * round trip that PostgreSQL runs as one short transaction. Holding a database row lock for the whole transfer instead
 * would keep one pooled connection per running upload, for minutes on a slow phone. Leases run on the database's
 * clock, are renewed while bytes flow, and a lease of a crashed instance ends by itself after
 * {@code errandless.documents.uploads.lease}.
 *
 * <p>Bytes are written once: into the store's own temporary place, which becomes the document's content when the
 * last byte has arrived. While they stream, the file's SHA-256 (resumable across requests and instances: its state is
 * on the row, {@link ResumableSha256}), the chunk's {@code Upload-Checksum} and the first bytes for the type
 * detection are computed, so nothing reads the file again (except, once, after a connection broke during a
 * one-request upload, whose faster hash cannot be saved). Everything needed to go on is on the row, so any instance
 * continues any upload; stores that write in parts record their progress as it becomes durable. The file store takes
 * the bytes pushed to it as they arrive, queued by the HTTP layer's I/O thread and written in order by an upload
 * writer thread ({@link Transfer}, {@link PushedChunk}); other stores read them as a stream on a worker.
 */
@ApplicationScoped
public class UploadService {

    private static final Logger LOG = Logger.getLogger(UploadService.class);

    @Inject
    DocumentsConfig config;
    @Inject
    DocumentService documents;
    @Inject
    ContentStore store;
    @Inject
    BusinessClock clock;
    @Inject
    EntityManager entityManager;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    Event<UploadChunkStarted> chunkStarted;
    @Inject
    Event<UploadChunkEnded> chunkEnded;

    /** What a PATCH (or a creation with data) left: the upload's state, and the document once it is finished. */
    public record Written(UploadView upload, DocumentView document) {
    }

    /**
     * Creates an upload of {@code length} bytes, reserving that much of the owner's quota.
     *
     * @throws ProblemException 413 {@code document-too-large}, 415 {@code document-type-not-allowed} (empty),
     *         422 {@code document-quota-exceeded}
     */
    public UploadView create(UUID ownerId, long length, TusProtocol.Metadata metadata) {
        long max = config.maxSize().asLongValue();
        if (length > max) {
            throw DocumentService.tooLarge(max);
        }
        if (length == 0) {
            throw DocumentService.emptyFile();
        }
        UUID id = UUID.randomUUID();
        String filename = FileNames.sanitise(metadata.filename());
        Instant createdAt = clock.now().truncatedTo(ChronoUnit.MICROS);
        Instant expiresAt = createdAt.plus(config.uploads().expiry());
        DocumentsConfig.Quota quota = config.quota();
        long[] usage;
        // the owner's quota lock first, so the usage the insert counts is read after every upload or document that
        // held it before has committed (each statement reads what has committed when it starts). Both statements go
        // in one message with one sync: PostgreSQL runs them as one implicit transaction (the lock is held until it
        // ends, a failure rolls both back), and the creation is one round trip instead of lock, insert, commit
        try (Connection connection = dataSource.getConnection();
                PreparedStatement create = connection.prepareStatement(CREATE)) {
            int i = 0;
            create.setString(++i, DocumentService.quotaKey(ownerId));
            for (int owner = 0; owner < 4; owner++) {
                create.setObject(++i, ownerId);
            }
            create.setObject(++i, id);
            create.setObject(++i, ownerId);
            create.setLong(++i, length);
            create.setString(++i, metadata.raw());
            create.setString(++i, filename);
            create.setString(++i, metadata.kind());
            create.setObject(++i, OffsetDateTime.ofInstant(createdAt, ZoneOffset.UTC));
            create.setObject(++i, OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC));
            create.setLong(++i, quota.maxCount());
            create.setLong(++i, length);
            create.setLong(++i, quota.maxBytes().asLongValue());
            // the lock's result, then the insert's
            create.execute();
            if (!create.getMoreResults()) {
                throw new IllegalStateException("The creation of an upload returned no usage");
            }
            try (ResultSet row = create.getResultSet()) {
                row.next();
                usage = new long[] { row.getLong(1), row.getLong(2), row.getBoolean(3) ? 1 : 0 };
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create an upload", e);
        }
        if (usage[2] == 0) {
            throw documents.quotaExceeded(usage[0], usage[1]);
        }
        return new UploadView(id, length, 0, metadata.raw(), expiresAt);
    }

    /**
     * The creation: the owner's quota lock, then, in a second statement of the same message (PostgreSQL's driver
     * sends both with one sync, so they run in one implicit transaction), the owner's usage (documents and
     * unfinished uploads) and the new row only when one more of this length fits.
     */
    private static final String CREATE = DocumentService.QUOTA_LOCK + """
            ;
            with usage as (
                select (select count(*) from document where owner_id = ?)
                       + (select count(*) from resumable_upload where owner_id = ?) as documents,
                       (select coalesce(sum(size_bytes), 0) from document where owner_id = ?)
                       + (select coalesce(sum(upload_length), 0) from resumable_upload where owner_id = ?) as bytes
            ), created as (
                insert into resumable_upload (id, owner_id, upload_length, upload_offset, metadata, filename, kind,
                                              created_at, expires_at)
                select ?, ?, ?, 0, ?, ?, ?, ?, ? from usage where documents + 1 <= ? and bytes + ? <= ?
                returning id
            )
            select documents, bytes, exists (select 1 from created) from usage""";

    /**
     * The state of one of the owner's uploads (HEAD).
     *
     * @throws ProblemException 404 unknown or not the owner's, 410 {@code upload-expired}
     */
    public UploadView status(UUID ownerId, UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            ResumableUpload upload = ResumableUpload.findById(id);
            if (upload == null) {
                // a finished upload is the owner's document with the same id: its offset is its length, so a client
                // that lost the last 204 learns that it is done instead of starting over
                Document document = Document.findById(id);
                if (document != null && document.ownerId.equals(ownerId)) {
                    return new UploadView(id, document.size, document.size, null, null);
                }
            }
            return live(ownerId, id).view();
        });
    }

    /**
     * Writes a chunk at {@code offset}, read from a stream; finishes the upload into a document when it was the last.
     *
     * @param declaredLength the body's Content-Length, or -1 when it is sent chunked
     * @param checksum the client's Upload-Checksum, or null
     * @throws ProblemException 404, 409 {@code upload-offset-mismatch} (wrong offset, or another PATCH is writing),
     *         410 {@code upload-expired}, 413 {@code document-too-large} (beyond Upload-Length), 460
     *         {@code checksum-mismatch} (chunk discarded, offset unchanged), and when finishing, whatever the
     *         document checks answer (the upload is gone then)
     */
    public Written write(UUID ownerId, UUID id, long offset, long declaredLength, TusProtocol.Checksum checksum,
            InputStream body) {
        Transfer transfer = begin(ownerId, id, offset, declaredLength, checksum);
        return transfer.append(body, declaredLength);
    }

    /**
     * Takes the lease on an upload for a PATCH at {@code offset} (a blocking step: one statement): the bytes follow
     * through the returned {@link Transfer}, which ends with {@link Transfer#end} (or {@link Transfer#append}).
     *
     * @throws ProblemException as {@link #write}, before a byte is read
     */
    public Transfer begin(UUID ownerId, UUID id, long offset, long declaredLength, TusProtocol.Checksum checksum) {
        UUID lease = UUID.randomUUID();
        Claimed claimed = claim(ownerId, id, lease, offset, declaredLength);
        long length = claimed.length();
        ContentStore.UploadRef before = new ContentStore.UploadRef(id, length, offset, claimed.storeState());
        // with a checksum the chunk counts whole or not at all, so nothing of it is recorded before its end; without
        // one, bytes the store holds durably are recorded as they go (an instance may die mid-chunk)
        Chunk chunk = new Chunk(id, lease, length, offset, claimed.sha256State(),
                checksum == null ? null : checksum.digest(),
                hasher(offset, declaredLength, length, claimed.sha256State()), offset == 0,
                checksum == null && declaredLength >= 0);
        Transfer transfer = new Transfer(ownerId, claimed, lease, before, checksum, chunk);
        try {
            chunkStarted.fire(new UploadChunkStarted(id, offset));
        } catch (RuntimeException e) {
            throw transfer.failed(e);
        }
        return transfer;
    }

    /**
     * One PATCH that holds its upload's lease: its bytes go into the store either read from a stream on this thread
     * ({@link #append}) or pushed as they arrive ({@link #openSink}, {@link #bytes}, {@link #end}, with
     * {@link #renew} whenever {@link #renewalDue}), then {@link #end} records or finishes the upload. Used by one
     * thread at a time.
     */
    public final class Transfer {
        private final UUID ownerId;
        private final Claimed claimed;
        private final UUID lease;
        private final ContentStore.UploadRef before;
        private final TusProtocol.Checksum checksum;
        private final Chunk chunk;

        private Transfer(UUID ownerId, Claimed claimed, UUID lease, ContentStore.UploadRef before,
                TusProtocol.Checksum checksum, Chunk chunk) {
            this.ownerId = ownerId;
            this.claimed = claimed;
            this.lease = lease;
            this.before = before;
            this.checksum = checksum;
            this.chunk = chunk;
        }

        /** The upload's id. */
        public UUID id() {
            return before.id();
        }

        /** How many bytes this PATCH may still add: the rest of the upload's length. */
        public long limit() {
            return claimed.length() - before.offset();
        }

        /** Reads the body from a stream into the store, then {@link #end}s. */
        public Written append(InputStream body, long declaredLength) {
            ContentStore.Appended appended;
            try {
                appended = store.append(before, body, declaredLength, limit(), chunk);
            } catch (IOException | RuntimeException e) {
                throw failed(e);
            }
            return end(appended);
        }

        /**
         * Opens the store for bytes pushed to it, or null when it reads bodies as streams only ({@link #append}
         * then).
         *
         * @throws ProblemException when the store cannot take them (the lease is given back)
         */
        public ContentStore.UploadSink openSink() {
            try {
                return store.openSink(before);
            } catch (IOException | RuntimeException e) {
                throw failed(e);
            }
        }

        /** Bytes just written to the sink: the chunk's checksum, the file's hash and its first bytes see them. */
        public void bytes(byte[] buffer, int offset, int count) {
            chunk.seen(buffer, offset, count);
        }

        /** Whether the lease needs {@link #renew}ing before more bytes are taken (for pushed bytes). */
        public boolean renewalDue() {
            return chunk.leaseAge() >= chunk.renewEvery;
        }

        /**
         * Extends the lease (a blocking step: one statement).
         *
         * @throws ProblemException 409 when it was lost: end the transfer with {@link #failed}
         */
        public void renew() {
            chunk.renewNow();
        }

        /**
         * Records what the pushed or streamed bytes left ({@code appended}), or finishes the upload into its document
         * when every byte is there. Blocking.
         */
        public Written end(ContentStore.Appended appended) {
            return UploadService.this.end(this, appended);
        }

        /**
         * Ends a transfer whose bytes could not go on: the store failed (503 or 507; what was written is cut back),
         * held fewer bytes than recorded (409), or the lease was lost (its problem). Gives the lease back with what
         * was recorded; answers what to throw. Blocking.
         */
        public RuntimeException failed(Throwable failure) {
            UUID id = before.id();
            String recordedState = chunk.recordedState(claimed.storeState());
            if (failure instanceof ContentStore.UploadBytesLost lost) {
                // the store holds less than was recorded (a machine crashed before the kernel wrote them out): go on
                // from what is there; the hash is computed again at the end
                LOG.warn(lost.getMessage());
                giveBack(id, lease, Math.min(lost.held(), chunk.recordedOffset), recordedState, null);
                return ProblemException.conflict("upload-offset-mismatch", "Bytes of this upload were lost; resume "
                        + "from the offset HEAD reports");
            }
            if (failure instanceof IOException io) {
                discardQuietly(before);
                giveBack(id, lease, chunk.recordedOffset, recordedState, chunk.recordedHash);
                return DocumentService.storeFailed(io);
            }
            // the lease was lost (another PATCH took over, or the upload was terminated): leave the bytes alone
            giveBack(id, lease, chunk.recordedOffset, recordedState, chunk.recordedHash);
            return failure instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("Upload " + id + " failed", failure);
        }
    }

    private Written end(Transfer transfer, ContentStore.Appended appended) {
        Claimed claimed = transfer.claimed;
        Chunk chunk = transfer.chunk;
        TusProtocol.Checksum checksum = transfer.checksum;
        UUID id = claimed.id();
        UUID lease = transfer.lease;
        long length = claimed.length();
        long offset = transfer.before.offset();
        boolean discard = appended.overflow() || (checksum != null
                && (appended.interrupted() || !MessageDigest.isEqual(chunk.checksum.digest(), checksum.expected())));
        long recorded = discard ? chunk.recordedOffset : offset + appended.bytes();
        String state = discard ? chunk.recordedState(claimed.storeState()) : appended.state();
        if (!discard && recorded == length) {
            // Every byte is here (even if the connection broke right after the last one). The recorded offset stays
            // where it was until the document exists: if this instance dies while checking, the lease runs out and
            // a client that resumes from HEAD sends the last chunk again, which finishes the upload then.
            // the lease must outlast the checks; one taken or extended less than a tenth of a renewal period ago does
            if (chunk.leaseAge() >= chunk.renewEvery / 10 && !renew(id, lease)) {
                abortQuietly(id, state);
                throw ProblemException.notFound("upload");
            }
            try {
                UploadView finished = new UploadView(id, length, recorded, claimed.metadata(), claimed.expiresAt());
                return new Written(finished, finish(transfer.ownerId, claimed, lease, state, chunk));
            } finally {
                chunkEnded.fire(new UploadChunkEnded(id, recorded, length, appended.interrupted()));
            }
        }
        if (discard) {
            discardQuietly(new ContentStore.UploadRef(id, length, recorded, state));
        }
        if (!giveBack(id, lease, recorded, state, discard ? chunk.recordedHash : chunk.hashStateAt(recorded))) {
            // terminated (or purged) while the bytes flowed
            abortQuietly(id, state);
            throw ProblemException.notFound("upload");
        }
        chunkEnded.fire(new UploadChunkEnded(id, recorded, length, appended.interrupted()));
        if (appended.overflow()) {
            throw beyondLength(length);
        }
        if (discard && !appended.interrupted()) {
            throw new ProblemException(460, "checksum-mismatch", "The chunk's " + checksum.algorithm()
                    + " digest is not the one in Upload-Checksum; it was discarded, the offset is still " + recorded);
        }
        if (appended.interrupted()) {
            // nobody reads this answer: the client has gone
            throw new ProblemException(400, "malformed-request", "The request body ended early; " + recorded
                    + " bytes are kept");
        }
        return new Written(new UploadView(id, length, recorded, claimed.metadata(), claimed.expiresAt()), null);
    }

    /**
     * How the whole file is hashed while this chunk streams: the JDK's digest when the whole file comes in this one
     * request (fastest; its state cannot be saved), else the resumable one, from the state the last chunk left.
     * Null when that state was lost: the file is hashed when it is finished.
     */
    private static Hasher hasher(long offset, long declaredLength, long length, byte[] saved) {
        if (offset == 0 && declaredLength == length) {
            return new Hasher(ResumableSha256.jdk(), null);
        }
        if (offset == 0) {
            return new Hasher(null, new ResumableSha256());
        }
        if (saved == null) {
            return null;
        }
        ResumableSha256 restored = ResumableSha256.restore(saved);
        return restored.length() == offset ? new Hasher(null, restored) : null;
    }

    /** One of the two SHA-256 implementations. */
    private record Hasher(MessageDigest jdk, ResumableSha256 resumable) {

        void update(byte[] buffer, int offset, int count) {
            if (jdk != null) {
                jdk.update(buffer, offset, count);
            } else {
                resumable.update(buffer, offset, count);
            }
        }

        byte[] state() {
            return resumable == null ? null : resumable.state();
        }

        String hex() {
            return jdk != null ? java.util.HexFormat.of().formatHex(jdk.digest()) : resumable.hex();
        }
    }

    /**
     * What one PATCH sees of its bytes: the chunk's checksum, the file's hash, its first bytes for the type
     * detection, the lease renewal, and the checkpoints of stores that write in parts.
     */
    private final class Chunk implements ContentStore.UploadListener {
        private final UUID id;
        private final UUID lease;
        private final long length;
        final MessageDigest checksum;
        final Hasher hasher;
        private final boolean durable;
        final long renewEvery = config.uploads().lease().toNanos() / 3;
        private long lastRenewal = System.nanoTime();
        private byte[] head;
        private int headLength;
        private long seen;
        long recordedOffset;
        private String recordedState;
        private boolean stateRecorded;
        byte[] recordedHash;

        Chunk(UUID id, UUID lease, long length, long offset, byte[] savedHash, MessageDigest checksum,
                Hasher hasher, boolean keepHead, boolean durable) {
            this.id = id;
            this.length = length;
            this.lease = lease;
            this.recordedOffset = offset;
            this.seen = offset;
            this.recordedHash = savedHash;
            this.checksum = checksum;
            this.hasher = hasher;
            this.head = keepHead ? new byte[DocumentInspector.HEAD] : null;
            this.durable = durable;
        }

        @Override
        public void bytes(byte[] buffer, int offset, int count) {
            seen(buffer, offset, count);
            if (leaseAge() >= renewEvery) {
                renewNow();
            }
        }

        /** The checksum, the hash and the first bytes see bytes written to the store. */
        void seen(byte[] buffer, int offset, int count) {
            seen += count;
            if (checksum != null) {
                checksum.update(buffer, offset, count);
            }
            if (hasher != null) {
                hasher.update(buffer, offset, count);
            }
            if (head != null && headLength < head.length) {
                int take = Math.min(count, head.length - headLength);
                System.arraycopy(buffer, offset, head, headLength, take);
                headLength += take;
            }
        }

        /** Extends the lease now (one statement), or says that it was lost. */
        void renewNow() {
            lastRenewal = System.nanoTime();
            if (!renew(id, lease)) {
                throw ProblemException.conflict("upload-offset-mismatch", "This upload was taken over or "
                        + "terminated while this request wrote to it");
            }
        }

        @Override
        public void checkpoint(long offset, String state) {
            // the last byte is never recorded before the document exists: if this instance dies while finishing,
            // HEAD must not tell the client that the upload is complete
            if (!durable || offset >= length) {
                return;
            }
            byte[] hash = hashState();
            if (!record(id, lease, offset, state, hash)) {
                throw ProblemException.conflict("upload-offset-mismatch", "This upload was taken over or "
                        + "terminated while this request wrote to it");
            }
            lastRenewal = System.nanoTime();
            recordedOffset = offset;
            recordedState = state;
            stateRecorded = true;
            recordedHash = hash;
        }

        /** Nanoseconds since the lease was taken or last extended. */
        long leaseAge() {
            return System.nanoTime() - lastRenewal;
        }

        byte[] hashState() {
            return hasher == null ? null : hasher.state();
        }

        /**
         * The hash's state at {@code offset}: the hasher's where it has seen exactly that many bytes, else the last
         * checkpoint's (a store that lost the bytes after it), else none.
         */
        byte[] hashStateAt(long offset) {
            if (offset == seen) {
                return hashState();
            }
            return offset == recordedOffset ? recordedHash : null;
        }

        /** The file's hash, when this chunk saw every byte of it from the first. */
        String fileHash(long length) {
            return hasher != null && seen == length ? hasher.hex() : null;
        }

        String recordedState(String before) {
            return stateRecorded ? recordedState : before;
        }

        byte[] head() {
            return head == null ? null : java.util.Arrays.copyOf(head, headLength);
        }
    }

    /**
     * Cancels an upload: row and bytes go (also an expired one).
     *
     * @throws ProblemException 404 unknown or not the owner's
     */
    public void terminate(UUID ownerId, UUID id) {
        String state = QuarkusTransaction.requiringNew().call(() -> {
            ResumableUpload upload = ResumableUpload.findById(id);
            if (upload == null || !upload.ownerId.equals(ownerId)) {
                throw ProblemException.notFound("upload");
            }
            upload.delete();
            return upload.storeState;
        });
        abortQuietly(id, state);
    }

    @Scheduled(identity = "resumable-upload-purge", every = "{errandless.documents.uploads.purge-every}",
            delayed = "{errandless.jobs.first-run-after}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purge() {
        purgeExpired();
    }

    /**
     * Deletes expired uploads, rows and bytes (every instance runs it; rows are claimed with SKIP LOCKED).
     *
     * @return how many were deleted
     */
    public int purgeExpired() {
        Instant now = clock.now();
        int purged = 0;
        while (true) {
            List<Object[]> rows = QuarkusTransaction.requiringNew().call(() -> {
                @SuppressWarnings("unchecked")
                List<Object[]> batch = entityManager.createNativeQuery("""
                        select id, store_state from resumable_upload
                        where expires_at <= :now and (lease_token is null or lease_until < clock_timestamp())
                        order by expires_at limit 100 for update skip locked""")
                        .setParameter("now", now).getResultList();
                if (!batch.isEmpty()) {
                    entityManager.createNativeQuery("delete from resumable_upload where id in (:ids)")
                            .setParameter("ids", batch.stream().map(row -> (UUID) row[0]).toList()).executeUpdate();
                }
                return batch;
            });
            // the rows are gone: nobody can reach these bytes any more, so removing them needs no transaction
            rows.forEach(row -> abortQuietly((UUID) row[0], (String) row[1]));
            purged += rows.size();
            if (rows.size() < 100) {
                break;
            }
        }
        if (purged > 0) {
            LOG.infof("Purged %d expired resumable uploads", purged);
        }
        return purged;
    }

    private DocumentView finish(UUID ownerId, Claimed upload, UUID lease, String state, Chunk chunk) {
        UUID id = upload.id();
        ContentStore.UploadRef complete = new ContentStore.UploadRef(id, upload.length(), upload.length(), state);
        boolean[] committed = { false };
        try {
            DocumentView document = documents.finishUpload(id, ownerId, new DocumentService.Finished(
                    upload.filename(), upload.kind(), upload.length(), chunk.fileHash(upload.length()), chunk.head(),
                    () -> {
                        store.finishUpload(complete);
                        committed[0] = true;
                    }), lease);
            return document;
        } catch (ProblemException e) {
            if (!committed[0] && e.status() >= 500) {
                // the store could not take the finished file now (full, unavailable): the upload stays as it was
                // recorded, and the client sends its last chunk again later
                giveBack(id, lease, chunk.recordedOffset, chunk.recordedState(upload.storeState()),
                        chunk.recordedHash);
                throw e;
            }
            forget(id, state);
            throw e;
        } catch (RuntimeException | Error e) {
            forget(id, state);
            throw e;
        }
    }

    /** A failed check leaves neither a document nor the upload: the client starts afresh with another file. */
    private void forget(UUID id, String state) {
        QuarkusTransaction.requiringNew().run(() -> entityManager
                .createNativeQuery("delete from resumable_upload where id = :id")
                .setParameter("id", id).executeUpdate());
        abortQuietly(id, state);
    }

    /** An upload of the owner's that has not expired, or the problem that says why not. */
    private ResumableUpload live(UUID ownerId, UUID id) {
        ResumableUpload upload = ResumableUpload.findById(id);
        if (upload == null || !upload.ownerId.equals(ownerId)) {
            throw ProblemException.notFound("upload");
        }
        if (upload.expiredAt(clock.now())) {
            throw new ProblemException(410, "upload-expired", "This upload expired at " + upload.expiresAt
                    + " and its bytes are deleted; start a new upload");
        }
        return upload;
    }

    /** What the claim of an upload returns: the row as the PATCH needs it. */
    record Claimed(UUID id, long length, String metadata, String filename, String kind, Instant expiresAt,
            String storeState, byte[] sha256State) {
    }

    private static final String CLAIM = """
            update resumable_upload set lease_token = ?, lease_until = clock_timestamp() + make_interval(secs => ?)
            where id = ? and owner_id = ? and upload_offset = ? and expires_at > ?
              and (lease_token is null or lease_until < clock_timestamp()) and (? < 0 or ? + ? <= upload_length)
            returning upload_length, metadata, filename, kind, expires_at, store_state, sha256_state""";

    /**
     * Takes the lease on one of the owner's live uploads at {@code offset}: one conditional {@code UPDATE} in its own
     * statement (no transaction around it, no connection kept). When it finds no row, a read says why: 404, 410, 409
     * (another offset), 413 (beyond the length), or 409 (another request is writing).
     */
    private Claimed claim(UUID ownerId, UUID id, UUID lease, long offset, long declaredLength) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement claim = connection.prepareStatement(CLAIM)) {
            claim.setObject(1, lease);
            claim.setDouble(2, leaseSeconds());
            claim.setObject(3, id);
            claim.setObject(4, ownerId);
            claim.setLong(5, offset);
            claim.setObject(6, OffsetDateTime.ofInstant(clock.now(), ZoneOffset.UTC));
            claim.setLong(7, declaredLength);
            claim.setLong(8, offset);
            claim.setLong(9, declaredLength);
            try (ResultSet row = claim.executeQuery()) {
                if (row.next()) {
                    return new Claimed(id, row.getLong(1), row.getString(2), row.getString(3), row.getString(4),
                            row.getObject(5, OffsetDateTime.class).toInstant(), row.getString(6), row.getBytes(7));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not take the lease on upload " + id, e);
        }
        throw QuarkusTransaction.requiringNew().call(() -> {
            ResumableUpload upload = live(ownerId, id);
            if (upload.offset != offset) {
                return ProblemException.conflict("upload-offset-mismatch", "The upload is at offset " + upload.offset
                        + ", not " + offset + "; resume from the offset HEAD reports");
            }
            if (declaredLength >= 0 && offset + declaredLength > upload.length) {
                return beyondLength(upload.length);
            }
            return ProblemException.conflict("upload-offset-mismatch", "Another request is writing to this "
                    + "upload; when it has ended, resume from the offset HEAD reports");
        });
    }

    /** Records the offset and the store's and hash's state, and ends the lease; false when the upload is gone. */
    private boolean giveBack(UUID id, UUID lease, long offset, String state, byte[] hash) {
        return update("""
                update resumable_upload set upload_offset = ?, store_state = ?, sha256_state = ?,
                       lease_token = null, lease_until = null
                where id = ? and lease_token = ?""", id, offset, state, hash, id, lease);
    }

    /** Records progress mid-chunk and extends the lease; false when the lease is no longer ours. */
    private boolean record(UUID id, UUID lease, long offset, String state, byte[] hash) {
        return update("""
                update resumable_upload set upload_offset = ?, store_state = ?, sha256_state = ?,
                       lease_until = clock_timestamp() + make_interval(secs => ?)
                where id = ? and lease_token = ?""", id, offset, state, hash, leaseSeconds(), id, lease);
    }

    /** Extends the lease; false when it is no longer ours. */
    private boolean renew(UUID id, UUID lease) {
        return update("""
                update resumable_upload set lease_until = clock_timestamp() + make_interval(secs => ?)
                where id = ? and lease_token = ?""", id, leaseSeconds(), id, lease);
    }

    /**
     * One statement on its own (autocommit: one round trip, no transaction), for the lease's bookkeeping, which
     * touches one row and needs nothing else to be atomic with it. True when it changed a row.
     */
    private boolean update(String sql, UUID id, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                update.setObject(i + 1, parameters[i]);
            }
            return update.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not update upload " + id, e);
        }
    }

    private double leaseSeconds() {
        Duration lease = config.uploads().lease();
        return lease.toMillis() / 1000.0;
    }

    private static ProblemException beyondLength(long length) {
        return new ProblemException(413, "document-too-large", "The body would take the upload past its "
                + "Upload-Length of " + length + " bytes; nothing of it was kept");
    }

    private void discardQuietly(ContentStore.UploadRef upload) {
        try {
            store.discardAppended(upload);
        } catch (IOException e) {
            // the next write cuts back to the recorded offset anyway
            LOG.warnf(e, "Could not cut upload %s back to %d bytes", upload.id(), upload.offset());
        }
    }

    private void abortQuietly(UUID id, String state) {
        try {
            store.abortUpload(id, state);
        } catch (IOException e) {
            LOG.errorf(e, "Could not remove the bytes of upload %s; the sweep will", id);
        }
    }
}
