package org.errandless.documents;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
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

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Resumable uploads (tus 1.0.0): creation, the offset, writing chunks, termination, expiry; and the hand-over to
 * {@link DocumentService} when the last byte has arrived.
 *
 * <p>One PATCH writes to an upload at a time. It takes a lease on the upload's row in a short transaction (an
 * {@code UPDATE} that only succeeds while no other lease is live, so the row lock decides between two racing
 * PATCHes and the second gets 409), streams the body to the upload area with no transaction open, and records the
 * new offset together with giving the lease back. Holding a database row lock for the whole transfer instead would
 * keep one pooled connection per running upload, for minutes on a slow phone. Leases run on the database's clock,
 * are renewed while bytes flow, and a lease of a crashed instance ends by itself after
 * {@code errandless.documents.uploads.lease}.
 */
@ApplicationScoped
public class UploadService {

    private static final Logger LOG = Logger.getLogger(UploadService.class);

    @Inject
    DocumentsConfig config;
    @Inject
    DocumentService documents;
    @Inject
    UploadArea area;
    @Inject
    BusinessClock clock;
    @Inject
    EntityManager entityManager;
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
        return QuarkusTransaction.requiringNew().call(() -> {
            documents.lockQuota(ownerId);
            documents.checkQuota(ownerId, length, null);
            ResumableUpload upload = new ResumableUpload();
            upload.id = UUID.randomUUID();
            upload.ownerId = ownerId;
            upload.length = length;
            upload.offset = 0;
            upload.metadata = metadata.raw();
            upload.filename = FileNames.sanitise(metadata.filename());
            upload.kind = metadata.kind();
            upload.createdAt = clock.now().truncatedTo(ChronoUnit.MICROS);
            upload.expiresAt = upload.createdAt.plus(config.uploads().expiry());
            upload.persist();
            return upload.view();
        });
    }

    /**
     * The state of one of the owner's uploads (HEAD).
     *
     * @throws ProblemException 404 unknown or not the owner's, 410 {@code upload-expired}
     */
    public UploadView status(UUID ownerId, UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> live(ownerId, id).view());
    }

    /**
     * Writes a chunk at {@code offset}; finishes the upload into a document when it was the last.
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
        UUID lease = UUID.randomUUID();
        UploadView claimed = QuarkusTransaction.requiringNew().call(() -> {
            ResumableUpload upload = live(ownerId, id);
            if (upload.offset != offset) {
                throw ProblemException.conflict("upload-offset-mismatch", "The upload is at offset " + upload.offset
                        + ", not " + offset + "; resume from the offset HEAD reports");
            }
            if (declaredLength >= 0 && offset + declaredLength > upload.length) {
                throw beyondLength(upload.length);
            }
            if (!claim(id, lease)) {
                throw ProblemException.conflict("upload-offset-mismatch", "Another request is writing to this "
                        + "upload; when it has ended, resume from the offset HEAD reports");
            }
            return upload.view();
        });

        MessageDigest digest = checksum == null ? null : checksum.digest();
        UploadArea.Written written;
        try {
            chunkStarted.fire(new UploadChunkStarted(id, offset));
            written = area.write(id, offset, claimed.length() - offset, body, digest, renewer(id, lease));
        } catch (IOException | RuntimeException e) {
            giveBack(id, lease, offset);
            if (e instanceof ProblemException problem) {
                throw problem;
            }
            throw new IllegalStateException("Could not write to upload " + id, e);
        }
        boolean discard = written.overflow() || (checksum != null
                && (written.interrupted() || !MessageDigest.isEqual(digest.digest(), checksum.expected())));
        long recorded = discard ? offset : offset + written.bytes();
        if (!discard && recorded == claimed.length()) {
            // Every byte is here (even if the connection broke right after the last one). The recorded offset stays
            // where it was until the document exists: if this instance dies while checking, the lease runs out and
            // a client that resumes from HEAD sends the last chunk again, which finishes the upload then.
            if (!renew(id, lease)) {
                deleteQuietly(id);
                throw ProblemException.notFound("upload");
            }
            try {
                UploadView finished = new UploadView(id, claimed.length(), recorded, claimed.metadata(),
                        claimed.expiresAt());
                return new Written(finished, finish(ownerId, id, lease));
            } finally {
                chunkEnded.fire(new UploadChunkEnded(id, recorded, claimed.length(), written.interrupted()));
            }
        }
        if (discard) {
            truncateQuietly(id, offset);
        }
        if (!giveBack(id, lease, recorded)) {
            // terminated (or purged) while the bytes flowed
            deleteQuietly(id);
            throw ProblemException.notFound("upload");
        }
        chunkEnded.fire(new UploadChunkEnded(id, recorded, claimed.length(), written.interrupted()));
        if (written.overflow()) {
            throw beyondLength(claimed.length());
        }
        if (discard && !written.interrupted()) {
            throw new ProblemException(460, "checksum-mismatch", "The chunk's " + checksum.algorithm()
                    + " digest is not the one in Upload-Checksum; it was discarded, the offset is still " + offset);
        }
        if (written.interrupted()) {
            // nobody reads this answer: the client has gone
            throw new ProblemException(400, "malformed-request", "The request body ended early; " + recorded
                    + " bytes are kept");
        }
        return new Written(new UploadView(id, claimed.length(), recorded, claimed.metadata(), claimed.expiresAt()),
                null);
    }

    /**
     * Cancels an upload: row and bytes go (also an expired one).
     *
     * @throws ProblemException 404 unknown or not the owner's
     */
    public void terminate(UUID ownerId, UUID id) {
        QuarkusTransaction.requiringNew().run(() -> {
            ResumableUpload upload = ResumableUpload.findById(id);
            if (upload == null || !upload.ownerId.equals(ownerId)) {
                throw ProblemException.notFound("upload");
            }
            upload.delete();
        });
        deleteQuietly(id);
    }

    @Scheduled(identity = "resumable-upload-purge", every = "{errandless.documents.uploads.purge-every}",
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
            List<UUID> ids = QuarkusTransaction.requiringNew().call(() -> {
                @SuppressWarnings("unchecked")
                List<UUID> batch = entityManager.createNativeQuery("""
                        select id from resumable_upload
                        where expires_at <= :now and (lease_token is null or lease_until < clock_timestamp())
                        order by expires_at limit 100 for update skip locked""", UUID.class)
                        .setParameter("now", now).getResultList();
                if (!batch.isEmpty()) {
                    entityManager.createNativeQuery("delete from resumable_upload where id in (:ids)")
                            .setParameter("ids", batch).executeUpdate();
                }
                return batch;
            });
            ids.forEach(this::deleteQuietly);
            purged += ids.size();
            if (ids.size() < 100) {
                break;
            }
        }
        if (purged > 0) {
            LOG.infof("Purged %d expired resumable uploads", purged);
        }
        return purged;
    }

    private DocumentView finish(UUID ownerId, UUID id, UUID lease) {
        ResumableUpload upload = QuarkusTransaction.requiringNew().call(() -> ResumableUpload.findById(id));
        if (upload == null) {
            deleteQuietly(id);
            throw ProblemException.notFound("upload");
        }
        try {
            DocumentView document = documents.finishUpload(id, ownerId,
                    new DocumentService.Upload(area.path(id), upload.filename, upload.kind), () -> {
                        int deleted = entityManager.createNativeQuery(
                                "delete from resumable_upload where id = :id and lease_token = :lease")
                                .setParameter("id", id).setParameter("lease", lease).executeUpdate();
                        if (deleted != 1) {
                            throw ProblemException.notFound("upload");
                        }
                    });
            deleteQuietly(id);
            return document;
        } catch (RuntimeException | Error e) {
            // a failed check leaves neither a document nor the upload: the client starts afresh with another file
            QuarkusTransaction.requiringNew().run(() -> entityManager
                    .createNativeQuery("delete from resumable_upload where id = :id")
                    .setParameter("id", id).executeUpdate());
            deleteQuietly(id);
            throw e;
        }
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

    private boolean claim(UUID id, UUID lease) {
        return entityManager.createNativeQuery("""
                update resumable_upload set lease_token = :lease,
                       lease_until = clock_timestamp() + make_interval(secs => :seconds)
                where id = :id and (lease_token is null or lease_until < clock_timestamp())""")
                .setParameter("lease", lease).setParameter("seconds", leaseSeconds()).setParameter("id", id)
                .executeUpdate() == 1;
    }

    /** Records the offset and ends the lease; false when the upload is gone. */
    private boolean giveBack(UUID id, UUID lease, long offset) {
        return QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery("""
                update resumable_upload set upload_offset = :offset, lease_token = null, lease_until = null
                where id = :id and lease_token = :lease""")
                .setParameter("offset", offset).setParameter("id", id).setParameter("lease", lease)
                .executeUpdate() == 1);
    }

    /** Extends the lease; false when it is no longer ours. */
    private boolean renew(UUID id, UUID lease) {
        return QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery("""
                update resumable_upload set lease_until = clock_timestamp() + make_interval(secs => :seconds)
                where id = :id and lease_token = :lease""")
                .setParameter("seconds", leaseSeconds()).setParameter("id", id).setParameter("lease", lease)
                .executeUpdate() == 1);
    }

    /** Renews the lease a few times per lease period while bytes flow; a lost lease stops the write. */
    private UploadArea.Progress renewer(UUID id, UUID lease) {
        long every = config.uploads().lease().toNanos() / 3;
        long[] last = { System.nanoTime() };
        return written -> {
            long now = System.nanoTime();
            if (now - last[0] < every) {
                return;
            }
            last[0] = now;
            if (!renew(id, lease)) {
                throw ProblemException.conflict("upload-offset-mismatch", "This upload was taken over or "
                        + "terminated while this request wrote to it");
            }
        };
    }

    private double leaseSeconds() {
        Duration lease = config.uploads().lease();
        return lease.toMillis() / 1000.0;
    }

    private static ProblemException beyondLength(long length) {
        return new ProblemException(413, "document-too-large", "The body would take the upload past its "
                + "Upload-Length of " + length + " bytes; nothing of it was kept");
    }

    private void truncateQuietly(UUID id, long offset) {
        try {
            area.truncate(id, offset);
        } catch (IOException e) {
            // the next write cuts the file back to the recorded offset anyway
            LOG.warnf(e, "Could not cut upload %s back to %d bytes", id, offset);
        }
    }

    private void deleteQuietly(UUID id) {
        try {
            area.delete(id);
        } catch (IOException e) {
            LOG.errorf(e, "Could not remove the bytes of upload %s", id);
        }
    }
}
